using System.Security.Cryptography;
using System.Text;
using InterpLsp.Analysis.Scans;
using Newtonsoft.Json;

namespace InterpLsp.Analysis.ActivationStore;

/// <summary>
/// Hidden states of scanned corpora on disk, so that scanning a new direction at a hook already scanned reads
/// states instead of running the model. One entry per (model id, corpus hash, hook, shard), a folder named by
/// their digest holding <c>states.f16</c> (rows x width float16, row-major), <c>index.json</c> (documents to
/// rows, token texts and offsets), <c>meta.json</c> and a <c>complete</c> marker; an entry is written in a
/// <c>.partial-PID-GUID</c> folder and renamed when complete; such folders left by a process that is gone (a
/// killed scan) are removed when the next entry is written, unless a scan checkpoint that still exists can
/// continue them (for at most <see cref="ResumableDays"/> days), and the size limit counts everything on disk. Whole entries are evicted least recently used first
/// while the store is over its size limit. Problems (the folder is a file, unwritable, the disk full) become
/// warnings naming the path: the scan goes on without the store.
/// </summary>
public sealed class ActivationStore(string root, long limitBytes)
{
    public const long DefaultLimitBytes = 4L << 30;

    /// <summary>How long a partial entry whose checkpoint still exists is kept for that checkpoint to continue it.</summary>
    public const int ResumableDays = 7;

    public string Root { get; } = Path.GetFullPath(root);
    public long LimitBytes { get; } = limitBytes;

    /// <summary>The user's store: <see cref="CacheDirectory.Activations"/>, limit from
    /// <c>INTERP_LSP_STORE_LIMIT_MB</c> (default 4096).</summary>
    public static ActivationStore Default()
    {
        long limit = DefaultLimitBytes;
        if (Environment.GetEnvironmentVariable("INTERP_LSP_STORE_LIMIT_MB") is { Length: > 0 } mb && long.TryParse(mb, out var m) && m >= 0) limit = m << 20;
        return new ActivationStore(CacheDirectory.Activations(), limit);
    }

    public static string Digest(string modelId, string corpusHash, string hook, ShardSpec shard) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{modelId}\n{corpusHash}\n{hook}\n{shard}\n{InterpLsp.Model.Windows.WindowPlanner.Rule}")), 0, 16).ToLowerInvariant();

