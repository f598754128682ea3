using InterpLsp.Analysis.Explain.Results;
using InterpLsp.Analysis.Runs;
using InterpLsp.Library;
using InterpLsp.Library.Storage;
using Microsoft.Data.Sqlite;
using static InterpLsp.Tests.Library.LibraryTestData;

namespace InterpLsp.Tests.Library;

/// <summary>Explanations in the library: stored by the direction's content hash with the scan they came from, the
/// latest returned (per corpus on request), kept when the name is deleted (like scans), read back by
/// <see cref="ExplainRun.Stored"/>; a version-4 database (before the table) migrates and keeps its rows.</summary>
public class LibraryExplanationTests
{
    [Fact]
    public void Explanations_are_stored_by_content_hash_with_their_scan_and_the_latest_is_returned()
    {
        using var tmp = new TempFolder();
        using var lib = DirectionLibrary.Open(tmp.Interp);
        var d = Projection(6);
        lib.Put(d, "explained", MadeBy.Unknown);
        Assert.Null(lib.LatestExplanation("explained"));
        long scan = lib.PutScan(d.Hash, "default", "c1", Hook, "{\"n\":1}");
        long first = lib.PutExplanation(d.Hash, scan, "c1", Hook, "{\"e\":1}");
        long second = lib.PutExplanation(d.Hash, null, "c2", Hook, "{\"e\":2}");
        Assert.True(second > first);

        var latest = lib.LatestExplanation("explained")!;
        Assert.Equal((second, d.Hash, (long?)null, "c2", Hook, "{\"e\":2}"),
            (latest.Id, latest.DirectionHash, latest.ScanId, latest.CorpusHash, latest.Hook, latest.ResultJson));
        Assert.InRange(latest.CreatedUtc, DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(1));
        var ofC1 = lib.LatestExplanation(d.Hash, corpusHash: "c1")!;
        Assert.Equal((first, (long?)scan, "{\"e\":1}"), (ofC1.Id, ofC1.ScanId, ofC1.ResultJson));
        Assert.Null(lib.LatestExplanation(d.Hash, corpusHash: "c9"));
        Assert.Null(lib.LatestExplanation(Projection(7).Hash));

        // like scans: keyed by content hash, so deleting the name keeps them, and the vector stored again finds them
        lib.Delete("explained");
        Assert.Equal(second, lib.LatestExplanation(d.Hash)!.Id);
        lib.Put(d, "again", MadeBy.Unknown);
        Assert.Equal(second, lib.LatestExplanation("again")!.Id);
    }

    [Fact]
    public void Bad_explanations_are_refused_naming_the_problem_and_nothing_is_stored()
    {
        using var tmp = new TempFolder();
        using var lib = DirectionLibrary.Open(tmp.Interp);
        var d = Projection(8);
        var scan = Assert.Throws<ArgumentException>(() => lib.PutExplanation(d.Hash, 42, "c1", Hook, "{}"));
        Assert.Contains("no scan with id 42", scan.Message);
        Assert.Contains("json", Assert.Throws<ArgumentException>(() => lib.PutExplanation(d.Hash, null, "c1", Hook, "")).Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("hook", Assert.Throws<ArgumentException>(() => lib.PutExplanation(d.Hash, null, "c1", "", "{}")).Message);
        Assert.Null(lib.LatestExplanation(d.Hash));
    }

    [Fact]
    public void Stored_reads_the_latest_explanation_back_and_a_damaged_one_is_a_problem_not_an_exception()
    {
        using var tmp = new TempFolder();
        using var lib = DirectionLibrary.Open(tmp.Interp);
        var d = Projection(9);
        Assert.Null(ExplainRun.Stored(lib, d, out var none));
        Assert.Null(none);

        var result = new ExplanationResult { Direction = "heat", DirectionHash = d.Hash, Hook = Hook, CorpusHash = "c1", Verdict = "partly explained" };
        result.Sides.Add(new ExplanationSide { Side = "positive", VerdictKind = "partly", Verdict = "partly explained by warm" });
        lib.PutExplanation(d.Hash, null, "c1", Hook, result.ToJson());
        var back = ExplainRun.Stored(lib, d, out var problem);
        Assert.Null(problem);
        Assert.Equal(("heat", "partly explained", "partly explained by warm"), (back!.Direction, back.Verdict, back.Sides[0].Verdict));

        long damaged = lib.PutExplanation(d.Hash, null, "c1", Hook, "{\"version\": 1, \"sides\": [");
        Assert.Null(ExplainRun.Stored(lib, d, out problem));
        Assert.Contains($"explanation {damaged}", problem);
        Assert.Contains("not an explanation", problem);

        lib.PutExplanation(d.Hash, null, "c1", Hook, "{\"version\": 99, \"sides\": []}");
        Assert.Null(ExplainRun.Stored(lib, d, out problem));
        Assert.Contains("explanation version 99", problem);
    }

    [Fact]
    public void A_version_4_database_migrates_to_the_explanations_table_and_keeps_its_scans()
    {
        using var tmp = new TempFolder();
        Directory.CreateDirectory(Path.Combine(tmp.Interp, "vectors"));
        var db = Path.Combine(tmp.Interp, DirectionLibrary.DatabaseFileName);
        var d = Projection(10);
        using (var c = Raw(db))
        {
            // the schema as a version-4 build left it: its four migrations (never edited once released) and its user_version
            Exec(c, string.Join("\n", Schema.Migrations.Take(4)) + "\nPRAGMA user_version = 4;");
            Exec(c, $$"""
                INSERT INTO scans(direction_hash, corpus_id, corpus_hash, hook, created_utc, result_json)
                VALUES ('{{d.Hash}}', 'default', 'c1', '{{Hook}}', '2026-01-02T03:04:05.0000000Z', '{"n":1}');
                """);
        }
        using (var lib = DirectionLibrary.Open(tmp.Interp))
        {
            var scan = lib.LatestScan(d.Hash)!;
            Assert.Equal(("c1", "{\"n\":1}"), (scan.CorpusHash, scan.ResultJson));
            long id = lib.PutExplanation(d.Hash, scan.Id, "c1", Hook, "{\"e\":1}");
            Assert.Equal((id, (long?)scan.Id), (lib.LatestExplanation(d.Hash)!.Id, lib.LatestExplanation(d.Hash)!.ScanId));
        }
        using var check = Raw(db);
        using var cmd = check.CreateCommand();
        cmd.CommandText = "PRAGMA user_version";
        Assert.Equal((long)Schema.Latest, cmd.ExecuteScalar());
        Assert.Equal(6, Schema.Latest);
    }

    private static SqliteConnection Raw(string path)
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        c.Open();
        return c;
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
