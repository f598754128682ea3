using System.Diagnostics;
using System.Text;
using InterpLsp.Interp.Directions;
using InterpLsp.Library;
using InterpLsp.Library.Formats;
using InterpLsp.Library.Storage;
using InterpLsp.Tests.Support;
using static InterpLsp.Tests.Library.LibraryTestData;

namespace InterpLsp.Tests.Library;

/// <summary>Import and export of every format against the real model's hook widths (through the engine's checks),
/// and hostile files refused with the reader's error and the library unchanged.</summary>
[Collection(ModelCollection.Name)]
public class LibraryFormatTests(ModelFixture fx)
{
    private IReadOnlyList<string> Import(DirectionLibrary lib, string path, ImportOptions? o = null)
    {
        var engine = Engines.For(fx.Model);
        return LibraryImport.Run(lib, path, o ?? new ImportOptions(), h => fx.Model.GetHook(h).Width, engine.Selection.Hook,
            engine.Selection.ModelId, engine.CheckForActiveModel);
    }

    [Fact]
    public void Npy_2d_imports_one_direction_per_row_or_the_chosen_rows()
    {
        using var tmp = new TempFolder();
        using var lib = DirectionLibrary.Open(tmp.Interp);
        var rows = Enumerable.Range(0, 6).Select(i => Vector(100 + i)).ToList();
        WriteNpy(tmp.File("acts.npy"), rows);
        Assert.Equal(["acts#0", "acts#1", "acts#2", "acts#3", "acts#4", "acts#5"], Import(lib, tmp.File("acts.npy")));
        Assert.Equal(rows[4], lib.Get("acts#4").Vector);
        Assert.Equal(["pick#1", "pick#5"], Import(lib, tmp.File("acts.npy"), new ImportOptions(Rows: [1, 5], Name: "pick", Tags: ["t"])));
        Assert.Equal(rows[5], lib.Get("pick#5").Vector);
        Assert.Equal(["t"], lib.Entry("pick#1")!.Tags);
        Assert.Equal("import:npy", lib.Entry("pick#1")!.MadeBy.Method);
        Assert.Equal(ModelId, lib.Get("pick#1").ModelId);
        Assert.Equal(Hook, lib.Get("pick#1").Hook);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("npy")]
    [InlineData("safetensors")]
    public void Export_then_import_gives_the_same_direction(string format)
    {
        using var tmp = new TempFolder();
        using var lib = DirectionLibrary.Open(tmp.Interp);
        var d = new Direction("x", "x", "blocks.1.hook_resid_post", Vector(7), DirectionKind.Projection) { ModelId = ModelId };
        lib.Put(d, "orig", MadeBy.Unknown);
        var file = tmp.File("out." + format);
        DirectionExporter.Write(lib.Get("orig"), file);
        // a .npy holds only numbers: its hook is given on import (json and safetensors carry it)
        var stored = Assert.Single(Import(lib, file, format == "npy" ? new ImportOptions(Hook: d.Hook) : null));
        var back = lib.Get(stored);
        Assert.Equal(d.Vector, back.Vector);
        Assert.Equal(d.Hook, back.Hook);
        Assert.Equal(d.Hash, back.Hash);
    }

    [Fact]
    public void A_probe_exported_as_our_json_keeps_its_bias_and_scale()
    {
        using var tmp = new TempFolder();
        using var lib = DirectionLibrary.Open(tmp.Interp);
        lib.Put(Probe(3), "probe", MadeBy.Unknown);
        DirectionExporter.Write(lib.Get("probe"), tmp.File("probe.json"));
        var back = lib.Get(Assert.Single(Import(lib, tmp.File("probe.json"))));
        Assert.Equal((DirectionKind.Probe, Probe(3).Bias, Probe(3).Scale, Probe(3).Hash), (back.Kind, back.Bias, back.Scale, back.Hash));
        Assert.Equal("probe-2", back.Name); // the file's own name, made unique
    }

    [Fact]
    public void Safetensors_rows_of_a_chosen_tensor_and_a_1d_tensor()
    {
        using var tmp = new TempFolder();
        using var lib = DirectionLibrary.Open(tmp.Interp);
        var m = Enumerable.Range(0, 4).SelectMany(i => Vector(200 + i)).ToArray();
        SafetensorsWriter.Write(tmp.File("w.safetensors"), [new SafetensorsTensor("probes", [4, Width], m), new SafetensorsTensor("mean", [Width], Vector(300))],
                new Dictionary<string, string> { ["hook_name"] = "blocks.2.hook_resid_post" });
        var e = Assert.Throws<DirectionLoadException>(() => Import(lib, tmp.File("w.safetensors")));
        Assert.Contains("--tensor", e.Message);
        Assert.Equal(["w#probes[0]", "w#probes[3]"], Import(lib, tmp.File("w.safetensors"), new ImportOptions(Rows: [0, 3], Tensor: "probes")));
        Assert.Equal(Vector(203), lib.Get("w#probes[3]").Vector);
        Assert.Equal("blocks.2.hook_resid_post", lib.Get("w#probes[3]").Hook);
        Assert.Equal(Vector(300), lib.Get(Assert.Single(Import(lib, tmp.File("w.safetensors"), new ImportOptions(Tensor: "mean")))).Vector);
    }

