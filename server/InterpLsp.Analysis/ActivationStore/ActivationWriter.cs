using System.Runtime.InteropServices;
using InterpLsp.Analysis.Scans;
using Microsoft.Win32.SafeHandles;
using Newtonsoft.Json;

namespace InterpLsp.Analysis.ActivationStore;

/// <summary>Writes one store entry: rows go to their place in <c>states.f16</c> as they are computed (in any
/// order), documents to the index; <see cref="Complete"/> writes the index and marker, syncs, and renames the
/// folder into place. Any I/O failure deletes the partial entry and becomes a warning.</summary>
public sealed class ActivationWriter : IDisposable
{
    private readonly ActivationStore _store;
    private readonly string _partial, _final;
    private readonly StoredEntryMeta _meta;
    private readonly SafeFileHandle _states;
    private readonly List<StoredDocument> _documents = new();
    private bool _done;

    internal ActivationWriter(ActivationStore store, string partial, string final, StoredEntryMeta meta)
    {
        _store = store; _partial = partial; _final = final; _meta = meta;
        _states = File.OpenHandle(Path.Combine(partial, "states.f16"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read);
    }

    public void AddDocument(DocumentContext doc, long firstRow) => _documents.Add(new StoredDocument
    {
        Key = doc.Key, Path = doc.Path, Offset = doc.Offset, FirstRow = firstRow, Tokens = doc.Tokens, Starts = doc.Starts, Ends = doc.Ends,
    });

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

    public void Complete(long rows, List<string> warnings)
    {
        try
        {
            _meta.Rows = rows;
            RandomAccess.SetLength(_states, rows * _meta.Width * 2L);
            RandomAccess.FlushToDisk(_states);
            _states.Dispose();
            WriteJson(Path.Combine(_partial, "index.json"), _documents);
            WriteJson(Path.Combine(_partial, "meta.json"), _meta);
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

    public void Dispose()
    {
        _states.Dispose();
        if (_done) return;
        try { if (Directory.Exists(_partial)) Directory.Delete(_partial, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
