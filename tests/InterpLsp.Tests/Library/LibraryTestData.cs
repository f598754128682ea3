using System.Text;
using InterpLsp.Interp.Directions;
using InterpLsp.Library.Formats;

namespace InterpLsp.Tests.Library;

/// <summary>Seeded directions and files for the library tests, and a temporary workspace folder per test.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("interp-lib-").FullName;
    public string Interp => System.IO.Path.Combine(Path, ".interp");
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

public static class LibraryTestData
{
    public const string Hook = "blocks.3.hook_resid_post";
    public const string ModelId = "embedded:all-MiniLM-L6-v2";
    public const int Width = 384;

    public static float[] Vector(int seed, int width = Width)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, width).Select(_ => (float)(r.NextDouble() * 2 - 1)).ToArray();
    }

    public static Direction Projection(int seed, string name = "d") =>
        new Direction($"test:{name}", name, Hook, Vector(seed), DirectionKind.Projection, Source: "/tmp/source.npy") { ModelId = ModelId };

    public static Direction Probe(int seed) =>
        new Direction("test:probe", "probe", Hook, Vector(seed), DirectionKind.Probe, Bias: -0.3125f, Scale: 1.75f, Source: "trained") { ModelId = ModelId };

    public static Direction Neuron(int index) =>
        new Direction($"neuron:{Hook}:{index}", $"neuron {index}", Hook, OneHot(index), DirectionKind.Neuron, NeuronIndex: index) { ModelId = ModelId };

    private static float[] OneHot(int i) { var v = new float[Width]; v[i] = 1; return v; }

    /// <summary>A TopK SAE feature with every encoder array present (8 features).</summary>
    public static Direction SaeFeature(int seed)
    {
        const int dSae = 8;
        var all = Vector(seed + 1, dSae * Width);
        var enc = all.AsSpan(5 * Width, Width).ToArray();
        var sae = new SaeEncoder("topk", 5, enc, 0.25f, Vector(seed + 2), 0.0f, 3, "constant_norm_rescale", all, Vector(seed + 3, dSae));
        return new Direction("sae:5", "sae-5", Hook, Vector(seed), DirectionKind.SaeFeature, Source: "/tmp/sae") { ModelId = ModelId, DeclaredModel = "all-MiniLM-L6-v2", Sae = sae };
    }

    /// <summary>A float32 .npy of the given rows (2-D; 1-D when <paramref name="oneD"/>).</summary>
    public static void WriteNpy(string path, IReadOnlyList<float[]> rows, bool oneD = false)
    {
        using var f = System.IO.File.Create(path);
        var data = rows.SelectMany(r => r).ToArray();
        NpyWriter.Write(f, data, oneD ? [rows[0].Length] : [rows.Count, rows[0].Length]);
    }

    public static void WriteText(string path, string text) => System.IO.File.WriteAllText(path, text, new UTF8Encoding(false));
}
