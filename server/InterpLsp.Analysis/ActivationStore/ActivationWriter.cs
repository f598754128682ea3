using InterpLsp.Interp.IO;
using System.Runtime.InteropServices;
using System.Text;
using InterpLsp.Analysis.Scans;
using Microsoft.Win32.SafeHandles;
using Newtonsoft.Json;

namespace InterpLsp.Analysis.ActivationStore;

/// <summary>Writes one store entry: rows go to their place in <c>states.f16</c> as they are computed (in any
/// order), documents to the index; <see cref="Complete"/> writes the index and marker, syncs, and renames the
/// folder into place. Any I/O failure deletes the partial entry and becomes a warning.
/// A scan that checkpoints calls <see cref="Persist"/> before each checkpoint: the states are synced and the
/// documents read so far appended to <c>index.partial.jsonl</c>, so that the scan, killed and rerun, continues this
/// entry (<see cref="EntryContinuation"/>) instead of starting it over. Such an entry is kept when the writer is
/// disposed unfinished (released to no process, for its checkpoint to continue).</summary>
public sealed class ActivationWriter : IDisposable
{
    internal const string PartialIndexFile = "index.partial.jsonl";
    internal const string ResumeMarkerFile = "resume.json";

    /// <summary>Bound of an entry's index (<c>index.json</c>, and <c>index.partial.jsonl</c> while it is written): each
    /// document's token texts and ranges.</summary>
    internal const long MaxIndexBytes = 16L << 30;

    private readonly ActivationStore _store;
    private readonly string _final;
    private string _partial;
    private readonly StoredEntryMeta _meta;
    private readonly SafeFileHandle _states;
    private readonly List<(long Ordinal, StoredDocument Document)> _documents;
    private int _persisted;
    private bool _done, _resumable;
    private string? _checkpoint;

