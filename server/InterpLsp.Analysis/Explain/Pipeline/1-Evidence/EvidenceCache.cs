using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Evidence;

namespace InterpLsp.Analysis.Explain.Pipeline;

/// <summary>The engine's most recently used evidence (<see cref="Engine.InterpEngine.Evidence"/>), its candidate base and its null, kept for the next explanation at the
/// same model, corpus and hook (building them costs seconds; a server explains many directions at one hook).
/// One at a time: callers hold <see cref="Gate"/> while they use what it gives. The entry itself is one immutable
/// object swapped under its own short lock, so a reader that does not hold <see cref="Gate"/> (the hover's
/// <see cref="BaseForCorpus"/>) never sees half of an old entry and half of a new one, and never waits for an
/// explanation to finish.</summary>
public sealed class EvidenceCache
{
    public readonly object Gate = new();
    private readonly object Sync = new();
    private sealed record Entry(string Key, ExplainEvidence Evidence, CandidateBase Base, RandomNull? Null);
    private Entry? _current;

    private Entry? Current { get { lock (Sync) return _current; } }

    public static string Key(string modelId, string corpusHash, string hook) => $"{modelId}\n{corpusHash}\n{hook}";

    public (ExplainEvidence Evidence, CandidateBase Base, RandomNull? Null)? TryGet(string key) =>
        Current is { } c && c.Key == key ? (c.Evidence, c.Base, c.Null) : null;

    public void Put(string key, ExplainEvidence evidence, CandidateBase b, RandomNull? nul)
    {
        Entry? old;
        lock (Sync) { old = _current; _current = new Entry(key, evidence, b, nul); }
        if (old is not null && !ReferenceEquals(old.Evidence, evidence)) old.Evidence.Dispose();
    }

    /// <summary>Forgets the cached evidence (the benchmark measures a cold start with it).</summary>
    public void Clear()
    {
        lock (Gate)
        {
            Entry? old;
            lock (Sync) { old = _current; _current = null; }
            old?.Evidence.Dispose();
        }
    }

    /// <summary>The base of any cached evidence with this corpus hash (the hover's n-gram features), or null.</summary>
    public CandidateBase? BaseForCorpus(string corpusHash) =>
        Current is { } c && c.Evidence.CorpusHash == corpusHash ? c.Base : null;
}
