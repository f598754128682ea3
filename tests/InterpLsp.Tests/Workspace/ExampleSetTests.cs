using System.Diagnostics;
using InterpLsp.Analysis.Workspace;
using InterpLsp.Tests.Library;

namespace InterpLsp.Tests.Workspace;

/// <summary>The workspace example set: a hostile or broken dataset file is an error naming it, in bounded time,
/// and is left as it was.</summary>
public sealed class ExampleSetTests
{
    private static string Prepare(TempFolder tmp)
    {
        var dir = Path.Combine(tmp.Interp, "datasets");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, "examples.jsonl");
    }

    [Fact]
    public void Adds_and_counts_and_keeps_earlier_rows()
    {
        using var tmp = new TempFolder();
        var set = new ExampleSet(tmp.Interp);
        Assert.Equal((1, 0), set.Add("hot soup", true, "a"));
        Assert.Equal((1, 1), set.Add("old chair", false, null));
        Assert.Equal((1, 1), new ExampleSet(tmp.Interp).Counts());
        Assert.Equal(2, File.ReadAllLines(set.Path).Length);
    }

    [Fact]
    public void A_fifo_in_its_place_is_refused_at_once()
    {
        using var tmp = new TempFolder();
        var path = Prepare(tmp);
        using (var p = Process.Start("mkfifo", path)) p.WaitForExit();
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<ArgumentException>(() => new ExampleSet(tmp.Interp).Add("hot", true, null));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void A_file_over_the_bound_is_refused_unread_and_unchanged()
    {
        using var tmp = new TempFolder();
        var path = Prepare(tmp);
        using (var f = File.Create(path)) f.SetLength(ExampleSet.MaxFileBytes + 1);
        var e = Assert.Throws<ArgumentException>(() => new ExampleSet(tmp.Interp).Add("hot", true, null));
        Assert.Contains(path, e.Message);
        Assert.Equal(ExampleSet.MaxFileBytes + 1, new FileInfo(path).Length);
    }

    [Fact]
    public void A_broken_line_is_named_and_the_file_is_left_as_it_was()
    {
        using var tmp = new TempFolder();
        var path = Prepare(tmp);
        File.WriteAllText(path, "{\"text\": \"hot\", \"label\": 1}\n{not json\n");
        var before = File.ReadAllBytes(path);
        var e = Assert.Throws<ArgumentException>(() => new ExampleSet(tmp.Interp).Add("cold", true, null));
        Assert.Contains("line 2", e.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
    }
}
