using InterpLsp.Analysis.Corpora;
using InterpLsp.Analysis.Scans;
using InterpLsp.Interp.Directions;
using InterpLsp.Model.Verification;

namespace InterpLsp.Tests.Scans;

/// <summary>Seeded corpora and directions for the scan tests.</summary>
public static class ScanInputs
{
    public const string Hook = "blocks.3.hook_resid_post";
    public const string ModelId = "embedded:all-MiniLM-L6-v2";

    /// <summary><paramref name="n"/> short documents of 1-3 prose sentences, an empty one, and (when asked) one
    /// long document of several windows, keyed d000, d001, ...</summary>
    public static TextListCorpus Corpus(int n, int seed = 3, bool withLong = false)
    {
        var rng = new Random(seed);
        var prose = VerificationTexts.Prose;
        var docs = new List<CorpusDocument>();
        for (int i = 0; i < n; i++)
            docs.Add(new CorpusDocument($"d{i:D3}", string.Join(" ", Enumerable.Range(0, rng.Next(1, 4)).Select(_ => prose[rng.Next(prose.Length)]))));
        docs.Add(new CorpusDocument("empty", ""));
        if (withLong) docs.Add(new CorpusDocument("long", Support.Texts.LongDocument(6000, seed), Path: "/tmp/long.txt", Offset: 100));
        return new TextListCorpus($"test:{n}:{seed}", docs);
    }

    public static Direction Projection(int seed, int width = 384, string hook = Hook)
    {
        var rng = new Random(seed);
        var v = Enumerable.Range(0, width).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        return new Direction($"random-{seed}", $"random-{seed}", hook, v, DirectionKind.Projection) { ModelId = ModelId };
    }

    public static Direction Probe(int seed) => Projection(seed) with { Kind = DirectionKind.Probe, Bias = 0.5f, Scale = 0.3f, Id = $"probe-{seed}", Name = $"probe-{seed}" };

    public static Direction Neuron(int index, string hook = Hook)
    {
        var v = new float[384];
        v[index] = 1;
        return new Direction($"neuron:{hook}:{index}", $"neuron {index}", hook, v, DirectionKind.Neuron, NeuronIndex: index) { ModelId = ModelId };
    }

    /// <summary>The parts of results that must agree (everything but shard bookkeeping).</summary>
    public static string Comparable(ScanResult r) => Newtonsoft.Json.JsonConvert.SerializeObject(new
    {
        r.Documents, r.EmptyDocuments, r.Tokens, r.CorpusHash, r.ModelId, r.Directions,
    });
}
