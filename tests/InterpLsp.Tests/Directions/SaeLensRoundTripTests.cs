using System.Buffers.Binary;
using System.Text;
using InterpLsp.Interp.Activations;
using InterpLsp.Interp.Directions;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Tests.Directions;

/// <summary>The safetensors writer read back by the product's reader, and SAELens folders exported and read again.</summary>
public class SaeLensRoundTripTests : LoaderTestBase
{
    [Fact]
    public void Writer_output_reads_back_through_the_reader()
    {
        var path = Path.Combine(Dir.Path, "w.safetensors");
        float[] m = [1.5f, -2, 3, 4e-7f, 5, 6, 7, 8];
        SafetensorsWriter.Write(path, [new("v", [4], [9, 8, 7, 6]), new("m", [2, 4], m)], new Dictionary<string, string> { ["hook_name"] = Mlp });
        Assert.Equal(new float[] { 9, 8, 7, 6 }, Load($"w.safetensors#v@{Resid}").Vector);
        Assert.Equal(m[4..], Load($"w.safetensors#m[1]@{Resid}").Vector);
        // Metadata: the hook is read from it (width 16 then refuses the 4-wide vector, naming that hook).
        Fails("w.safetensors#v", "w.safetensors", Mlp, "width 16");
    }

    [Fact]
    public void Writer_pads_the_header_to_eight_bytes_with_spaces()
    {
        var bytes = SafetensorsWriter.ToBytes([new("a", [1], [1f])]);
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0UL, n % 8);
        Assert.Equal(8 + (long)n + 4, bytes.Length);
        var header = Encoding.UTF8.GetString(bytes, 8, (int)n);
        Assert.StartsWith("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", header);
        Assert.Equal(header.TrimEnd(' ').Length + (header.Length - header.TrimEnd(' ').Length), header.Length);
        Assert.Equal(1f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(8 + (int)n)));
    }

    [Fact]
    public void Writer_refuses_a_shape_that_does_not_hold_the_values()
    {
        var e = Assert.Throws<ArgumentException>(() => SafetensorsWriter.ToBytes([new("a", [2, 3], new float[5])]));
        Assert.Contains("'a' has 5 values but shape [2, 3] holds 6", e.Message);
        Assert.Throws<ArgumentException>(() => SafetensorsWriter.ToBytes([new("a", [1], [1f]), new("a", [1], [2f])]));
        Assert.Throws<ArgumentException>(() => SafetensorsWriter.ToBytes([new("__metadata__", [1], [1f])]));
    }

    private static readonly float[][] Inputs = [[2, 3, -1, 1], [1, 1, 1, 0.5f], [-3, 1, 0, 0], [0.25f, -2, 4, 1]];

    private static void SameFeature(Direction a, Direction b)
    {
        Assert.Equal(a.Vector, b.Vector);
        Assert.Equal(a.Hook, b.Hook);
        Assert.Equal(a.DeclaredModel, b.DeclaredModel);
        var (ea, eb) = (a.Sae!, b.Sae!);
        Assert.Equal(ea.EncoderRow, eb.EncoderRow);
        Assert.Equal((ea.Architecture, ea.EncoderBias, ea.Threshold, ea.TopK, ea.Normalization), (eb.Architecture, eb.EncoderBias, eb.Threshold, eb.TopK, eb.Normalization));
        Assert.Equal(ea.InputBias, eb.InputBias);
        foreach (var x in Inputs)
            Assert.Equal(new DirectionProjector(a).Value(x), new DirectionProjector(b).Value(x));
    }

    [Theory]
    [InlineData("standard", false, "none")]
    [InlineData("standard", true, "layer_norm")]
    [InlineData("jumprelu", true, "constant_norm_rescale")]
    public void Chosen_features_written_and_read_again_are_identical(string architecture, bool applyBDec, string normalization)
    {
        var folder = new SaeTestFolder
        {
            Architecture = architecture, ApplyBDec = applyBDec, Normalization = normalization, Model = "all-MiniLM-L6-v2",
            Threshold = architecture == "jumprelu" ? [0.5f, 3.9f, 0.25f] : null,
        }.Write(Dir, "sae");
        var chosen = SaeLensFolder.Read(folder, [2, 0]);
        var export = Path.Combine(Dir.Path, "export");
        SaeLensFolder.Write(export, chosen);

        var again = SaeLensFolder.Read(export, null);
        Assert.Equal(2, again.Count);
        SameFeature(chosen[0], again[0]);
        SameFeature(chosen[1], again[1]);
        var cfg = JObject.Parse(File.ReadAllText(Path.Combine(export, "cfg.json")));
        Assert.Equal(new[] { 2, 0 }, cfg["metadata"]!["source_features"]!.Values<int>());
        Assert.Equal(2, (int)cfg["d_sae"]!);
        Assert.Equal(Resid, (string?)cfg["hook_name"]);
        // Written again from the re-read features: the same bytes.
        var second = Path.Combine(Dir.Path, "export2");
        SaeLensFolder.Write(second, again);
        Assert.Equal(File.ReadAllBytes(Path.Combine(export, "sae_weights.safetensors")), File.ReadAllBytes(Path.Combine(second, "sae_weights.safetensors")));
    }

    [Fact]
    public void A_topk_sae_is_written_only_whole()
    {
        var folder = new SaeTestFolder { Architecture = "topk", K = 2 }.Write(Dir, "sae");
        var all = SaeLensFolder.Read(folder, [2, 0, 1]);
        var e = Assert.Throws<ArgumentException>(() => SaeLensFolder.Write(Path.Combine(Dir.Path, "part"), all.Take(2).ToList()));
        Assert.Contains("written only whole", e.Message);
        Assert.Contains("feature 1 is missing", e.Message);

        var export = Path.Combine(Dir.Path, "whole");
        SaeLensFolder.Write(export, all);
        var again = SaeLensFolder.Read(export, null);
        // Written in index order: feature i of the export is feature i of the original.
        foreach (var d in all) SameFeature(d, again[d.Sae!.FeatureIndex]);
        Assert.Equal(2, (int)JObject.Parse(File.ReadAllText(Path.Combine(export, "cfg.json")))["k"]!);
    }

    [Fact]
    public void Write_refuses_features_of_different_saes_and_other_kinds()
    {
        var a = SaeLensFolder.Read(new SaeTestFolder().Write(Dir, "a"), [0])[0];
        var b = SaeLensFolder.Read(new SaeTestFolder { ApplyBDec = true }.Write(Dir, "b"), [1])[0];
        var out1 = Path.Combine(Dir.Path, "out");
        Assert.Contains("one SAE only", Assert.Throws<ArgumentException>(() => SaeLensFolder.Write(out1, [a, b])).Message);
        var projection = Load("a#W_dec[0]");
        Assert.Contains("not an SAE feature", Assert.Throws<ArgumentException>(() => SaeLensFolder.Write(out1, [a, projection])).Message);
        Assert.False(Directory.Exists(out1));
    }
}
