using InterpLsp.Analysis.ActivationStore;

namespace InterpLsp.Analysis.Scans;

/// <summary>
/// The activation store entries a scan writes, one per hook, and the rows it allocates to documents (in the order
/// it reads them; a document's rows are [first row, first row + tokens)). Begun fresh, or continued from a
/// checkpoint (<see cref="EntryContinuation"/>; all hooks or none), in which case the documents that were in
/// progress keep the rows they had. Saved with each checkpoint (<see cref="Persist"/>) and completed at the end.
/// A hook whose entry fails to write is dropped with a warning; the scan goes on.
/// </summary>
internal sealed class ScanStoreWriters(List<string> warnings) : IDisposable
{
    private readonly Dictionary<string, ActivationWriter> _writers = new(StringComparer.Ordinal);
    private readonly Dictionary<long, long> _continuedRows = new();

    /// <summary>Rows allocated so far (the next document's first row).</summary>
    public long RowsAllocated { get; private set; }

    public bool Any => _writers.Count > 0;

    public bool Writes(string hook) => _writers.ContainsKey(hook);

    /// <summary>Begins a fresh entry for each hook (a hook whose entry cannot be begun is left out, with a warning).</summary>
    public void Begin(ActivationStore.ActivationStore store, string modelId, InterpLsp.Analysis.Corpora.ICorpus corpus, ShardSpec shard, IEnumerable<(string Hook, int Width)> hooks)
    {
        foreach (var (hook, width) in hooks)
            if (store.BeginWrite(modelId, corpus.Id, corpus.Hash, hook, shard, width, warnings) is { } w) _writers[hook] = w;
    }

    /// <summary>Continues the entries a checkpoint was writing, one per hook, all or none (false: none, each
    /// problem in the warnings).</summary>
    public bool TryContinue(ActivationStore.ActivationStore store, IReadOnlyList<StoreProgress> saved, string modelId, InterpLsp.Analysis.Corpora.ICorpus corpus,
        ShardSpec shard, IReadOnlyList<(string Hook, int Width)> hooks, IReadOnlySet<long> notDone)
    {
        if (hooks.Any(h => saved.Count(s => s.Hook == h.Hook) != 1) || saved.Select(s => s.Rows).Distinct().Count() != 1) return false;
        foreach (var (hook, width) in hooks)
        {
            var w = EntryContinuation.TryContinue(store, saved.Single(s => s.Hook == hook), modelId, corpus.Id, corpus.Hash, shard, width, notDone, warnings, out var firstRows);
            if (w is null)
            {
                Dispose();
                _writers.Clear();
                _continuedRows.Clear();
                return false;
            }
            _writers[hook] = w;
            foreach (var o in notDone)
                if (firstRows.TryGetValue(o, out var row)) _continuedRows[o] = row;
        }
        RowsAllocated = saved[0].Rows;
        warnings.Add($"continued the activation store's partial entries ({RowsAllocated:N0} rows allocated before the checkpoint)");
        return true;
    }

    /// <summary>The first row of the document read as <paramref name="ordinal"/>: the rows it had when it was in progress
    /// at the checkpoint, or the next free rows (then it enters every entry's index).</summary>
    public long Allocate(long ordinal, DocumentContext doc)
    {
        if (_continuedRows.Remove(ordinal, out long first)) return first;
        first = RowsAllocated;
        foreach (var w in _writers.Values) w.AddDocument(ordinal, doc, first);
        RowsAllocated += doc.Tokens.Length;
        return first;
    }

    /// <summary>Writes rows of <paramref name="hook"/> at <paramref name="row"/>; an entry whose write fails is dropped.</summary>
    public void Write(string hook, long row, ReadOnlySpan<Half> rows)
    {
        if (!_writers.TryGetValue(hook, out var writer) || writer.TryWrite(row, rows, warnings)) return;
        writer.Dispose();
        _writers.Remove(hook);
    }

    /// <summary>Makes every entry durable for the checkpoint at <paramref name="checkpointPath"/>; what it records.</summary>
    public List<StoreProgress> Persist(string checkpointPath)
    {
        var saved = new List<StoreProgress>();
        foreach (var (hook, writer) in _writers.ToList())
        {
            if (writer.Persist(checkpointPath, RowsAllocated, warnings) is { } s) saved.Add(s);
            else { writer.Dispose(); _writers.Remove(hook); }
        }
        return saved;
    }

    public void Complete()
    {
        foreach (var w in _writers.Values)
        {
            w.Complete(RowsAllocated, warnings);
            w.Dispose();
        }
        _writers.Clear();
    }

    /// <summary>Forgets the rows of documents in progress at a checkpoint that is no longer used.</summary>
    public void ForgetContinued() => _continuedRows.Clear();

    public void Dispose()
    {
        foreach (var w in _writers.Values) w.Dispose();
        _writers.Clear();
    }
}