    [Fact]
    public void SaeDashboard_vector_set_json_imports_each_row_with_its_name_and_hook()
    {
        using var tmp = new TempFolder();
        using var lib = DirectionLibrary.Open(tmp.Interp);
        var sb = new StringBuilder("{\"vectors\": [");
        sb.Append(string.Join(",", Enumerable.Range(0, 3).Select(i => "[" + string.Join(",", Vector(400 + i).Select(x => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "]")));
        sb.Append("], \"config\": {\"hook_name\": \"hook_resid_post\", \"hook_layer\": 4, \"vector_names\": [\"joy\", \"fear\", \"calm\"]}}");
        WriteText(tmp.File("set.json"), sb.ToString());
        Assert.Equal(["joy", "fear", "calm"], Import(lib, tmp.File("set.json")));
        var fear = lib.Get("fear");
        Assert.Equal(Vector(401), fear.Vector);
        Assert.Equal("blocks.4.hook_resid_post", fear.Hook);
        Assert.Equal("import:saedashboard", lib.Entry("fear")!.MadeBy.Method);
    }

    [Fact]
    public void SaeLens_folder_imports_only_the_chosen_features_as_the_SAE_computes_them_and_exports_back()
    {
        using var tmp = new TempFolder();
        using var lib = DirectionLibrary.Open(tmp.Interp);
        var folder = Directory.CreateDirectory(tmp.File("my_sae")).FullName;
        const int dSae = 32;
        var wdec = Enumerable.Range(0, dSae).SelectMany(i => Vector(500 + i)).ToArray();
        var wenc = new float[Width * dSae]; // W_enc [d_in, d_sae]: column f is W_dec row f scaled by 0.5
        for (int f = 0; f < dSae; f++) for (int i = 0; i < Width; i++) wenc[i * dSae + f] = 0.5f * wdec[f * Width + i];
        var benc = Enumerable.Range(0, dSae).Select(f => -0.01f * f).ToArray();
        SafetensorsWriter.Write(Path.Combine(folder, "sae_weights.safetensors"),
            [new SafetensorsTensor("W_enc", [Width, dSae], wenc), new SafetensorsTensor("b_enc", [dSae], benc),
             new SafetensorsTensor("W_dec", [dSae, Width], wdec), new SafetensorsTensor("b_dec", [Width], Vector(1))]);
        WriteText(Path.Combine(folder, "cfg.json"),
            "{\"d_in\": 384, \"d_sae\": 32, \"architecture\": \"standard\", \"apply_b_dec_to_input\": true, \"hook_name\": \"blocks.5.hook_resid_post\"}");
        var e = Assert.Throws<DirectionLoadException>(() => Import(lib, folder));
        Assert.Contains("--features", e.Message);
        Assert.Equal(["feat#3", "feat#17"], Import(lib, folder, new ImportOptions(Rows: [3, 17], Name: "feat")));
        var f17 = lib.Get("feat#17");
        Assert.Equal(DirectionKind.SaeFeature, f17.Kind);
        // Read as Neuronpedia serves SAEs: |W_dec[17]| folded into the encoder, the decoder row of unit norm.
        float norm = System.Numerics.Tensors.TensorPrimitives.Norm(Vector(517));
        Assert.Equal(Vector(517).Select(v => v / norm), f17.Vector);  // the decoder row, for comparing
        Assert.Equal(17, f17.Sae!.FeatureIndex);
        Assert.Equal(benc[17] * norm, f17.Sae.EncoderBias);
        Assert.True(f17.Sae.DecoderNormFolded);
        Assert.Equal(Vector(1), f17.Sae.InputBias);            // apply_b_dec_to_input
        Assert.Equal("blocks.5.hook_resid_post", f17.Hook);
        Assert.Equal(2, lib.List().Count);
        var out_ = Assert.Throws<DirectionLoadException>(() => Import(lib, folder, new ImportOptions(Rows: [32])));
        Assert.Contains("32", out_.Message);
        // --tensor W_dec: the decoder rows as projection directions
        Assert.Equal(["dec"], Import(lib, folder, new ImportOptions(Rows: [3], Tensor: "W_dec", Name: "dec")));
        Assert.Equal(DirectionKind.Projection, lib.Get("dec").Kind);
        // export as a one-feature SAELens folder: it reads back with the same encoder
        var exported = tmp.File("f17_sae");
        DirectionExporter.Write(f17, exported, "saelens");
        Assert.Equal(["again"], Import(lib, exported, new ImportOptions(Rows: [0], Name: "again")));
        var again = lib.Get("again");
        Assert.Equal(f17.Sae.EncoderRow, again.Sae!.EncoderRow);
        Assert.Equal(f17.Sae.EncoderBias, again.Sae.EncoderBias);
        Assert.Equal(f17.Vector, again.Vector);
        Assert.Throws<ArgumentException>(() => DirectionExporter.Write(lib.Get("dec"), tmp.File("x_sae"), "saelens"));
    }

    [Fact]
    public void Another_models_width_is_refused_naming_both_widths_and_nothing_is_stored()
    {
        using var tmp = new TempFolder();
        using var lib = DirectionLibrary.Open(tmp.Interp);
        WriteNpy(tmp.File("gpt2.npy"), [Vector(1, 768), Vector(2, 768)]);
        var e = Assert.Throws<DirectionLoadException>(() => Import(lib, tmp.File("gpt2.npy")));
        Assert.Contains("768", e.Message);
        Assert.Contains("384", e.Message);
        Assert.Empty(lib.List());
        WriteText(tmp.File("other.json"), "{\"name\": \"o\", \"model\": \"gpt2-small\", \"hook\": \"blocks.3.hook_resid_post\", \"vector\": [" + string.Join(",", Enumerable.Repeat("0.5", Width)) + "]}");
        var m = Assert.Throws<InterpLsp.Analysis.Engine.DirectionMismatchException>(() => Import(lib, tmp.File("other.json")));
        Assert.Contains("gpt2-small", m.Message);
        Assert.Empty(lib.List());
    }

    [Fact]
    public void A_fifo_and_lying_headers_get_the_readers_error_and_leave_the_library_unchanged()
    {
        using var tmp = new TempFolder();
        using var lib = DirectionLibrary.Open(tmp.Interp);
        lib.Put(Projection(1), "kept", MadeBy.Unknown);
        var before = Directory.GetFiles(lib.VectorsFolder).Order().ToList();

        var fifo = tmp.File("pipe.npy");
        using (var mk = Process.Start("mkfifo", fifo)) mk.WaitForExit();
        var sw = Stopwatch.StartNew();
        var e = Assert.Throws<DirectionLoadException>(() => Import(lib, fifo));
        Assert.Contains("named pipe", e.Message);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5));

        // a .npy whose header promises 100,000 rows it does not have
        using (var f = File.Create(tmp.File("liar.npy"))) NpyWriter.Write(f, Vector(2), [Width]);
        var bytes = File.ReadAllBytes(tmp.File("liar.npy"));
        var text = Encoding.Latin1.GetString(bytes);
        File.WriteAllBytes(tmp.File("liar.npy"), Encoding.Latin1.GetBytes(text.Replace("(384,)", "(100000, 384)")));
        e = Assert.Throws<DirectionLoadException>(() => Import(lib, tmp.File("liar.npy"), new ImportOptions(Rows: [99999])));
        Assert.Contains("truncated", e.Message);

        // a safetensors header length larger than the file
        var st = new byte[64];
        BitConverter.TryWriteBytes(st.AsSpan(0, 8), 1L << 40);
        File.WriteAllBytes(tmp.File("liar.safetensors"), st);
        e = Assert.Throws<DirectionLoadException>(() => Import(lib, tmp.File("liar.safetensors")));
        Assert.Contains("header length", e.Message);

        Assert.Equal(["kept"], lib.List().Select(x => x.Name));
        Assert.Equal(before, Directory.GetFiles(lib.VectorsFolder).Order().ToList());
    }

