using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Evidence;

namespace InterpLsp.Analysis.Explain.Pipeline;

/// <summary>The most recently used evidence, its candidate base and its null, kept for the next explanation at the
/// same model, corpus and hook (building them costs seconds; a server explains many directions at one hook).
/// One at a time: callers hold <see cref="Gate"/> while they use what it gives.</summary>
public static class EvidenceCache
{
    public static readonly object Gate = new();
    private static (string Key, ExplainEvidence Evidence, CandidateBase Base, RandomNull? Null)? _current;

    public static string Key(string modelId, string corpusHash, string hook) => $"{modelId}\n{corpusHash}\n{hook}";

    public static (ExplainEvidence Evidence, CandidateBase Base, RandomNull? Null)? TryGet(string key) =>
        _current is { } c && c.Key == key ? (c.Evidence, c.Base, c.Null) : null;

    public static void Put(string key, ExplainEvidence evidence, CandidateBase b, RandomNull? nul)
    {
        if (_current is { } old && !ReferenceEquals(old.Evidence, evidence)) old.Evidence.Dispose();
        _current = (key, evidence, b, nul);
    }

    /// <summary>Forgets the cached evidence (the benchmark measures a cold start with it).</summary>
    public static void Clear()
    {
        lock (Gate)
        {
            _current?.Evidence.Dispose();
            _current = null;
        }
    }

    /// <summary>The base of any cached evidence with this corpus hash (the hover's n-gram features), or null.</summary>
    public static CandidateBase? BaseForCorpus(string corpusHash) =>
        _current is { } c && c.Evidence.CorpusHash == corpusHash ? c.Base : null;
}
