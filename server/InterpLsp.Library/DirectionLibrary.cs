using System.Globalization;
using InterpLsp.Interp.Directions;
using InterpLsp.Library.Storage;
using Microsoft.Data.Sqlite;
using Newtonsoft.Json;

namespace InterpLsp.Library;

/// <summary>
/// The workspace's direction library in its <c>.interp/</c> folder: <c>library.sqlite</c> (WAL, a busy timeout,
/// foreign keys, versioned schema: <see cref="Schema"/>) holds every scalar of a <see cref="Direction"/>, how it was
/// made, its tags and corpus scans; <c>vectors/HASH.safetensors</c> holds its arrays (<see cref="VectorFile"/>).
/// Writes are atomic: vector files are written durably first, then the rows are committed in one transaction;
/// what a crash leaves unreferenced is swept on open. Thread-safe (one connection behind a lock); several
/// processes may use one library at once.
/// </summary>
public sealed class DirectionLibrary : IDisposable
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

    private DirectionLibrary(string folder, SqliteConnection db, TimeSpan busyTimeout)
    {
        Folder = folder;
        _db = db;
        BusyTimeout = busyTimeout;
    }

    /// <summary>The <c>.interp</c> folder.</summary>
    public string Folder { get; }
    public string DatabasePath => Path.Combine(Folder, DatabaseFileName);
    public string VectorsFolder => Path.Combine(Folder, VectorsFolderName);
    public TimeSpan BusyTimeout { get; }
    /// <summary>Files the sweep on open removed (temporary files and vector files no row references).</summary>
    public int SweptOnOpen { get; private set; }

    /// <summary>Opens (creating when absent) the library in <paramref name="interpDir"/>, migrating its schema.
    /// A locked, corrupt or newer database is a <see cref="LibraryException"/> naming the file; the file is left as it is.</summary>
    public static DirectionLibrary Open(string interpDir, TimeSpan? busyTimeout = null)
    {
        var folder = Path.GetFullPath(interpDir);
        var timeout = busyTimeout ?? DefaultBusyTimeout;
        var dbPath = Path.Combine(folder, DatabaseFileName);
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, VectorsFolderName));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LibraryException($"{folder}: cannot create the library folder: {e.Message}", e);
        }
        CheckHeader(dbPath);
        var cs = new SqliteConnectionStringBuilder
        {
            DataSource = dbPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)),
        }.ToString();
        var db = new SqliteConnection(cs);
        var lib = new DirectionLibrary(folder, db, timeout);
        try
        {
            db.Open();
            lib.Exec($"PRAGMA busy_timeout = {(long)timeout.TotalMilliseconds}");
            lib.Exec("PRAGMA foreign_keys = ON");
            var check = lib.Scalar("PRAGMA quick_check") as string;
            if (check != "ok")
                throw new LibraryException($"{dbPath}: the database is corrupt ({Echo.Input(check ?? "no answer", 120)}); it was left as it is");
            if (Scalar(db, "PRAGMA journal_mode") as string != "wal")
                lib.Exec("PRAGMA journal_mode = WAL");
            lib.Exec("PRAGMA synchronous = FULL");
            lib.Migrate();
            lib.SweptOnOpen = lib.Sweep();
            return lib;
        }
        catch (SqliteException e)
        {
            db.Dispose();
            throw SqliteErrors.Describe(dbPath, e, timeout);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>Refuses a file that is not SQLite before SQLite touches it (an empty file is a new database).</summary>
    private static void CheckHeader(string dbPath)
    {
        if (!File.Exists(dbPath)) return;
        if (SafeFile.Problem(dbPath) is { } problem) throw new LibraryException($"{dbPath}: {problem}");
        var head = new byte[SqliteMagic.Length];
        int n;
        try
        {
            using var f = new FileStream(dbPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            n = f.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LibraryException($"{dbPath}: cannot read the database: {e.Message}", e);
        }
        if (n == 0) return;
        if (n < head.Length || !head.AsSpan().SequenceEqual(SqliteMagic))
            throw new LibraryException($"{dbPath}: is not a SQLite database (its first {n} bytes are not the SQLite header); it was left as it is");
    }

    private void Migrate()
    {
        long version = Convert.ToInt64(Scalar("PRAGMA user_version"), CultureInfo.InvariantCulture);
        if (version > Schema.Latest)
            throw new LibraryException($"{DatabasePath}: schema version {version} is newer than this build's {Schema.Latest}; use a newer interp-lsp");
        while (version < Schema.Latest)
        {
            using var tx = _db.BeginTransaction(deferred: false);
            // Another process may have migrated between our read and our write lock.
            version = Convert.ToInt64(Scalar("PRAGMA user_version", tx), CultureInfo.InvariantCulture);
            if (version >= Schema.Latest) { tx.Commit(); break; }
            Exec(Schema.Migrations[(int)version], tx);
            Exec($"PRAGMA user_version = {version + 1}", tx);
            tx.Commit();
            version++;
        }
    }

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
        using var vectorLock = VectorLock.Shared(VectorsFolder, BusyTimeout);
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var i in items)
        {
            cancellation.ThrowIfCancellationRequested();
            var hash = i.Direction.Hash;
            if (!written.Add(hash)) continue;
            var path = VectorPath(hash);
            try
            {
                // Content-addressed: an existing file for this hash is kept when it holds exactly these arrays.
                if (!VectorFile.Holds(path, i.Direction)) VectorFile.Write(path, i.Direction, flushFolder: false);
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

    /// <summary>Removes a direction (its tags go with it; scans stay, keyed by content hash); its vector file is
    /// removed after the commit when no other direction shares it and no other writer is busy (else the next
    /// open's sweep removes it).</summary>
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
            if (Convert.ToInt64(Scalar("SELECT count(*) FROM directions WHERE hash = $h", null, ("$h", hash)), CultureInfo.InvariantCulture) == 0)
                TryDelete(VectorPath(hash));
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

    // ---- rows -----------------------------------------------------------------------------------------------

    private sealed record Row(string Name, string? Hook, string? ModelId, string? DeclaredModel, int Width, DirectionKind Kind,
        float Bias, float Scale, int? Neuron, string Source, string Hash,
        string? SaeArchitecture, int? SaeFeature, float SaeEncoderBias, float SaeThreshold, int SaeTopK, string? SaeNormalization);

    private Row? LoadRow(string name)
    {
        using var cmd = Command("""
            SELECT name, hook, model_id, declared_model, width, kind, bias, scale, neuron_index, source, hash,
                sae_architecture, sae_feature, sae_encoder_bias, sae_threshold, sae_top_k, sae_normalization
            FROM directions WHERE name = $n
            """, null, ("$n", name));
        using var r = cmd.ExecuteReader();
        if (!r.Read()) return null;
        string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        return new Row(r.GetString(0), S(1), S(2), S(3), r.GetInt32(4), ParseKind(r.GetString(5)), (float)r.GetDouble(6), (float)r.GetDouble(7),
            r.IsDBNull(8) ? null : r.GetInt32(8), r.GetString(9), r.GetString(10),
            S(11), r.IsDBNull(12) ? null : r.GetInt32(12), r.IsDBNull(13) ? 0 : (float)r.GetDouble(13), r.IsDBNull(14) ? 0 : (float)r.GetDouble(14),
            r.IsDBNull(15) ? 0 : r.GetInt32(15), S(16));
    }

    private Direction Materialize(Row row)
    {
        var path = VectorPath(row.Hash);
        if (!File.Exists(path))
            throw new LibraryException($"{path}: the vector file of '{Echo.Input(row.Name)}' is missing");
        Dictionary<string, float[]> t;
        try { t = VectorFile.Read(path); }
        catch (DirectionLoadException e) { throw new LibraryException($"the vector file of '{Echo.Input(row.Name)}' is damaged: {e.Message}", e); }
        float[] Need(string tensor) => t.GetValueOrDefault(tensor)
            ?? throw new LibraryException($"{path}: the vector file of '{Echo.Input(row.Name)}' has no tensor '{tensor}'");
        SaeEncoder? sae = row.SaeArchitecture is null ? null : new SaeEncoder(row.SaeArchitecture, row.SaeFeature ?? 0, Need(VectorFile.EncoderRow),
            row.SaeEncoderBias, t.GetValueOrDefault(VectorFile.InputBias), row.SaeThreshold, row.SaeTopK, row.SaeNormalization ?? "none",
            t.GetValueOrDefault(VectorFile.AllEncoder), t.GetValueOrDefault(VectorFile.AllEncoderBias));
        var d = new Direction(IdPrefix + row.Name, row.Name, row.Hook, Need(VectorFile.VectorTensor), row.Kind, row.Bias, row.Scale, row.Source, row.Neuron)
        {
            ModelId = row.ModelId,
            DeclaredModel = row.DeclaredModel,
            Sae = sae,
        };
        if (d.Hash != row.Hash)
            throw new LibraryException($"{path}: the vector file of '{Echo.Input(row.Name)}' does not match its stored hash {row.Hash} (read {d.Hash})");
        return d;
    }

    private SqliteCommand InsertCommand(SqliteTransaction tx)
    {
        var cmd = Command("""
            INSERT INTO directions(name, hook, model_id, declared_model, width, kind, bias, scale, neuron_index, source, made_by, created_utc, hash,
                sae_architecture, sae_feature, sae_encoder_bias, sae_threshold, sae_top_k, sae_normalization)
            VALUES ($name, $hook, $model, $declared, $width, $kind, $bias, $scale, $neuron, $source, $made, $created, $hash,
                $arch, $feature, $ebias, $threshold, $topk, $norm);
            SELECT last_insert_rowid();
            """, tx);
        foreach (var p in new[] { "$name", "$hook", "$model", "$declared", "$width", "$kind", "$bias", "$scale", "$neuron", "$source", "$made",
                     "$created", "$hash", "$arch", "$feature", "$ebias", "$threshold", "$topk", "$norm" })
            cmd.Parameters.Add(new SqliteParameter(p, DBNull.Value));
        return cmd;
    }

    private static long Insert(SqliteCommand cmd, NewDirection item, string name)
    {
        var d = item.Direction;
        void Set(string p, object? v) => cmd.Parameters[p].Value = v ?? DBNull.Value;
        Set("$name", name); Set("$hook", d.Hook); Set("$model", d.ModelId); Set("$declared", d.DeclaredModel); Set("$width", d.Width);
        Set("$kind", d.Kind.ToString()); Set("$bias", (double)d.Bias); Set("$scale", (double)d.Scale); Set("$neuron", d.NeuronIndex);
        Set("$source", d.Source); Set("$made", JsonConvert.SerializeObject(item.MadeBy)); Set("$created", Now()); Set("$hash", d.Hash);
        Set("$arch", d.Sae?.Architecture); Set("$feature", d.Sae?.FeatureIndex); Set("$ebias", d.Sae is { } e1 ? (double)e1.EncoderBias : null);
        Set("$threshold", d.Sae is { } e2 ? (double)e2.Threshold : null); Set("$topk", d.Sae?.TopK); Set("$norm", d.Sae?.Normalization);
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private string UniqueName(string name, SqliteTransaction tx)
    {
        if (!Exists(name, tx)) return name;
        for (int k = 2; ; k++)
        {
            var candidate = $"{name}-{k}";
            if (!Exists(candidate, tx)) return candidate;
        }
    }

    private bool Exists(string name, SqliteTransaction? tx) => Scalar("SELECT 1 FROM directions WHERE name = $n", tx, ("$n", name)) is not null;

    private void AddTag(long id, string tag, SqliteTransaction tx) =>
        Exec("INSERT OR IGNORE INTO tags(direction_id, tag) VALUES ($id, $t)", tx, ("$id", id), ("$t", tag));

    private LibraryException NotFound(string name, SqliteTransaction? tx)
    {
        using var cmd = Command("SELECT name FROM directions", tx);
        using var r = cmd.ExecuteReader();
        var all = new List<string>();
        while (r.Read()) all.Add(r.GetString(0));
        return NotFoundMessage(name, all);
    }

    private LibraryException NotFoundOutside(string name) => NotFoundMessage(name, List().Select(e => e.Name).ToList());

    private LibraryException NotFoundMessage(string name, IReadOnlyList<string> all)
    {
        var similar = NameSuggestions.Closest(name, all, 5);
        return new LibraryException($"no direction named '{Echo.Input(name)}' in the library {Folder}" +
            (all.Count == 0 ? " (it is empty)" : similar.Count > 0 ? $"; similar: {string.Join(", ", similar)}" : $" ({all.Count} stored)"));
    }

    /// <summary>A name must be one line of at most <see cref="MaxNameLength"/> characters, not a <c>neuron:</c> spec.</summary>
    public static string CheckName(string name)
    {
        var n = (name ?? "").Trim();
        if (n.Length == 0) throw new ArgumentException("a library name may not be empty");
        if (n.Length > MaxNameLength) throw new ArgumentException($"library name of {n.Length} characters is longer than {MaxNameLength}");
        if (n.Any(char.IsControl)) throw new ArgumentException($"library name '{Echo.Input(n)}' contains control characters");
        if (n.StartsWith("neuron:", StringComparison.Ordinal) || n.StartsWith(IdPrefix, StringComparison.Ordinal))
            throw new ArgumentException($"library name '{Echo.Input(n)}' may not start with 'neuron:' or '{IdPrefix}'");
        return n;
    }

    private static void CheckTag(string tag)
    {
        if (string.IsNullOrWhiteSpace(tag) || tag.Length > 100 || tag.Any(char.IsControl))
            throw new ArgumentException($"bad tag '{Echo.Input(tag ?? "")}': one line of 1 to 100 characters");
    }

    // ---- files ----------------------------------------------------------------------------------------------

    private string VectorPath(string hash) => Path.Combine(VectorsFolder, hash + ".safetensors");

    /// <summary>Removes temporary files and vector files no row references, when no other writer is busy.</summary>
    private int Sweep()
    {
        using var exclusive = VectorLock.TryExclusive(VectorsFolder);
        if (exclusive is null) return 0;
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        using (var cmd = Command("SELECT DISTINCT hash FROM directions", null))
        using (var r = cmd.ExecuteReader())
            while (r.Read()) referenced.Add(r.GetString(0));
        int swept = 0;
        foreach (var f in Directory.EnumerateFiles(VectorsFolder))
        {
            var file = Path.GetFileName(f);
            if (file == VectorLock.FileName) continue;
            bool orphan = file.StartsWith(DurableFile.TempPrefix, StringComparison.Ordinal)
                || (file.EndsWith(".safetensors", StringComparison.Ordinal) && !referenced.Contains(Path.GetFileNameWithoutExtension(file)));
            if (orphan && TryDelete(f)) swept++;
        }
        return swept;
    }

    private static bool TryDelete(string path)
    {
        try { File.Delete(path); return true; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    // ---- SQL helpers ----------------------------------------------------------------------------------------

    private T Write<T>(Func<SqliteTransaction, T> body)
    {
        try
        {
            using var tx = _db.BeginTransaction(deferred: false);
            var result = body(tx);
            tx.Commit();
            return result;
        }
        catch (SqliteException e) { throw SqliteErrors.Describe(DatabasePath, e, BusyTimeout); }
    }

    private T Read<T>(Func<T> body)
    {
        try { return body(); }
        catch (SqliteException e) { throw SqliteErrors.Describe(DatabasePath, e, BusyTimeout); }
    }

    private SqliteCommand Command(string sql, SqliteTransaction? tx, params (string Name, object? Value)[] args)
    {
        var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v ?? DBNull.Value);
        return cmd;
    }

    private int Exec(string sql, SqliteTransaction? tx = null, params (string, object?)[] args)
    {
        using var cmd = Command(sql, tx, args);
        return cmd.ExecuteNonQuery();
    }

    private object? Scalar(string sql, SqliteTransaction? tx = null, params (string, object?)[] args)
    {
        using var cmd = Command(sql, tx, args);
        var v = cmd.ExecuteScalar();
        return v is DBNull ? null : v;
    }

    private static object? Scalar(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    private static string Now() => DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    private static DateTime ParseTime(string s) =>
        DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static DirectionKind ParseKind(string s) => Enum.TryParse<DirectionKind>(s, out var k) ? k : DirectionKind.Projection;

    private static MadeBy ParseMadeBy(string json)
    {
        try { return JsonConvert.DeserializeObject<MadeBy>(json) is { Method: not null } m ? m : MadeBy.Unknown; }
        catch (JsonException) { return MadeBy.Unknown; }
    }

    public void Dispose()
    {
        lock (_gate) _db.Dispose();
    }
}
