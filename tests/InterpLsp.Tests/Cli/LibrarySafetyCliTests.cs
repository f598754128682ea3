using System.Diagnostics;
using InterpLsp.Library;
using InterpLsp.Tests.Library;
using Newtonsoft.Json.Linq;
using static InterpLsp.Tests.Library.LibraryTestData;

namespace InterpLsp.Tests.Cli;

/// <summary>Issue 15, points 1 and 8 (library part), through the real CLI process: a missing or emptied
/// <c>library.sqlite</c> never costs the vectors of the one moved away; a database path that is a folder is an error;
/// a read-only <c>.interp</c> still lists and shows, and refuses writes saying why.</summary>
public class LibrarySafetyCliTests
{
    private const int Count = 20;

    private static Support.Cli.Result Ok(params string[] args)
    {
        var r = Support.Cli.Run(args);
        Assert.True(r.ExitCode == 0, $"{string.Join(' ', args)}: rc {r.ExitCode}: {r.Stderr}");
        return r;
    }

    private static List<string> Import20(TempFolder tmp)
    {
        WriteNpy(tmp.File("twenty.npy"), Enumerable.Range(1, Count).Select(i => Vector(i)).ToList());
        var names = Ok("library", "import", tmp.File("twenty.npy"), "--library", tmp.Interp).Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.Equal(Count, names.Count);
        return names;
    }

    private static string[] VectorFiles(TempFolder tmp) =>
        Directory.GetFiles(Path.Combine(tmp.Interp, DirectionLibrary.VectorsFolderName), "*.safetensors").Order(StringComparer.Ordinal).ToArray();

    /// <summary>Every verb there is, on whatever database is in place (the answers do not matter, only what is left).</summary>
    private static void EveryVerb(TempFolder tmp)
    {
        WriteNpy(tmp.File("x.npy"), [Vector(101), Vector(102)]);
        var l = tmp.Interp;
        Support.Cli.Run("library", "list", "--library", l);
        Support.Cli.Run("library", "list", "--json", "--library", l);
        Support.Cli.Run("library", "show", "twenty#0", "--library", l);
        Support.Cli.Run("library", "import", tmp.File("x.npy"), "--library", l);
        Support.Cli.Run("library", "import", tmp.File("twenty.npy"), "--rows", "0-2", "--name", "again", "--library", l);
        Support.Cli.Run("library", "export", "x#0", "-o", tmp.File("x0.json"), "--library", l);
        Support.Cli.Run("library", "compare", "x#0", "x#1", "--library", l);
        Support.Cli.Run("library", "tag", "x#0", "t", "--library", l);
        Support.Cli.Run("library", "untag", "x#0", "t", "--library", l);
        Support.Cli.Run("library", "rename", "x#1", "y", "--library", l);
        Support.Cli.Run("library", "rm", "y", "--library", l);
        Support.Cli.Run("library", "rm", "again#1", "--library", l);
        Support.Cli.Run("library", "rm", "twenty#3", "--library", l);
        Support.Cli.Run("library", "list", "--library", l);
    }

    private static void AllLoad(TempFolder tmp, IReadOnlyList<string> names)
    {
        var list = (JArray)JObject.Parse(Ok("library", "list", "--json", "--library", tmp.Interp).Stdout)["directions"]!;
        Assert.Equal(names, list.Select(d => (string)d["name"]!).Take(names.Count));
        foreach (var n in names)
        {
            var show = JObject.Parse(Ok("library", "show", n, "--json", "--library", tmp.Interp).Stdout);
            Assert.True((double)show["norm"]! > 0, n);
        }
        using var lib = DirectionLibrary.Open(tmp.Interp);
        for (int i = 0; i < names.Count; i++) Assert.Equal(Vector(i + 1), lib.Get(names[i]).Vector);
    }

