using InterpLsp.Library;
using InterpLsp.Tests.Library;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Tests.Cli;

/// <summary>The probe runs through the command line, as a researcher chains them: train a probe into the library,
/// scan a corpus for it by name (the result is stored), write the direction's report; shards stay out of the
/// library until merged.</summary>
public sealed class ProbeRunCliTests
{
    private static readonly string[] Texts =
    {
        "The soup was boiling hot.", "It is freezing cold outside today.", "The oven reached a high temperature.",
        "Warm water filled the bath.", "The book has three chapters.", "He parked the car on the street.",
        "Our meeting starts at noon.", "They painted the fence green.",
    };

    [Fact]
    public void Train_scan_by_name_and_report_chain_through_the_library()
    {
        using var tmp = new TempFolder();
        var data = tmp.File("data.jsonl");
        File.WriteAllLines(data, Texts.Select((t, i) => new JObject { ["text"] = t, ["label"] = i < 4 ? 1 : 0 }.ToString(Newtonsoft.Json.Formatting.None)));
        var corpus = tmp.File("corpus.jsonl");
        File.WriteAllLines(corpus, Texts.Select(t => new JObject { ["text"] = "Note: " + t }.ToString(Newtonsoft.Json.Formatting.None)));

        var train = Support.Cli.Run("probe", "train", "--data", data, "--method", "mass-mean", "--name", "heat", "--library", tmp.Interp, "--json");
        Assert.True(train.ExitCode == 0, train.Stderr);
        Assert.Equal("heat", (string)JObject.Parse(train.Stdout)["stored_as"]!);

        var shard = Support.Cli.Run("scan", "--corpus", corpus, "-d", "heat", "--shard", "0/2", "--library", tmp.Interp, "--no-store",
            "--out", tmp.File("s0.json"));
        Assert.True(shard.ExitCode == 0, shard.Stderr);
        Assert.Contains("not stored in the library", shard.Stderr);
        using (var lib = DirectionLibrary.Open(tmp.Interp)) Assert.Null(lib.LatestScan("heat"));

        var scan = Support.Cli.Run("scan", "--corpus", corpus, "-d", "heat", "--library", tmp.Interp, "--no-store", "--json");
        Assert.True(scan.ExitCode == 0, scan.Stderr);
        var result = JObject.Parse(scan.Stdout);
        Assert.Equal(8, (long)result["documents"]!);
        Assert.Contains("stored 1 scan(s)", scan.Stderr);
        using (var lib = DirectionLibrary.Open(tmp.Interp)) Assert.NotNull(lib.LatestScan("heat"));

        var html = tmp.File("heat.html");
        var report = Support.Cli.Run("report", "heat", "-o", html, "--library", tmp.Interp);
        Assert.True(report.ExitCode == 0, report.Stderr);
        var page = File.ReadAllText(html);
        Assert.Contains("Top activations", page);
        Assert.Contains("Probe report", page);
        Assert.Contains("mass-mean", page);
        Assert.DoesNotContain("Not scanned yet", page);
        // the top example of the report is the scan's top example
        var top = result["directions"]![0]!["top"]![0]!;
        Assert.Contains(System.Net.WebUtility.HtmlEncode((string)top["tokens"]![(int)top["hit"]!]!), page);
    }

    [Fact]
    public void A_report_of_an_unknown_direction_names_it_and_writes_nothing()
    {
        using var tmp = new TempFolder();
        var r = Support.Cli.Run("report", "nope", "-o", tmp.File("x.html"), "--library", tmp.Interp);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("nope", r.Stderr);
        Assert.False(File.Exists(tmp.File("x.html")));
    }
}
