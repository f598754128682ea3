using System.Globalization;
using InterpLsp.Interp.Directions;
using InterpLsp.Library.Storage;
using Microsoft.Data.Sqlite;
using Newtonsoft.Json;

namespace InterpLsp.Library;

// Opening a library: the header check, the pragmas, the migrations and the sweep of unreferenced vector files.
public sealed partial class DirectionLibrary
{
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
}