    [Theory]
    [InlineData("moved")]
    [InlineData("truncated")]
    public void Every_verb_on_a_missing_or_emptied_database_loses_no_vector_of_the_real_one(string how)
    {
        using var tmp = new TempFolder();
        var names = Import20(tmp);
        var before = VectorFiles(tmp);
        Assert.Equal(Count, before.Length);
        var db = Path.Combine(tmp.Interp, DirectionLibrary.DatabaseFileName);
        var aside = tmp.File("library.sqlite.aside");
        File.Move(db, aside);
        if (how == "truncated") File.WriteAllBytes(db, []);

        EveryVerb(tmp);
        Assert.Subset(VectorFiles(tmp).ToHashSet(), before.ToHashSet());

        File.Delete(db);
        foreach (var side in new[] { "-wal", "-shm" }) File.Delete(db + side);
        File.Move(aside, db);
        AllLoad(tmp, names);
        // The real database's own sweep keeps them too (and the other database's files are only reported).
        AllLoad(tmp, names);
        Assert.Subset(VectorFiles(tmp).ToHashSet(), before.ToHashSet());
    }

    [Fact]
    public void A_database_path_that_is_a_folder_is_an_error_naming_it()
    {
        using var tmp = new TempFolder();
        var db = Path.Combine(tmp.Interp, DirectionLibrary.DatabaseFileName);
        Directory.CreateDirectory(db);
        foreach (var args in new[] { new[] { "library", "list" }, ["library", "list", "--json"], ["library", "show", "x"] })
        {
            var r = Support.Cli.Run([.. args, "--library", tmp.Interp]);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains(db, r.Stderr);
            Assert.Contains("is a folder", r.Stderr);
            Assert.Equal("", r.Stdout.Trim());
        }
    }

    private static bool Chattr(string flag, string path)
    {
        try
        {
            var psi = new ProcessStartInfo("chattr", ["-R", flag, path]) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            using var p = Process.Start(psi)!;
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }

    [Fact]
    public void A_read_only_library_lists_and_shows_and_refuses_writes_saying_why()
    {
        using var tmp = new TempFolder();
        var names = Import20(tmp);
        if (!Chattr("+i", tmp.Interp))
        {
            Console.Error.WriteLine("skipped: chattr +i is not available here");
            return;
        }
        try
        {
            // Immutable, really: not even root can create a file in it.
            Assert.ThrowsAny<Exception>(() => File.WriteAllText(Path.Combine(tmp.Interp, "probe"), "x"));
            var list = JObject.Parse(Ok("library", "list", "--json", "--library", tmp.Interp).Stdout);
            Assert.Equal(names, ((JArray)list["directions"]!).Select(d => (string)d["name"]!));
            var show = JObject.Parse(Ok("library", "show", names[5], "--json", "--library", tmp.Interp).Stdout);
            Assert.Equal(names[5], (string)show["entry"]!["name"]!);
            Ok("library", "compare", names[0], names[1], "--library", tmp.Interp);
            Ok("library", "export", names[2], "-o", tmp.File("out.json"), "--library", tmp.Interp);

            WriteNpy(tmp.File("x.npy"), [Vector(101)]);
            foreach (var args in new[]
                     {
                         new[] { "library", "import", tmp.File("x.npy") }, ["library", "rm", names[0]], ["library", "rename", names[0], "z"],
                         ["library", "tag", names[0], "t"], ["library", "untag", names[0], "t"],
                     })
            {
                var r = Support.Cli.Run([.. args, "--library", tmp.Interp]);
                Assert.Equal(2, r.ExitCode);
                Assert.Contains("writing is refused", r.Stderr);
                Assert.Contains(tmp.Interp, r.Stderr);
                Assert.Contains("read-only", r.Stderr);
                Assert.DoesNotContain("cannot open the database file", r.Stderr);
            }
        }
        finally
        {
            Chattr("-i", tmp.Interp);
        }
        AllLoad(tmp, names);
    }
}