    [Fact]
    public void The_engine_resolves_a_library_name_and_names_similar_ones_when_it_does_not_exist()
    {
        using var tmp = new TempFolder();
        using var lib = DirectionLibrary.Open(tmp.Interp);
        lib.Put(Projection(11), "sentiment", MadeBy.Unknown);
        var engine = Engines.For(fx.Model);
        var before = engine.Library;
        try
        {
            engine.UseLibrary(lib);
            var d = engine.LoadDirection("sentiment", tmp.Path, makeActive: false);
            Assert.Equal(("library:sentiment", Projection(11).Hash), (d.Id, d.Hash));
            var e = Assert.Throws<DirectionLoadException>(() => engine.LoadDirection("sentimnt", tmp.Path, makeActive: false));
            Assert.Contains("file not found", e.Message);
            Assert.Contains("'sentimnt' is no direction in the library", e.Message);
            Assert.Contains("similar names: sentiment", e.Message);
            // a file with the same name as a library direction wins
            WriteNpy(Path.Combine(tmp.Path, "sentiment"), [Vector(12)], oneD: true);
            Assert.Throws<DirectionLoadException>(() => engine.LoadDirection("sentiment", tmp.Path, makeActive: false)); // no extension: read as a file
            Assert.Equal("neuron:blocks.3.hook_resid_post:4", engine.LoadDirection("neuron:4", tmp.Path, makeActive: false).Id);
        }
        finally { engine.UseLibrary(before); }
    }
}
