using System.Diagnostics;
using InterpLsp.Library;
using Microsoft.Data.Sqlite;
using static InterpLsp.Tests.Library.LibraryTestData;

namespace InterpLsp.Tests.Library;

/// <summary>A corrupt, truncated or locked database: a clear error naming the file, the bytes left as they were,
/// and (locked) the library works again once the lock is gone.</summary>
public class LibraryBadDatabaseTests
{
    private static string Db(TempFolder t) => Path.Combine(t.Interp, DirectionLibrary.DatabaseFileName);

    [Fact]
    public void Garbage_bytes_are_not_a_database_and_are_not_overwritten()
    {
        using var tmp = new TempFolder();
        Directory.CreateDirectory(tmp.Interp);
        var garbage = new byte[8192];
        new Random(5).NextBytes(garbage);
        File.WriteAllBytes(Db(tmp), garbage);
        var e = Assert.Throws<LibraryException>(() => DirectionLibrary.Open(tmp.Interp));
        Assert.Contains(Db(tmp), e.Message);
        Assert.Contains("is not a SQLite database", e.Message);
        Assert.Equal(garbage, File.ReadAllBytes(Db(tmp)));
        Assert.False(File.Exists(Db(tmp) + "-wal"));
    }

    [Theory]
    [InlineData(40)]     // inside the 100-byte header
    [InlineData(0.5)]    // half the pages gone
    public void A_truncated_database_is_reported_as_corrupt(double keep)
    {
        using var tmp = new TempFolder();
        using (var lib = DirectionLibrary.Open(tmp.Interp))
            lib.PutMany(Enumerable.Range(0, 400).Select(i => new NewDirection(Projection(i), $"direction number {i} with a long name to fill pages", new MadeBy("test", new string('h', 200)))).ToList());
        var full = File.ReadAllBytes(Db(tmp));
        Assert.True(full.Length > 16 * 4096, $"the database has only {full.Length} bytes");
        var cut = full[..(keep >= 1 ? (int)keep : (int)(full.Length * keep))];
        File.WriteAllBytes(Db(tmp), cut);
        var e = Assert.Throws<LibraryException>(() => DirectionLibrary.Open(tmp.Interp));
        Assert.Contains(Db(tmp), e.Message);
        Assert.Matches("not a SQLite database|corrupt|malformed", e.Message);
        Assert.Equal(cut, File.ReadAllBytes(Db(tmp)));
    }

    [Fact]
    public void A_writer_holding_the_lock_past_the_busy_timeout_fails_the_write_clearly_and_nothing_is_lost()
    {
        using var tmp = new TempFolder();
        using var lib = DirectionLibrary.Open(tmp.Interp, TimeSpan.FromSeconds(1));
        lib.Put(Projection(1), "before", MadeBy.Unknown);
        using (var other = new SqliteConnection($"Data Source={Db(tmp)};Pooling=False"))
        {
            other.Open();
            using var tx = other.BeginTransaction(deferred: false);
            var sw = Stopwatch.StartNew();
            var e = Assert.Throws<LibraryException>(() => lib.Put(Projection(2), "blocked", MadeBy.Unknown));
            Assert.Contains(Db(tmp), e.Message);
            Assert.Contains("locked by another process", e.Message);
            Assert.InRange(sw.Elapsed.TotalSeconds, 0.8, 10);
            Assert.Equal(["before"], lib.List().Select(x => x.Name)); // reads still work (WAL)
            tx.Rollback();
        }
        Assert.Equal("after", lib.Put(Projection(2), "after", MadeBy.Unknown));
        Assert.Equal(Projection(1).Hash, lib.Get("before").Hash);
    }

    [Fact]
    public void An_exclusive_lock_held_past_the_busy_timeout_fails_the_open_clearly()
    {
        using var tmp = new TempFolder();
        using (var lib = DirectionLibrary.Open(tmp.Interp)) lib.Put(Projection(1), "kept", MadeBy.Unknown);
        using (var other = new SqliteConnection($"Data Source={Db(tmp)};Pooling=False"))
        {
            other.Open();
            using (var cmd = other.CreateCommand()) { cmd.CommandText = "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;"; cmd.ExecuteNonQuery(); }
            var e = Assert.Throws<LibraryException>(() => DirectionLibrary.Open(tmp.Interp, TimeSpan.FromSeconds(1)));
            Assert.Contains(Db(tmp), e.Message);
            Assert.Contains("locked by another process", e.Message);
            using (var cmd = other.CreateCommand()) { cmd.CommandText = "COMMIT"; cmd.ExecuteNonQuery(); }
        }
        using var again = DirectionLibrary.Open(tmp.Interp);
        Assert.Equal(Projection(1).Hash, again.Get("kept").Hash);
    }
}
