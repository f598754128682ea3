using System.Globalization;
using InterpLsp.Interp.Directions;
using InterpLsp.Library.Storage;
using Microsoft.Data.Sqlite;
using Newtonsoft.Json;
using InterpLsp.Interp.IO;

namespace InterpLsp.Library;

/// <summary>
/// The workspace's direction library in its <c>.interp/</c> folder: <c>library.sqlite</c> (WAL, a busy timeout,
/// foreign keys, versioned schema: <see cref="Schema"/>) holds every scalar of a <see cref="Direction"/>, how it was
/// made, its tags, corpus scans and explanations; <c>vectors/HASH.safetensors</c> holds its arrays (<see cref="VectorFile"/>).
/// Writes are atomic: vector files are written durably first, then the rows are committed in one transaction;
/// what a crash leaves unreferenced is swept on open. Thread-safe (one connection behind a lock); several
/// processes may use one library at once.
/// </summary>
public sealed partial class DirectionLibrary : IDisposable
{
    public const string DatabaseFileName = "library.sqlite";
    public const string VectorsFolderName = "vectors";
    /// <summary>Prefix of the <see cref="Direction.Id"/> of a direction read from the library.</summary>
    public const string IdPrefix = "library:";
    public const int MaxNameLength = 200;
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(5);

    private static readonly byte[] SqliteMagic = "SQLite format 3\0"u8.ToArray();
    private readonly object _gate = new();
    private readonly SqliteConnection _db;

    private DirectionLibrary(string folder, SqliteConnection db, TimeSpan busyTimeout, string? readOnlyReason = null)
    {
        Folder = folder;
        _db = db;
        BusyTimeout = busyTimeout;
        ReadOnlyReason = readOnlyReason;
    }

    /// <summary>Why this library was opened read-only (its folder cannot be written), or null when it is writable.
    /// Every writing method of a read-only library throws a <see cref="LibraryException"/> saying so.</summary>
    public string? ReadOnlyReason { get; }
    public bool IsReadOnly => ReadOnlyReason is not null;

    private void RefuseWriteIfReadOnly()
    {
        if (ReadOnlyReason is { } why)
            throw new LibraryException($"{Folder}: writing is refused: {why}; nothing was changed");
    }

    /// <summary>The <c>.interp</c> folder.</summary>
    public string Folder { get; }
    public string DatabasePath => Path.Combine(Folder, DatabaseFileName);
    public string VectorsFolder => Path.Combine(Folder, VectorsFolderName);
    public TimeSpan BusyTimeout { get; }
    /// <summary>Files the sweep on open removed (temporary files and vector files this database wrote that no row
    /// references any more).</summary>
    public int SweptOnOpen { get; private set; }
    /// <summary>Vector files found on open that no row references and this database did not write (another
    /// database's, or one that was moved away): never removed, only counted.</summary>
    public int UnownedOnOpen { get; private set; }

    // ---- writing --------------------------------------------------------------------------------------------

    /// <summary>Stores a direction; returns the name it was stored under (<paramref name="name"/> or the direction's
    /// own name, made unique with <c>-2</c>, <c>-3</c>, ...).</summary>
    public string Put(Direction d, string? name, MadeBy madeBy) => PutMany([new NewDirection(d, name, madeBy)])[0];

