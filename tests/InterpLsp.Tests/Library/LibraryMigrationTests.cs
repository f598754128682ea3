using InterpLsp.Interp.Directions;
using InterpLsp.Library;
using InterpLsp.Library.Storage;
using Microsoft.Data.Sqlite;
using static InterpLsp.Tests.Library.LibraryTestData;

namespace InterpLsp.Tests.Library;

/// <summary>A database made by an older build (its DDL written out here, as that build wrote it) opens, migrates to
/// the current schema and keeps its rows; one from a newer build is refused untouched.</summary>
public class LibraryMigrationTests
{
    private const string Version1Ddl = """
        CREATE TABLE directions(
            id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, hook TEXT, model_id TEXT, width INTEGER NOT NULL,
            kind TEXT NOT NULL, bias REAL NOT NULL DEFAULT 0, scale REAL NOT NULL DEFAULT 1, neuron_index INTEGER,
            source TEXT NOT NULL DEFAULT '', made_by TEXT NOT NULL DEFAULT '{}', created_utc TEXT NOT NULL, hash TEXT NOT NULL);
        CREATE INDEX directions_hash ON directions(hash);
        PRAGMA user_version = 1;
        """;

    private static SqliteConnection Raw(string path)
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        c.Open();
        return c;
    }

    private static object? Scalar(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    [Fact]
    public void A_version_1_database_migrates_and_keeps_its_rows()
    {
        using var tmp = new TempFolder();
        var probe = Probe(21);
        Directory.CreateDirectory(Path.Combine(tmp.Interp, "vectors"));
        var db = Path.Combine(tmp.Interp, DirectionLibrary.DatabaseFileName);
        using (var c = Raw(db))
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = Version1Ddl + """
                INSERT INTO directions(name, hook, model_id, width, kind, bias, scale, source, made_by, created_utc, hash)
                VALUES ('old-probe', $hook, $model, 384, 'Probe', $bias, $scale, 'trained', '{"Method":"logistic"}', '2026-01-02T03:04:05.0000000Z', $hash);
                """;
            cmd.Parameters.AddWithValue("$hook", probe.Hook);
            cmd.Parameters.AddWithValue("$model", probe.ModelId);
            cmd.Parameters.AddWithValue("$bias", (double)probe.Bias);
            cmd.Parameters.AddWithValue("$scale", (double)probe.Scale);
            cmd.Parameters.AddWithValue("$hash", probe.Hash);
            cmd.ExecuteNonQuery();
        }
        VectorFile.Write(Path.Combine(tmp.Interp, "vectors", probe.Hash + ".safetensors"), probe);

        using (var lib = DirectionLibrary.Open(tmp.Interp))
        {
            var e = Assert.Single(lib.List());
            Assert.Equal(("old-probe", "logistic", new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc)), (e.Name, e.MadeBy.Method, e.CreatedUtc));
            var back = lib.Get("old-probe");
            Assert.Equal(probe.Hash, back.Hash);
            Assert.Equal((DirectionKind.Probe, probe.Bias, probe.Scale), (back.Kind, back.Bias, back.Scale));
            lib.Tag("old-probe", "v2-feature"); // a table the migration added
            Assert.Equal("new", lib.Put(SaeFeature(4), "new", MadeBy.Unknown)); // columns the migration added
            Assert.Equal(SaeFeature(4).Hash, lib.Get("new").Hash);
        }
        using var check = Raw(db);
        Assert.Equal((long)Schema.Latest, Scalar(check, "PRAGMA user_version"));
        Assert.Equal("ok", Scalar(check, "PRAGMA integrity_check"));
        Assert.Equal("wal", Scalar(check, "PRAGMA journal_mode"));
    }

    [Fact]
    public void A_database_from_a_newer_build_is_refused_and_left_as_it_is()
    {
        using var tmp = new TempFolder();
        using (DirectionLibrary.Open(tmp.Interp)) { }
        var db = Path.Combine(tmp.Interp, DirectionLibrary.DatabaseFileName);
        using (var c = Raw(db)) { using var cmd = c.CreateCommand(); cmd.CommandText = $"PRAGMA user_version = {Schema.Latest + 5}"; cmd.ExecuteNonQuery(); }
        var before = File.ReadAllBytes(db);
        var e = Assert.Throws<LibraryException>(() => DirectionLibrary.Open(tmp.Interp));
        Assert.Contains(db, e.Message);
        Assert.Contains($"schema version {Schema.Latest + 5} is newer", e.Message);
        Assert.Equal(before, File.ReadAllBytes(db));
    }
}
