using System.Globalization;
using InterpLsp.Interp.Directions;
using InterpLsp.Library.Storage;
using Microsoft.Data.Sqlite;
using Newtonsoft.Json;
using InterpLsp.Interp.IO;

namespace InterpLsp.Library;

// Opening a library: the header check, the pragmas, the migrations and the sweep of unreferenced vector files.
public sealed partial class DirectionLibrary
{
    /// <summary>Opens (creating when absent) the library in <paramref name="interpDir"/>, migrating its schema.
    /// A locked, corrupt or newer database is a <see cref="LibraryException"/> naming the file; the file is left as it is.
    /// A folder that cannot be written is a <see cref="LibraryException"/> saying that writing is refused and why.</summary>
    public static DirectionLibrary Open(string interpDir, TimeSpan? busyTimeout = null)
    {
        var folder = Path.GetFullPath(interpDir);
        var timeout = busyTimeout ?? DefaultBusyTimeout;
        var dbPath = Path.Combine(folder, DatabaseFileName);
        CheckNotFolder(dbPath);
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, VectorsFolderName));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LibraryException($"{folder}: cannot create the library folder: {e.Message}", e);
        }
        if (Unwritable(folder, dbPath) is { } why)
            throw new LibraryException($"{folder}: writing is refused: the folder is read-only ({why}); nothing was changed");
        CheckHeader(dbPath);
        var db = new SqliteConnection(ConnectionString(dbPath, SqliteOpenMode.ReadWriteCreate, timeout));
        var lib = new DirectionLibrary(folder, db, timeout);
        SetUpOrDispose(db, dbPath, timeout, () =>
        {
            db.Open();
            lib.Exec($"PRAGMA busy_timeout = {(long)timeout.TotalMilliseconds}");
            lib.Exec("PRAGMA foreign_keys = ON");
            lib.CheckIntact(dbPath);
            if (Scalar(db, "PRAGMA journal_mode") as string != "wal")
                lib.Exec("PRAGMA journal_mode = WAL");
            lib.Exec("PRAGMA synchronous = FULL");
            lib.Migrate();
            (lib.SweptOnOpen, lib.UnownedOnOpen) = lib.Sweep();
        });
        return lib;
    }

    /// <summary>Opens an existing library for reading: writable when its folder can be written (as
    /// <see cref="Open"/>), else read-only (<see cref="ReadOnlyReason"/> says why; nothing is migrated, swept or
    /// created, and every write is refused with that reason).</summary>
    public static DirectionLibrary OpenForReading(string interpDir, TimeSpan? busyTimeout = null)
    {
        var folder = Path.GetFullPath(interpDir);
        var dbPath = Path.Combine(folder, DatabaseFileName);
        CheckNotFolder(dbPath);
        var why = Unwritable(folder, dbPath);
        return why is null ? Open(folder, busyTimeout) : OpenReadOnly(folder, dbPath, why, busyTimeout ?? DefaultBusyTimeout);
    }

    private static DirectionLibrary OpenReadOnly(string folder, string dbPath, string why, TimeSpan timeout)
    {
        if (!File.Exists(dbPath)) throw new LibraryException($"{dbPath}: no library database, and none can be created: {why}");
        CheckHeader(dbPath);
        // First as an ordinary reader (sees a live writer's WAL); a WAL database whose -shm cannot be created in a
        // read-only folder opens only as immutable (no writer can be busy in a folder nobody can write).
        foreach (var immutable in new[] { false, true })
        {
            var source = immutable ? "file:" + Uri.EscapeDataString(dbPath).Replace("%2F", "/", StringComparison.Ordinal) + "?immutable=1" : dbPath;
            var db = new SqliteConnection(ConnectionString(source, SqliteOpenMode.ReadOnly, timeout));
            var lib = new DirectionLibrary(folder, db, timeout, $"the folder is read-only ({why})");
            bool opened = SetUpOrDispose(db, dbPath, timeout, () =>
            {
                db.Open();
                lib.Exec($"PRAGMA busy_timeout = {(long)timeout.TotalMilliseconds}");
                lib.CheckIntact(dbPath);
                long version = lib.SchemaVersionNotNewer();
                if (version < Schema.ReadableFrom)
                    throw new LibraryException($"{dbPath}: schema version {version} must be upgraded before it can be read, and {folder} is read-only ({why})");
            }, tryNextWay: e => !immutable && (e.SqliteErrorCode & 0xFF) is 14 or 8 or 10);
            if (opened) return lib;
        }
        throw new LibraryException($"{dbPath}: cannot be opened for reading");
    }

    /// <summary>Runs <paramref name="setUp"/> on a new connection; when it fails the connection is disposed and the
    /// error rethrown, a SQLite error as the <see cref="LibraryException"/> naming the file
    /// (<see cref="SqliteErrors.Describe"/>). A SQLite error that <paramref name="tryNextWay"/> accepts is no error:
    /// false is returned, for the caller to open the file another way.</summary>
    private static bool SetUpOrDispose(SqliteConnection db, string dbPath, TimeSpan timeout, Action setUp,
        Func<SqliteException, bool>? tryNextWay = null)
    {
        try
        {
            setUp();
            return true;
        }
        catch (Exception e)
        {
            db.Dispose();
            if (e is not SqliteException s) throw;
            if (tryNextWay?.Invoke(s) == true) return false;
            throw SqliteErrors.Describe(dbPath, s, timeout);
        }
    }

    /// <summary>SQLite's quick check; anything but "ok" is an error that leaves the file as it is.</summary>
    private void CheckIntact(string dbPath)
    {
        var check = Scalar("PRAGMA quick_check") as string;
        if (check != "ok")
            throw new LibraryException($"{dbPath}: the database is corrupt ({Echo.Input(check ?? "no answer", 120)}); it was left as it is");
    }

    /// <summary>A database path that is a folder (or anything but a file) is an error naming it.</summary>
    private static void CheckNotFolder(string dbPath)
    {
        if (Directory.Exists(dbPath))
            throw new LibraryException($"{dbPath}: is a folder, not a library database file; it was left as it is");
    }

    /// <summary>Why the library folder (or its database file) cannot be written, or null when it can: a file is
    /// created and removed in the folder, and the database (when present) is opened for writing. As root only an
    /// immutable folder (chattr +i) or a read-only mount refuses.</summary>
    private static string? Unwritable(string folder, string dbPath)
    {
        try
        {
            var probe = Path.Combine(folder, $".write-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
            var vectors = Path.Combine(folder, VectorsFolderName);
            if (Directory.Exists(vectors))
            {
                var vprobe = Path.Combine(vectors, $".write-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
                using (new FileStream(vprobe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
            }
            if (File.Exists(dbPath))
                using (new FileStream(dbPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete)) { }
            return null;
        }
        catch (DirectoryNotFoundException) { return null; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Echo.Message(e.Message);
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

    /// <summary>The database's schema version; one newer than this build knows is an error.</summary>
    private long SchemaVersionNotNewer()
    {
        long version = Convert.ToInt64(Scalar("PRAGMA user_version"), CultureInfo.InvariantCulture);
        if (version > Schema.Latest)
            throw new LibraryException($"{DatabasePath}: schema version {version} is newer than this build's {Schema.Latest}; use a newer interp-lsp");
        return version;
    }

    private static string ConnectionString(string source, SqliteOpenMode mode, TimeSpan timeout) => new SqliteConnectionStringBuilder
    {
        DataSource = source,
        Mode = mode,
        Pooling = false,
        DefaultTimeout = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)),
    }.ToString();

    private void Migrate()
    {
        long version = SchemaVersionNotNewer();
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

    // ---- files ----------------------------------------------------------------------------------------------

    private string VectorPath(string hash) => Path.Combine(VectorsFolder, hash + ".safetensors");

    /// <summary>Removes temporary files and the vector files this database wrote (<c>vector_files</c>) that no row
    /// references any more, when no other writer is busy. A vector file this database did not write is never
    /// touched, however unreferenced: it may be another database's, or one moved away (a new, empty or replaced
    /// database owns nothing, so it removes nothing). Returns (removed, unowned and left).</summary>
    private (int Swept, int Unowned) Sweep()
    {
        using var exclusive = VectorLock.TryExclusive(VectorsFolder);
        if (exclusive is null) return (0, 0);
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        using (var cmd = Command("SELECT DISTINCT hash FROM directions", null))
        using (var r = cmd.ExecuteReader())
            while (r.Read()) referenced.Add(r.GetString(0));
        var owned = new HashSet<string>(StringComparer.Ordinal);
        using (var cmd = Command("SELECT hash FROM vector_files", null))
        using (var r = cmd.ExecuteReader())
            while (r.Read()) owned.Add(r.GetString(0));
        int swept = 0, unowned = 0;
        foreach (var f in Directory.EnumerateFiles(VectorsFolder))
        {
            var file = Path.GetFileName(f);
            if (file == VectorLock.FileName) continue;
            if (file.StartsWith(DurableFile.TempPrefix, StringComparison.Ordinal))
            {
                if (TryDelete(f)) swept++;
                continue;
            }
            if (!file.EndsWith(".safetensors", StringComparison.Ordinal)) continue;
            var hash = Path.GetFileNameWithoutExtension(file);
            if (referenced.Contains(hash)) continue;
            if (!owned.Contains(hash)) { unowned++; continue; }
            if (TryDelete(f))
            {
                swept++;
                Exec("DELETE FROM vector_files WHERE hash = $h", null, ("$h", hash));
            }
        }
        return (swept, unowned);
    }

    private static bool TryDelete(string path)
    {
        try { File.Delete(path); return true; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }
}
