using System.Text;
using InterpLsp.Analysis.Scans;
using Newtonsoft.Json;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.ActivationStore;

/// <summary>Continues the partial store entry of a scan that was killed or cancelled after a checkpoint: the folder
/// the checkpoint names is claimed (renamed to this process; a folder whose writer still runs is left alone), its
/// partial index must hold at least the checkpoint's documents, ending at the checkpoint's row count, and its
/// states must reach the last row of every document the checkpoint counts as done. The index is cut back to the
/// checkpoint's documents (the killed run may have read further); the rows of the documents that were still in
/// progress (<c>not_done</c>) are rewritten where they were allocated. Anything else is a warning naming the
/// folder and what did not match, the folder is removed, and null is returned.</summary>
public static class EntryContinuation
{
    /// <param name="firstRows">The rows of each document of the index by corpus ordinal (for the documents in progress).</param>
    public static ActivationWriter? TryContinue(ActivationStore store, StoreProgress saved, string modelId, string corpusId, string corpusHash,
        ShardSpec shard, int width, IReadOnlySet<long> notDone, List<string> warnings, out Dictionary<long, long> firstRows)
    {
        firstRows = new();
        var digest = ActivationStore.Digest(modelId, corpusHash, saved.Hook, shard);
        if (saved.FolderId.Length is 0 or > 64 || !saved.FolderId.All(char.IsAsciiLetterOrDigit))
        {
            warnings.Add("activation store: the checkpoint names no valid partial entry; its states are computed again");
            return null;
        }
        var found = store.Partials().Where(p => Path.GetFileName(p.Path).StartsWith(digest + ".partial-", StringComparison.Ordinal)
            && ActivationStore.PartialId(Path.GetFileName(p.Path)) == saved.FolderId).ToList();
        if (found.Count != 1)
        {
            warnings.Add($"activation store: the partial entry of the interrupted scan at {saved.Hook} is gone; its states are computed again");
            return null;
        }
        var (old, pid, _) = found[0];
        if (pid == Environment.ProcessId || (pid > 0 && ActivationStore.ProcessIsAlive(pid)))
        {
            warnings.Add($"activation store: {old} is still being written by process {pid}; its states are computed again");
            return null;
        }
        var mine = store.PartialPath(digest, Environment.ProcessId, saved.FolderId);
        try { Directory.Move(old, mine); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            warnings.Add($"activation store: could not claim {old} ({e.Message}); its states are computed again");
            return null;
        }
        string? problem = null;
        try
        {
            var lines = ReadIndex(Path.Combine(mine, ActivationWriter.PartialIndexFile), saved.Documents);
            long statesRows = new FileInfo(Path.Combine(mine, "states.f16")).Length / (2L * width);
            long end = lines.Count == 0 ? 0 : lines[^1].Document.FirstRow + lines[^1].Document.Tokens.Length;
            long doneEnd = lines.Where(l => !notDone.Contains(l.Ordinal) && l.Document.Tokens.Length > 0).Select(l => l.Document.FirstRow + l.Document.Tokens.Length).DefaultIfEmpty(0).Max();
            if (lines.Count < saved.Documents) problem = $"its index holds {lines.Count:N0} documents, the checkpoint {saved.Documents:N0}";
            else if (end != saved.Rows) problem = $"its index ends at row {end:N0}, the checkpoint at row {saved.Rows:N0}";
            else if (statesRows < doneEnd) problem = $"its states hold {statesRows:N0} rows, but the documents done end at row {doneEnd:N0}";
            else if (lines.Any(l => l.Document.Tokens.Length != l.Document.Starts.Length || l.Document.Tokens.Length != l.Document.Ends.Length))
                problem = "its index is inconsistent";
            if (problem is null)
            {
                var kept = lines.Take(saved.Documents).ToList();
                var text = new StringBuilder();
                foreach (var l in kept) text.Append(JsonConvert.SerializeObject(l)).Append('\n');
                var index = Path.Combine(mine, ActivationWriter.PartialIndexFile);
                InterpLsp.Interp.IO.DurableFile.Write(index, new UTF8Encoding(false).GetBytes(text.ToString()));
                foreach (var l in kept) firstRows[l.Ordinal] = l.Document.FirstRow;
                var meta = new StoredEntryMeta { ModelId = modelId, CorpusId = corpusId, CorpusHash = corpusHash, Hook = saved.Hook, Shard = shard.ToString(), Width = width };
                return new ActivationWriter(store, mine, Path.Combine(store.Root, digest), meta, kept.Select(l => (l.Ordinal, l.Document)).ToList());
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or DecoderFallbackException)
        {
            problem = $"it cannot be read ({(e is JsonException or DecoderFallbackException ? "its index is damaged" : e.Message)})";
        }
        warnings.Add($"activation store: could not continue {mine}: {problem}; its states are computed again");
        try { Directory.Delete(mine, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        firstRows.Clear();
        return null;
    }

    /// <summary>Bound of a line of a partial index: a document's line holds its tokens' texts and ranges (a corpus
    /// line is at most 1 MiB of text); the whole index is bounded by <see cref="ActivationWriter.MaxIndexBytes"/>.</summary>
    private const int MaxIndexLineBytes = 64 << 20;

    /// <summary>The first <paramref name="wanted"/> lines of the partial index (fewer when it holds fewer; a torn
    /// last line, written when the process was killed, ends it). Read as every file is (<see cref="SafeFile"/>: a
    /// regular file, bounded; each line bounded): anything else is an IOException naming the problem.</summary>
    private static List<PartialIndexLine> ReadIndex(string path, int wanted)
    {
        var lines = new List<PartialIndexLine>();
        IOException Fail(string problem) => new($"{ActivationWriter.PartialIndexFile} {problem}");
        using var handle = SafeFile.Open(path, Fail, ActivationWriter.MaxIndexBytes);
        using var stream = SafeFile.Stream(handle, Fail, ActivationWriter.MaxIndexBytes, CancellationToken.None);
        var reader = new Corpora.BoundedLineReader(stream, MaxIndexLineBytes);
        var utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
        while (lines.Count < wanted && reader.Next(out var bytes, out bool tooLong))
        {
            if (tooLong) throw Fail($"line {reader.LineNumber}: longer than {MaxIndexLineBytes:N0} bytes");
            PartialIndexLine? l;
            try { l = JsonConvert.DeserializeObject<PartialIndexLine>(utf8.GetString(bytes.Span)); }
            catch (JsonException) when (!reader.Next(out _, out _)) { break; } // the torn last line: nothing follows it
            if (l?.Document is null) break;
            lines.Add(l);
        }
        return lines;
    }
}