    internal ActivationWriter(ActivationStore store, string partial, string final, StoredEntryMeta meta,
        List<(long Ordinal, StoredDocument Document)>? continued = null)
    {
        _store = store; _partial = partial; _final = final; _meta = meta;
        _documents = continued ?? new();
        _persisted = _documents.Count;
        _resumable = continued is not null;
        if (_resumable && File.Exists(Path.Combine(partial, ResumeMarkerFile)))
            _checkpoint = ResumeMarker.CheckpointOf(Path.Combine(partial, ResumeMarkerFile));
        _states = File.OpenHandle(Path.Combine(partial, "states.f16"), continued is null ? FileMode.CreateNew : FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
    }

    public string Hook => _meta.Hook;

    /// <summary>The folder's id (the last part of its name), which a checkpoint keeps to find it again.</summary>
    public string FolderId => ActivationStore.PartialId(Path.GetFileName(_partial));

    public void AddDocument(long ordinal, DocumentContext doc, long firstRow) => _documents.Add((ordinal, new StoredDocument
    {
        Key = doc.Key, Path = doc.Path, Offset = doc.Offset, FirstRow = firstRow, Tokens = doc.Tokens, Starts = doc.Starts, Ends = doc.Ends,
    }));

    /// <summary>Writes rows starting at <paramref name="row"/>; false (with a warning) when the write failed.</summary>
    public bool TryWrite(long row, ReadOnlySpan<Half> rows, List<string> warnings)
    {
        try
        {
            RandomAccess.Write(_states, MemoryMarshal.AsBytes(rows), row * _meta.Width * 2L);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            warnings.Add($"activation store: writing {Path.Combine(_partial, "states.f16")} failed ({e.Message}); the scan goes on without storing states");
            return false;
        }
    }

    /// <summary>Makes what is written so far durable for a checkpoint at <paramref name="checkpointPath"/>: syncs
    /// the states, appends the documents read since the last call to the partial index (synced) and marks the
    /// folder as belonging to that checkpoint (the sweep keeps it while the checkpoint exists). Returns what the
    /// checkpoint records, or null (with a warning) when the write failed.</summary>
    public StoreProgress? Persist(string checkpointPath, long rows, List<string> warnings)
    {
        try
        {
            RandomAccess.FlushToDisk(_states);
            using (var fs = new FileStream(Path.Combine(_partial, PartialIndexFile), FileMode.Append, FileAccess.Write))
            {
                using (var w = new StreamWriter(fs, new UTF8Encoding(false), leaveOpen: true))
                {
                    for (; _persisted < _documents.Count; _persisted++)
                    {
                        var (ordinal, doc) = _documents[_persisted];
                        w.Write(JsonConvert.SerializeObject(new PartialIndexLine { Ordinal = ordinal, Document = doc }));
                        w.Write('\n');
                    }
                }
                fs.Flush(flushToDisk: true);
            }
            _checkpoint = Path.GetFullPath(checkpointPath);
            if (!_resumable)
            {
                File.WriteAllText(Path.Combine(_partial, ResumeMarkerFile), JsonConvert.SerializeObject(new ResumeMarker { Checkpoint = _checkpoint }));
                _resumable = true;
            }
            return new StoreProgress { Hook = _meta.Hook, FolderId = FolderId, Documents = _documents.Count, Rows = rows };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            warnings.Add($"activation store: saving {_partial} for the checkpoint failed ({e.Message}); a resumed scan will not continue these states");
            return null;
        }
    }

    public void Complete(long rows, List<string> warnings)
    {
        try
        {
            _meta.Rows = rows;
            RandomAccess.SetLength(_states, rows * _meta.Width * 2L);
            RandomAccess.FlushToDisk(_states);
            _states.Dispose();
            WriteJson(Path.Combine(_partial, "index.json"), _documents.Select(d => d.Document).ToList());
            WriteJson(Path.Combine(_partial, "meta.json"), _meta);
            foreach (var f in new[] { PartialIndexFile, ResumeMarkerFile }) File.Delete(Path.Combine(_partial, f));
            File.WriteAllText(Path.Combine(_partial, "complete"), "");
            if (Directory.Exists(_final)) Directory.Delete(_final, true);
            Directory.Move(_partial, _final);
            _done = true;
            _store.Evict(_final, warnings);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            warnings.Add($"activation store: finishing {_partial} failed ({e.Message}); the states were not kept");
        }
    }

    private static void WriteJson(string path, object value)
    {
        using var fs = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        using (var w = new StreamWriter(fs, leaveOpen: true)) JsonSerializer.CreateDefault().Serialize(w, value);
        fs.Flush(flushToDisk: true);
    }

    /// <summary>Closes the entry. Unfinished, it is deleted, unless a checkpoint that still exists can continue it:
    /// then it is released (renamed to process 0) so that the next run of the scan, in this process or another,
    /// continues it.</summary>
    public void Dispose()
    {
        _states.Dispose();
        if (_done) return;
        try
        {
            if (!Directory.Exists(_partial)) return;
            if (_resumable && _checkpoint is not null && File.Exists(_checkpoint)) Directory.Move(_partial, ActivationStore.ReleasedName(_partial));
            else Directory.Delete(_partial, true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>One line of <c>index.partial.jsonl</c>: a document read by the scan (its corpus ordinal) and its rows.</summary>
internal sealed class PartialIndexLine
{
    [JsonProperty("ordinal")] public long Ordinal { get; set; }
    [JsonProperty("document")] public StoredDocument Document { get; set; } = new();
}

/// <summary><c>resume.json</c> in a partial entry: the checkpoint that can continue it.</summary>
internal sealed class ResumeMarker
{
    private const long MaxBytes = 64 << 10;

    [JsonProperty("checkpoint")] public string Checkpoint { get; set; } = "";

    /// <summary>The checkpoint path a marker names, read as every file is (<see cref="SafeFile"/>: a regular file
    /// of at most 64 KiB); an IOException (or JsonException) when it is anything else.</summary>
    public static string? CheckpointOf(string markerPath)
    {
        var bytes = SafeFile.ReadAllBytes(markerPath, problem => new IOException($"{markerPath} {problem}"), MaxBytes);
        return JsonConvert.DeserializeObject<ResumeMarker>(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes))?.Checkpoint;
    }
}

/// <summary>What a scan checkpoint records of a store entry it is writing: the hook, the partial folder's id, how
/// many documents its index held and how many rows were allocated when the checkpoint was written.</summary>
public sealed class StoreProgress
{
    [JsonProperty("hook")] public string Hook { get; set; } = "";
    [JsonProperty("folder_id")] public string FolderId { get; set; } = "";
    [JsonProperty("documents")] public int Documents { get; set; }
    [JsonProperty("rows")] public long Rows { get; set; }
}