    /// <summary>Stores many directions in one transaction: all of them or, after a crash or an error, none.
    /// Returns their stored names in order.</summary>
    public IReadOnlyList<string> PutMany(IReadOnlyList<NewDirection> items, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var names = items.Select(i => CheckName(i.Name ?? i.Direction.Name)).ToList();
        foreach (var i in items) foreach (var t in i.Tags ?? []) CheckTag(t);
        RefuseWriteIfReadOnly();
        using var vectorLock = VectorLock.Shared(VectorsFolder, BusyTimeout);
        // Content-addressed: an existing file for this hash is kept when it holds exactly these arrays. Only the
        // files this process is about to write become this database's, and they are recorded as its own before
        // they are written, so that what a crash leaves is this database's to sweep (a file already there may be
        // another database's: it is never claimed).
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        var toWrite = new List<Direction>();
        foreach (var i in items)
        {
            cancellation.ThrowIfCancellationRequested();
            if (distinct.Add(i.Direction.Hash) && !VectorFile.Holds(VectorPath(i.Direction.Hash), i.Direction)) toWrite.Add(i.Direction);
        }
        if (toWrite.Count > 0)
            lock (_gate)
                Write(tx =>
                {
                    using var own = Command("INSERT OR IGNORE INTO vector_files(hash, written_utc) VALUES ($h, $t)", tx, ("$h", ""), ("$t", Now()));
                    foreach (var d in toWrite)
                    {
                        own.Parameters["$h"].Value = d.Hash;
                        own.ExecuteNonQuery();
                    }
                    return 0;
                });
        foreach (var d in toWrite)
        {
            cancellation.ThrowIfCancellationRequested();
            var path = VectorPath(d.Hash);
            try
            {
                VectorFile.Write(path, d, flushFolder: false);
            }
            catch (IOException e)
            {
                throw new LibraryException($"{path}: cannot write the vector file: {e.Message}; nothing was stored", e);
            }
        }
        DurableFile.FlushFolder(VectorsFolder);
        cancellation.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Write(tx =>
            {
                var stored = new List<string>(items.Count);
                using var insert = InsertCommand(tx);
                for (int k = 0; k < items.Count; k++)
                {
                    var unique = UniqueName(names[k], tx);
                    long id = Insert(insert, items[k], unique);
                    foreach (var t in items[k].Tags ?? []) AddTag(id, t, tx);
                    stored.Add(unique);
                }
                return stored;
            });
        }
    }

    public void Rename(string oldName, string newName)
    {
        var target = CheckName(newName);
        lock (_gate)
            Write(tx =>
            {
                if (Exists(target, tx)) throw new LibraryException($"cannot rename '{Echo.Input(oldName)}': the name '{Echo.Input(target)}' is taken");
                if (Exec("UPDATE directions SET name = $new WHERE name = $old", tx, ("$new", target), ("$old", oldName)) == 0)
                    throw NotFound(oldName, tx);
                return 0;
            });
    }

    /// <summary>Removes a direction (its tags go with it; scans and explanations stay, keyed by content hash); its vector file is
    /// removed after the commit when this database wrote it, no other direction shares it and no other writer is
    /// busy (else the next open's sweep removes it).</summary>
    public void Delete(string name)
    {
        string hash;
        lock (_gate)
            hash = Write(tx =>
            {
                var h = Scalar("SELECT hash FROM directions WHERE name = $n", tx, ("$n", name)) as string ?? throw NotFound(name, tx);
                Exec("DELETE FROM directions WHERE name = $n", tx, ("$n", name));
                return h;
            });
        using var exclusive = VectorLock.TryExclusive(VectorsFolder);
        if (exclusive is null) return;
        lock (_gate)
            if (Convert.ToInt64(Scalar("SELECT count(*) FROM directions WHERE hash = $h", null, ("$h", hash)), CultureInfo.InvariantCulture) == 0
                && Scalar("SELECT 1 FROM vector_files WHERE hash = $h", null, ("$h", hash)) is not null
                && TryDelete(VectorPath(hash)))
                Exec("DELETE FROM vector_files WHERE hash = $h", null, ("$h", hash));
    }

    public void Tag(string name, string tag)
    {
        CheckTag(tag);
        lock (_gate)
            Write(tx =>
            {
                var id = Scalar("SELECT id FROM directions WHERE name = $n", tx, ("$n", name)) ?? throw NotFound(name, tx);
                AddTag(Convert.ToInt64(id, CultureInfo.InvariantCulture), tag, tx);
                return 0;
            });
    }

    public void Untag(string name, string tag)
    {
        lock (_gate)
            Write(tx =>
            {
                var id = Scalar("SELECT id FROM directions WHERE name = $n", tx, ("$n", name)) ?? throw NotFound(name, tx);
                Exec("DELETE FROM tags WHERE direction_id = $id AND tag = $t", tx, ("$id", id), ("$t", tag));
                return 0;
            });
    }

    /// <summary>Stores a scan of the direction with content hash <paramref name="directionHash"/>: its result as
    /// JSON text, or the path of the file holding it. Returns the scan's id.</summary>
    public long PutScan(string directionHash, string corpusId, string corpusHash, string hook, string? resultJson, string? resultPath = null)
    {
        if (resultJson is null && resultPath is null) throw new ArgumentException("a scan needs its result as JSON text or a file path");
        lock (_gate)
            return Write(tx =>
            {
                Exec("""
                    INSERT INTO scans(direction_hash, corpus_id, corpus_hash, hook, created_utc, result_json, result_path)
                    VALUES ($h, $c, $ch, $hook, $t, $j, $p)
                    """, tx, ("$h", directionHash), ("$c", corpusId), ("$ch", corpusHash), ("$hook", hook), ("$t", Now()),
                    ("$j", resultJson), ("$p", resultPath));
                return Convert.ToInt64(Scalar("SELECT last_insert_rowid()", tx), CultureInfo.InvariantCulture);
            });
    }

    // ---- reading --------------------------------------------------------------------------------------------

    /// <summary>The most recent scan of a direction (by library name, else taken as a content hash), optionally of
    /// one corpus (by hash) and hook; null when there is none.</summary>
    public StoredScan? LatestScan(string nameOrHash, string? corpusHash = null, string? hook = null)
    {
        lock (_gate)
            return Read(() =>
            {
                var hash = Scalar("SELECT hash FROM directions WHERE name = $n", null, ("$n", nameOrHash)) as string ?? nameOrHash;
                using var cmd = Command("""
                    SELECT id, direction_hash, corpus_id, corpus_hash, hook, created_utc, result_json, result_path FROM scans
                    WHERE direction_hash = $h AND ($c IS NULL OR corpus_hash = $c) AND ($hook IS NULL OR hook = $hook)
                    ORDER BY id DESC LIMIT 1
                    """, null, ("$h", hash), ("$c", corpusHash), ("$hook", hook));
                using var r = cmd.ExecuteReader();
                if (!r.Read()) return null;
                return new StoredScan(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), ParseTime(r.GetString(5)),
                    r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7));
            });
    }

    /// <summary>Every stored direction, oldest first (no vector file is read).</summary>
    public IReadOnlyList<LibraryEntry> List()
    {
        lock (_gate)
            return Read(() =>
            {
                using var cmd = Command("""
                    SELECT d.name, d.hook, d.model_id, d.width, d.kind, d.source, d.created_utc, d.hash, d.made_by,
                        (SELECT group_concat(tag, char(10)) FROM (SELECT tag FROM tags WHERE direction_id = d.id ORDER BY tag)),
                        EXISTS(SELECT 1 FROM scans s WHERE s.direction_hash = d.hash)
                    FROM directions d ORDER BY d.id
                    """, null);
                using var r = cmd.ExecuteReader();
                var list = new List<LibraryEntry>();
                while (r.Read())
                    list.Add(new LibraryEntry(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2),
                        r.GetInt32(3), ParseKind(r.GetString(4)), r.GetString(5), ParseTime(r.GetString(6)), r.GetString(7),
                        r.IsDBNull(9) ? [] : r.GetString(9).Split('\n'), r.GetInt64(10) != 0, ParseMadeBy(r.GetString(8))));
                return list;
            });
    }

    public LibraryEntry? Entry(string name) => List().FirstOrDefault(e => e.Name == name);

    public bool Contains(string name)
    {
        lock (_gate) return Read(() => Exists(name, null));
    }

    /// <summary>The stored direction: every field as it was put, with <see cref="Direction.Name"/> = the library name
    /// and <see cref="Direction.Id"/> = <c>library:NAME</c>; its <see cref="Direction.Hash"/> is checked against the stored one.</summary>
    public Direction Get(string name) => TryGet(name) ?? throw NotFoundOutside(name);

    public Direction? TryGet(string name)
    {
        Row? row;
        lock (_gate) row = Read(() => LoadRow(name));
        if (row is null) return null;
        return Materialize(row);
    }

    /// <summary>The cosine matrix of the named directions' vectors.</summary>
    public CosineMatrix Compare(IReadOnlyList<string> names)
    {
        var vectors = names.Select(n => Get(n).Vector).ToList();
        var norms = vectors.Select(v => Math.Sqrt(v.Sum(x => (double)x * x))).ToList();
        var m = new double[names.Count][];
        for (int i = 0; i < names.Count; i++)
        {
            m[i] = new double[names.Count];
            for (int j = 0; j < names.Count; j++)
            {
                if (vectors[i].Length != vectors[j].Length)
                    throw new LibraryException($"cannot compare '{Echo.Input(names[i])}' (width {vectors[i].Length}) with '{Echo.Input(names[j])}' (width {vectors[j].Length})");
                double dot = 0;
                for (int k = 0; k < vectors[i].Length; k++) dot += (double)vectors[i][k] * vectors[j][k];
                m[i][j] = norms[i] == 0 || norms[j] == 0 ? 0 : dot / (norms[i] * norms[j]);
            }
        }
        return new CosineMatrix(names.ToList(), m);
    }

    /// <summary>Library names closest to <paramref name="name"/> (for "did you mean" messages).</summary>
    public IReadOnlyList<string> Similar(string name, int max = 5) => NameSuggestions.Closest(name, List().Select(e => e.Name), max);

    public void Dispose()
    {
        lock (_gate) _db.Dispose();
    }
}
