using System.Diagnostics;
using InterpLsp.Interp.Directions;
using InterpLsp.Model.Causal;
using InterpLsp.Model.HuggingFace;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Tests.Model.Causal;

/// <summary>Broken and hostile model folders: each gets a <see cref="ModelFolderException"/> naming the file and the
/// problem, within a bounded time, never a native crash.</summary>
public sealed class HfFolderBadInputTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "interplsp-badhf-" + Guid.NewGuid().ToString("N"));

    public HfFolderBadInputTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string Folder(string name, TinyModel? m = null)
    {
        var d = Path.Combine(_dir, name);
        return TinyCheckpoints.WriteFolder(m ?? TinyCheckpoints.Gpt2(), d);
    }

    /// <summary>Opens the folder and builds its decoder as the loader does, minus the tokenizer.</summary>
    private static Decoder Build(string folder)
    {
        var f = HfModelFolder.Open(folder);
        var config = HfConfig.Read(f.ConfigPath);
        HfDecoders.Family(config);
        using var w = SafetensorsCheckpoint.Open(f.WeightFiles);
        return HfDecoders.DecoderOf(config, w);
    }

    private static ModelFolderException Refused(string folder, params string[] says)
    {
        var sw = Stopwatch.StartNew();
        var e = Assert.Throws<ModelFolderException>(() => Build(folder).Dispose());
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), $"took {sw.Elapsed}");
        foreach (var s in says) Assert.Contains(s, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }

    [Fact]
    public void A_good_tiny_folder_loads() => Build(Folder("good")).Dispose();

    [Fact]
    public void Missing_folder_config_or_weights_are_named()
    {
        Refused(Path.Combine(_dir, "nowhere"), "no such folder");
        var f = Folder("noconfig");
        File.Delete(Path.Combine(f, "config.json"));
        Refused(f, "no config.json", "model.safetensors");
        var g = Folder("noweights");
        File.Delete(Path.Combine(g, "model.safetensors"));
        Refused(g, "no weights");
    }

    [Fact]
    public void A_pickle_only_folder_is_refused_without_unpickling()
    {
        var f = Folder("pickle");
        File.Delete(Path.Combine(f, "model.safetensors"));
        File.WriteAllBytes(Path.Combine(f, "pytorch_model.bin"), [0x80, 0x02, 0x63]); // a pickle's first bytes
        Refused(f, "pickle", "never loads", "safe_serialization=True");
    }

    [Fact]
    public void Shard_index_problems_are_named()
    {
        var f = Folder("shards");
        File.WriteAllText(Path.Combine(f, "model.safetensors.index.json"),
            new JObject { ["weight_map"] = new JObject { ["wte.weight"] = "model-00001-of-00002.safetensors" } }.ToString());
        Refused(f, "model.safetensors.index.json", "model-00001-of-00002.safetensors", "not in");
        File.WriteAllText(Path.Combine(f, "model.safetensors.index.json"),
            new JObject { ["weight_map"] = new JObject { ["wte.weight"] = "../../etc/passwd" } }.ToString());
        Refused(f, "not a file name in the folder");
    }

    [Fact]
    public void A_sharded_checkpoint_loads_from_its_index()
    {
        var m = TinyCheckpoints.Gpt2();
        var f = Path.Combine(_dir, "sharded");
        Directory.CreateDirectory(f);
        File.WriteAllText(Path.Combine(f, "config.json"), m.Config.ToString());
        var half = m.Tensors.Count / 2;
        SafetensorsWriter.Write(Path.Combine(f, "model-00001-of-00002.safetensors"), m.Tensors.Take(half).ToList());
        SafetensorsWriter.Write(Path.Combine(f, "model-00002-of-00002.safetensors"), m.Tensors.Skip(half).ToList());
        var map = new JObject();
        for (int i = 0; i < m.Tensors.Count; i++) map[m.Tensors[i].Name] = i < half ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors";
        File.WriteAllText(Path.Combine(f, "model.safetensors.index.json"), new JObject { ["weight_map"] = map }.ToString());
        using var d = Build(f);
        Assert.Equal(2, d.Shape.Layers);
    }

    [Fact]
    public void Hostile_config_files_are_refused_in_bounded_time()
    {
        var fifo = Folder("fifo");
        File.Delete(Path.Combine(fifo, "config.json"));
        Assert.Equal(0, Process.Start("mkfifo", Path.Combine(fifo, "config.json"))!.WaitForExitAsync().Wait(5000) ? 0 : 1);
        Refused(fifo, "named pipe");

        var zero = Folder("zero");
        File.Delete(Path.Combine(zero, "config.json"));
        File.CreateSymbolicLink(Path.Combine(zero, "config.json"), "/dev/zero");
        Refused(zero, "character device");

        var deep = Folder("deep");
        File.WriteAllText(Path.Combine(deep, "config.json"), new string('[', 100_000));
        Refused(deep, "config.json", "nested");

        var big = Folder("big");
        File.WriteAllText(Path.Combine(big, "config.json"), "{\"a\":\"" + new string('x', 2 << 20) + "\"}");
        Refused(big, "config.json");
    }

    [Fact]
    public void Wrong_config_values_and_unknown_architectures_are_named()
    {
        var m = TinyCheckpoints.Gpt2();
        m.Config["n_layer"] = "two";
        Refused(Folder("type", m), "'n_layer' is not an integer");

        var n = TinyCheckpoints.Gpt2();
        n.Config.Remove("n_embd");
        Refused(Folder("missing", n), "'n_embd' is missing");

        var t5 = TinyCheckpoints.Gpt2();
        t5.Config["architectures"] = new JArray("T5ForConditionalGeneration");
        t5.Config["model_type"] = "t5";
        Refused(Folder("t5", t5), "T5ForConditionalGeneration", "not supported", "GPT2LMHeadModel");

        var unknownFields = TinyCheckpoints.Gpt2();
        unknownFields.Config["some_future_field"] = new JObject { ["x"] = 1 };
        Build(Folder("future", unknownFields)).Dispose(); // unknown fields are ignored, as transformers does
    }

    [Fact]
    public void Weights_that_do_not_fit_the_config_are_named()
    {
        var m = TinyCheckpoints.Gpt2();
        m.Config["n_embd"] = 64;
        m.Config["n_head"] = 4;
        Refused(Folder("shape", m), "wte.weight", "[96, 32]", "[96, 64]");

        var heads = TinyCheckpoints.Llama();
        heads.Config["num_key_value_heads"] = 3;
        Refused(Folder("gqa", heads), "4 attention heads cannot share 3");

        var f = Folder("missingtensor");
        var g = TinyCheckpoints.Gpt2();
        SafetensorsWriter.Write(Path.Combine(f, "model.safetensors"), g.Tensors.Where(t => t.Name != "h.1.ln_2.bias").ToList());
        Refused(f, "no tensor 'h.1.ln_2.bias'");
    }

    [Fact]
    public void Lying_and_truncated_safetensors_are_refused()
    {
        var f = Folder("lying");
        var path = Path.Combine(f, "model.safetensors");
        var bytes = File.ReadAllBytes(path);
        var lying = (byte[])bytes.Clone();
        BitConverter.TryWriteBytes(lying.AsSpan(0, 8), (ulong)long.MaxValue / 2);
        File.WriteAllBytes(path, lying);
        Refused(f, "model.safetensors", "header length");

        File.WriteAllBytes(path, bytes[..(bytes.Length - 1000)]);
        Refused(f, "model.safetensors", "out of range");

        File.WriteAllBytes(path, [1, 2, 3]);
        Refused(f, "too short");
    }
}