    /// <summary>The complete entry for these keys, or null.</summary>
    public StoredActivations? TryOpen(string modelId, string corpusHash, string hook, ShardSpec shard, int width, List<string> warnings)
    {
        var dir = Path.Combine(Root, Digest(modelId, corpusHash, hook, shard));
        if (!File.Exists(Path.Combine(dir, "complete"))) return null;
        try
        {
            var s = StoredActivations.Open(dir);
            if (s.Meta.ModelId != modelId || s.Meta.CorpusHash != corpusHash || s.Meta.Hook != hook || s.Meta.Width != width)
            { s.Dispose(); return null; }
            try { Directory.SetLastWriteTimeUtc(dir, DateTime.UtcNow); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            return s;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or ArgumentException)
        {
            warnings.Add($"activation store: ignored the damaged entry {dir}: {e.Message}");
            return null;
        }
    }

    /// <summary>Starts an entry; null (with a warning naming the path) when the store cannot be written.</summary>
    public ActivationWriter? BeginWrite(string modelId, string corpusId, string corpusHash, string hook, ShardSpec shard, int width, List<string> warnings)
    {
        SweepAbandonedPartials(warnings);
        var digest = Digest(modelId, corpusHash, hook, shard);
        var partial = PartialPath(digest, Environment.ProcessId, Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(partial);
            var meta = new StoredEntryMeta { ModelId = modelId, CorpusId = corpusId, CorpusHash = corpusHash, Hook = hook, Shard = shard.ToString(), Width = width };
            return new ActivationWriter(this, partial, Path.Combine(Root, digest), meta);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            warnings.Add($"activation store: cannot write to {Root} ({e.Message}); the scan goes on without storing states");
            try { if (Directory.Exists(partial)) Directory.Delete(partial, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            return null;
        }
    }

    /// <summary>Complete entries, least recently used first, with their sizes.</summary>
    public IReadOnlyList<(string Path, long Bytes, DateTime Used)> Entries()
    {
        if (!Directory.Exists(Root)) return Array.Empty<(string, long, DateTime)>();
        return Directory.GetDirectories(Root)
            .Where(d => File.Exists(Path.Combine(d, "complete")))
            .Select(d => (d, new DirectoryInfo(d).EnumerateFiles().Sum(f => f.Length), Directory.GetLastWriteTimeUtc(d)))
            .OrderBy(e => e.Item3).ThenBy(e => e.d, StringComparer.Ordinal).ToList();
    }

    /// <summary>Folders being written (<c>&lt;digest&gt;.partial-&lt;pid&gt;-&lt;guid&gt;</c>), with the writing process
    /// and their sizes.</summary>
    public IReadOnlyList<(string Path, int Pid, long Bytes)> Partials()
    {
        if (!Directory.Exists(Root)) return Array.Empty<(string, int, long)>();
        var list = new List<(string, int, long)>();
        foreach (var d in Directory.GetDirectories(Root))
        {
            var name = Path.GetFileName(d);
            int at = name.IndexOf(".partial-", StringComparison.Ordinal);
            if (at < 0) continue;
            var rest = name[(at + ".partial-".Length)..];
            int dash = rest.IndexOf('-');
            if (dash <= 0 || !int.TryParse(rest[..dash], out var pid)) pid = 0;
            list.Add((d, pid, FolderBytes(d)));
        }
        return list;
    }

    /// <summary>Everything on disk: complete entries and the folders being written.</summary>
    public long SizeBytes => Entries().Sum(e => e.Bytes) + Partials().Sum(p => p.Bytes);

    /// <summary>Removes the partial folders whose writing process is gone (a killed scan or explain); each removal
    /// is reported in <paramref name="warnings"/>. Folders of live processes are left alone.</summary>
    public int SweepAbandonedPartials(List<string> warnings)
    {
        int removed = 0;
        foreach (var (path, pid, bytes) in Partials())
        {
            if (pid == Environment.ProcessId || (pid > 0 && ProcessIsAlive(pid)) || Resumable(path)) continue;
            try
            {
                Directory.Delete(path, true);
                removed++;
                warnings.Add($"activation store: removed {path} ({bytes >> 20} MiB), left by process {pid}, which is gone");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            { warnings.Add($"activation store: could not remove the abandoned {path}: {e.Message}"); }
        }
        return removed;
    }

    /// <summary>Whether the partial entry at <paramref name="path"/> belongs to a checkpoint that still exists and
    /// was written in the last <see cref="ResumableDays"/> days.</summary>
    private static bool Resumable(string path)
    {
        try
        {
            var marker = Path.Combine(path, ActivationWriter.ResumeMarkerFile);
            if (!File.Exists(marker) || File.GetLastWriteTimeUtc(Path.Combine(path, ActivationWriter.PartialIndexFile)) < DateTime.UtcNow.AddDays(-ResumableDays)) return false;
            var checkpoint = ResumeMarker.CheckpointOf(marker);
            return checkpoint is { Length: > 0 } && File.Exists(checkpoint);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or DecoderFallbackException) { return false; }
    }

    /// <summary>The id of a partial folder named <c>&lt;digest&gt;.partial-&lt;pid&gt;-&lt;id&gt;</c>.</summary>
    internal static string PartialId(string name) => name[(name.LastIndexOf('-') + 1)..];

    /// <summary>The name a partial folder takes when its writer releases it for a checkpoint to continue: process 0.</summary>
    internal static string ReleasedName(string path)
    {
        var name = Path.GetFileName(path);
        int at = name.IndexOf(".partial-", StringComparison.Ordinal);
        return Path.Combine(Path.GetDirectoryName(path)!, $"{name[..at]}.partial-0-{PartialId(name)}");
    }

    internal string PartialPath(string digest, int pid, string id) => Path.Combine(Root, $"{digest}.partial-{pid}-{id}");

    internal static bool ProcessIsAlive(int pid)
    {
        if (OperatingSystem.IsLinux()) return Directory.Exists($"/proc/{pid}");
        try { using var p = System.Diagnostics.Process.GetProcessById(pid); return !p.HasExited; }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    private static long FolderBytes(string dir)
    {
        try { return new DirectoryInfo(dir).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return 0; }
    }

    /// <summary>Deletes least recently used entries while everything on disk (entries and folders still being
    /// written, which cannot be evicted) is over the limit; <paramref name="keep"/> goes last.</summary>
    public void Evict(string? keep, List<string> warnings)
    {
        SweepAbandonedPartials(warnings);
        var entries = Entries().OrderBy(e => e.Path == keep ? 1 : 0).ToList();
        long total = entries.Sum(e => e.Bytes) + Partials().Sum(p => p.Bytes);
        foreach (var e in entries)
        {
            if (total <= LimitBytes) break;
            try { Directory.Delete(e.Path, true); total -= e.Bytes; }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { warnings.Add($"activation store: could not evict {e.Path}: {ex.Message}"); }
            if (e.Path == keep) warnings.Add($"activation store: the states ({e.Bytes >> 20} MiB) exceed the store's limit of {LimitBytes >> 20} MiB and were not kept");
        }
    }
}
