using System.Diagnostics;
using InterpLsp.Library;
using Microsoft.Data.Sqlite;
using static InterpLsp.Tests.Library.LibraryTestData;

namespace InterpLsp.Tests.Library;

/// <summary>Real processes: the <c>interp-lsp library import</c> CLI killed (SIGKILL) in the middle of a large import,
/// at several moments, and two CLIs importing into one library at once.</summary>
public class LibraryCrashTests
{
    private const int BigRows = 4000;

    private static Process StartImport(string file, string library, string name)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "interp-lsp.dll"));
        foreach (var a in new[] { "library", "import", file, "--library", library, "--name", name }) psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private static int VectorFiles(string library)
    {
        var dir = Path.Combine(library, DirectionLibrary.VectorsFolderName);
        return Directory.Exists(dir) ? Directory.EnumerateFiles(dir).Count() : 0;
    }

    /// <summary>The database is sound, every listed direction loads with its stored hash, the earlier import is
    /// there unchanged, the big import is all or nothing, and no vector file is left that nothing references.</summary>
    private static void Verify(string library, IReadOnlyDictionary<string, string> earlier)
    {
        using var lib = DirectionLibrary.Open(library);
        using (var raw = new SqliteConnection($"Data Source={lib.DatabasePath};Pooling=False"))
        {
            raw.Open();
            using var cmd = raw.CreateCommand();
            cmd.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", cmd.ExecuteScalar());
        }
        var entries = lib.List();
        foreach (var e in entries) Assert.Equal(e.Hash, lib.Get(e.Name).Hash);
        foreach (var (name, hash) in earlier) Assert.Equal(hash, entries.Single(e => e.Name == name).Hash);
        Assert.Equal(0, entries.Count(e => e.Name.StartsWith("big", StringComparison.Ordinal)) % BigRows);
        var files = Directory.GetFiles(lib.VectorsFolder).Select(Path.GetFileName).Where(f => f != ".lock").Order(StringComparer.Ordinal);
        Assert.Equal(entries.Select(e => e.Hash + ".safetensors").Distinct().Order(StringComparer.Ordinal), files);
    }

    [Fact]
    public void Killing_an_import_at_any_moment_loses_nothing_already_saved()
    {
        using var tmp = new TempFolder();
        WriteNpy(tmp.File("small.npy"), Enumerable.Range(0, 5).Select(i => Vector(i)).ToList());
        WriteNpy(tmp.File("big.npy"), Enumerable.Range(0, BigRows).Select(i => Vector(10_000 + i)).ToList());

        var first = StartImport(tmp.File("small.npy"), tmp.Interp, "earlier");
        Assert.True(first.WaitForExit(120_000));
        Assert.Equal(0, first.ExitCode);
        Dictionary<string, string> earlier;
        using (var lib = DirectionLibrary.Open(tmp.Interp)) earlier = lib.List().ToDictionary(e => e.Name, e => e.Hash);
        Assert.Equal(5, earlier.Count);

        // Kill moments: before the first vector file, early in the vector files, in the middle, near the end (commit).
        int[] killAtFiles = [0, 50, 1500, 3950];
        int killedMidway = 0;
        foreach (var threshold in killAtFiles)
        {
            var p = StartImport(tmp.File("big.npy"), tmp.Interp, "big");
            var sw = Stopwatch.StartNew();
            int baseline = VectorFiles(tmp.Interp);
            while (!p.HasExited && sw.Elapsed < TimeSpan.FromSeconds(120))
            {
                if (threshold == 0 ? sw.ElapsedMilliseconds > 400 : VectorFiles(tmp.Interp) - baseline >= threshold) break;
                Thread.Sleep(5);
            }
            if (!p.HasExited) { p.Kill(entireProcessTree: true); killedMidway++; }
            Assert.True(p.WaitForExit(30_000));
            Verify(tmp.Interp, earlier);
        }
        Assert.True(killedMidway >= 3, $"only {killedMidway} of {killAtFiles.Length} imports were killed before they ended");

        var done = StartImport(tmp.File("big.npy"), tmp.Interp, "big");
        Assert.True(done.WaitForExit(120_000));
        Assert.Equal(0, done.ExitCode);
        Verify(tmp.Interp, earlier);
        using var after = DirectionLibrary.Open(tmp.Interp);
        Assert.True(after.List().Count(e => e.Name.StartsWith("big", StringComparison.Ordinal)) >= BigRows);
    }

    [Fact]
    public void Two_processes_importing_into_one_library_at_once_both_succeed()
    {
        using var tmp = new TempFolder();
        const int rows = 600;
        WriteNpy(tmp.File("a.npy"), Enumerable.Range(0, rows).Select(i => Vector(20_000 + i)).ToList());
        WriteNpy(tmp.File("b.npy"), Enumerable.Range(0, rows).Select(i => Vector(30_000 + i)).ToList());
        var a = StartImport(tmp.File("a.npy"), tmp.Interp, "from-a");
        var b = StartImport(tmp.File("b.npy"), tmp.Interp, "from-b");
        Assert.True(a.WaitForExit(180_000) && b.WaitForExit(180_000));
        Assert.Equal((0, 0), (a.ExitCode, b.ExitCode));
        Verify(tmp.Interp, new Dictionary<string, string>());
        using var lib = DirectionLibrary.Open(tmp.Interp);
        var entries = lib.List();
        Assert.Equal(2 * rows, entries.Count);
        Assert.Equal(Vector(20_000 + 17), lib.Get("from-a#17").Vector);
        Assert.Equal(Vector(30_000 + 599), lib.Get("from-b#599").Vector);
    }
}
