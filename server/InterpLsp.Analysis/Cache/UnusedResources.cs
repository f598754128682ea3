using System.Diagnostics;

namespace InterpLsp.Analysis.Cache;

/// <summary>
/// Process-wide data loaded on first use and kept for the next one — the WordNet lexicon, the part-of-speech tagger,
/// the WordNet gloss embeddings: about 76 MB of managed memory together — given back once nothing has used it for a
/// while. The inference queue calls <see cref="ReleaseUnusedFor"/> when it is idle (<see cref="DefaultUnusedFor"/>);
/// the next use loads the data again (seconds). Callers that hold a reference keep using it: only the shared handle
/// is dropped, and the garbage collector frees the data when its last user is done.
/// </summary>
public sealed class UnusedResources
{
    /// <summary>The registry the shared resources register with.</summary>
    public static UnusedResources Shared { get; } = new();

    /// <summary>How long shared data may go unused before the idle server gives it back.</summary>
    public static readonly TimeSpan DefaultUnusedFor = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private readonly List<Resource> _resources = new();

    /// <summary>A handle on one resource: <see cref="Used"/> on each use, <see cref="Release"/> from the registry.</summary>
    public sealed class Resource(string name, Func<bool> release)
    {
        private long _lastUse = Stopwatch.GetTimestamp();
        public string Name { get; } = name;
        /// <summary>Marks a use (cheap: one timestamp).</summary>
        public void Used() => Volatile.Write(ref _lastUse, Stopwatch.GetTimestamp());
        internal long LastUse => Volatile.Read(ref _lastUse);
        /// <summary>Drops the shared reference; true when there was one.</summary>
        internal bool Release() => release();
    }

    /// <param name="release">drops the shared reference (under the owner's own lock); true when one was held</param>
    public Resource Register(string name, Func<bool> release)
    {
        var r = new Resource(name, release);
        lock (_gate) _resources.Add(r);
        return r;
    }

    /// <summary>Releases every resource not used for <paramref name="age"/>; returns the names released.</summary>
    public IReadOnlyList<string> ReleaseUnusedFor(TimeSpan age)
    {
        long cutoff = Stopwatch.GetTimestamp() - (long)(age.TotalSeconds * Stopwatch.Frequency);
        List<Resource> candidates;
        lock (_gate) candidates = _resources.Where(r => r.LastUse <= cutoff).ToList();
        return candidates.Where(r => r.Release()).Select(r => r.Name).ToList();
    }
}
