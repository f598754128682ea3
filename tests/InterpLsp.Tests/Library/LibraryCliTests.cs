using InterpLsp.Library;
using InterpLsp.Tests.Support;
using Newtonsoft.Json.Linq;
using static InterpLsp.Tests.Library.LibraryTestData;

namespace InterpLsp.Tests.Library;

/// <summary>The <c>interp-lsp library</c> verbs as a user runs them (the real executable, a temporary library).</summary>
public class LibraryCliTests
{
    [Fact]
    public void Import_list_show_compare_rename_export_rm_and_activations_by_name()
    {
        using var tmp = new TempFolder();
        WriteNpy(tmp.File("acts.npy"), [Vector(1), Vector(2), Vector(3)]);
        var import = Support.Cli.Run("library", "import", tmp.File("acts.npy"), "--rows", "0,2", "--tag", "demo", "--library", tmp.Interp);
        Assert.True(import.ExitCode == 0, import.Stderr);
        Assert.Equal(["acts#0", "acts#2"], import.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var list = JObject.Parse(Support.Cli.Run("library", "list", "--json", "--library", tmp.Interp).Stdout);
        var dirs = (JArray)list["directions"]!;
        Assert.Equal(["acts#0", "acts#2"], dirs.Select(d => (string)d["name"]!));
        Assert.Equal(["demo"], dirs[1]!["tags"]!.Select(t => (string)t!));
        Assert.Equal(384, (int)dirs[0]!["width"]!);

        var compare = JObject.Parse(Support.Cli.Run("library", "compare", "acts#0", "acts#2", "--json", "--library", tmp.Interp).Stdout);
        Assert.Equal("cosine of the vectors", (string)compare["measure"]!);
        using (var lib = DirectionLibrary.Open(tmp.Interp))
            Assert.Equal(lib.Compare(["acts#0", "acts#2"]).Values[0][1], (double)compare["matrix"]![0]![1]!, 1e-12);

        Assert.Equal(0, Support.Cli.Run("library", "rename", "acts#2", "third", "--library", tmp.Interp).ExitCode);
        var show = JObject.Parse(Support.Cli.Run("library", "show", "third", "--json", "--library", tmp.Interp).Stdout);
        Assert.Equal("third", (string)show["entry"]!["name"]!);

        var export = Support.Cli.Run("library", "export", "third", "-o", tmp.File("third.safetensors"), "--library", tmp.Interp);
        Assert.True(export.ExitCode == 0, export.Stderr);
        WriteText(tmp.File("doc.txt"), "Warm sunny weather.");
        var byName = JObject.Parse(Support.Cli.Run("activations", tmp.File("doc.txt"), "--direction", "third", "--json", "--library", tmp.Interp).Stdout);
        var byFile = JObject.Parse(Support.Cli.Run("activations", tmp.File("doc.txt"), "--direction", tmp.File("third.safetensors"), "--json").Stdout);
        Assert.Equal("library:third", (string)byName["direction"]!);
        var a = byName["tokens"]!.Select(t => (float)t["value"]!).ToList();
        var b = byFile["tokens"]!.Select(t => (float)t["value"]!).ToList();
        Assert.Equal(b.Count, a.Count);
        for (int i = 0; i < a.Count; i++) Assert.Equal(b[i], a[i], 1e-5f);

        Assert.Equal(0, Support.Cli.Run("library", "rm", "third", "--library", tmp.Interp).ExitCode);
        var gone = Support.Cli.Run("library", "show", "third", "--library", tmp.Interp);
        Assert.Equal(2, gone.ExitCode);
        Assert.Contains("no direction named 'third'", gone.Stderr);
    }

    [Fact]
    public void A_corrupt_library_is_one_clear_error_line()
    {
        using var tmp = new TempFolder();
        Directory.CreateDirectory(tmp.Interp);
        File.WriteAllText(Path.Combine(tmp.Interp, DirectionLibrary.DatabaseFileName), "this is not a database at all, just text");
        var r = Support.Cli.Run("library", "list", "--library", tmp.Interp);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("interp-lsp: error: ", r.Stderr);
        Assert.Contains("is not a SQLite database", r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void Reading_verbs_do_not_create_a_library()
    {
        using var tmp = new TempFolder();
        var r = Support.Cli.Run("library", "list", "--json", "--library", tmp.Interp);
        Assert.Equal(0, r.ExitCode);
        Assert.Empty((JArray)JObject.Parse(r.Stdout)["directions"]!);
        Assert.False(Directory.Exists(tmp.Interp));
    }
}
