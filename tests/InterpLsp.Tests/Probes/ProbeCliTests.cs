using InterpLsp.Tests.Support;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Tests.Probes;

/// <summary><c>interp-lsp probe train</c> through the real executable: bad data gets one clear line and exit code 2;
/// good data prints the JSON report and writes a direction file that loads back as a probe.</summary>
public class ProbeCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("interp-probe-cli-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name, string text)
    {
        var p = Path.Combine(_dir, name);
        System.IO.File.WriteAllText(p, text);
        return p;
    }

    private Support.Cli.Result Train(string data, params string[] more) =>
        Support.Cli.Run(new[] { "probe", "train", "--data", data, "--method", "mass-mean", "--name", "t", "--out", Path.Combine(_dir, "t.json"), "--library", Path.Combine(_dir, ".interp") }.Concat(more).ToArray());

    private static void FailsWith(Support.Cli.Result r, params string[] words)
    {
        Assert.Equal(2, r.ExitCode);
        var line = r.Stderr.Trim().Split('\n').Last();
        Assert.StartsWith("interp-lsp: error: ", line);
        Assert.DoesNotContain("   at ", r.Stderr);
        foreach (var w in words) Assert.Contains(w, line);
    }

    [Fact]
    public void All_one_class() => FailsWith(Train(File("one.jsonl", "{\"text\": \"hot\", \"label\": 1}\n{\"text\": \"warm\", \"label\": 1}\n")), "one.jsonl", "both classes");

    [Fact]
    public void Empty_text() => FailsWith(Train(File("empty.csv", "text,label\nhot,1\n\"\",0\n")), "empty.csv", "line 3", "empty text");

    [Fact]
    public void Broken_csv_row() => FailsWith(Train(File("broken.csv", "text,label\nhot,1\ncold,1,extra\nchair,0\n")), "broken.csv", "line 3", "fields");

    [Fact]
    public void Unknown_label() => FailsWith(Train(File("lab.csv", "text,label\nhot,1\nchair,nope\n")), "lab.csv", "line 3", "unknown label", "nope");

    // issue 15 point 3: 60 copies of one sentence, labels alternating: no method may store a direction
    [Theory]
    [InlineData("logistic")]
    [InlineData("pca-diff")]
    [InlineData("mass-mean")]
    public void Classes_that_cannot_be_told_apart_are_refused(string method)
    {
        var rows = Enumerable.Range(0, 60).Select(i => $"{{\"text\": \"The soup was hot.\", \"label\": {i % 2}}}");
        var data = File("same.jsonl", string.Join("\n", rows) + "\n");
        var r = Support.Cli.Run("probe", "train", "--data", data, "--method", method, "--name", "t", "--out", Path.Combine(_dir, "t.json"),
            "--library", Path.Combine(_dir, ".interp"), "--hook", "blocks.2.hook_resid_post");
        FailsWith(r, "same.jsonl", "cannot be told apart", "same mean hidden state", method);
        Assert.False(System.IO.File.Exists(Path.Combine(_dir, "t.json")));
        var list = Support.Cli.Run("library", "list", "--library", Path.Combine(_dir, ".interp"), "--json");
        Assert.True(list.ExitCode == 0, list.Stderr);
        Assert.DoesNotContain("\"t\"", list.Stdout);
    }

    // issue 15 point 4 (and 8: no held-out split gives null scores, not "NaN"): 100 copies of each of two sentences
    [Fact]
    public void Duplicates_of_two_texts_give_no_held_out_scores_and_are_counted()
    {
        var rows = Enumerable.Range(0, 200).Select(i => i % 2 == 0
            ? "{\"text\": \"The soup was hot.\", \"label\": 1}" : "{\"text\": \"The chair was old.\", \"label\": 0}");
        var r = Train(File("dup.jsonl", string.Join("\n", rows) + "\n"), "--json", "--hook", "blocks.2.hook_resid_post");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var report = JObject.Parse(r.Stdout);
        Assert.Equal(198, (int)report["n_duplicate_rows"]!);
        Assert.Equal(0, (int)report["n_test"]!);
        Assert.Equal(2, (int)report["n_examples"]!);
        foreach (var key in new[] { "accuracy", "auroc", "f1", "selectivity", "control_accuracy" })
            Assert.Equal(JTokenType.Null, report[key]!.Type);
        Assert.DoesNotContain("NaN", r.Stdout);
        Assert.Contains(report["warnings"]!, w => ((string)w!).Contains("198 duplicate rows"));
        Assert.Contains(report["warnings"]!, w => ((string)w!).Contains("held-out evaluation is impossible"));
        var text = Train(File("dup2.jsonl", string.Join("\n", rows) + "\n"), "--hook", "blocks.2.hook_resid_post", "--no-library");
        Assert.True(text.ExitCode == 0, text.Stderr);
        Assert.Contains("duplicate rows: 198", text.Stdout);
    }

    [Fact]
    public void Copies_of_a_text_stay_on_one_side_of_the_split()
    {
        var rows = Enumerable.Range(0, 200).Select(i => (i / 10) % 2 == 0
            ? $"{{\"text\": \"The soup number {i / 20} was very hot.\", \"label\": 1}}"
            : $"{{\"text\": \"The chair number {i / 20} was very old.\", \"label\": 0}}");
        var r = Train(File("dup10.jsonl", string.Join("\n", rows) + "\n"), "--json", "--hook", "blocks.2.hook_resid_post");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var report = JObject.Parse(r.Stdout);
        Assert.Equal(180, (int)report["n_duplicate_rows"]!);
        Assert.Equal(20, (int)report["n_examples"]!);
        // 20 distinct texts of 10 copies each: the held-out part is whole texts
        Assert.True((int)report["n_test"]! > 0);
        Assert.Equal(0, (int)report["n_test"]! % 10);
        Assert.Equal(0, (int)report["n_test_positive"]! % 10);
    }

    [Fact]
    public void Unknown_method()
    {
        var r = Support.Cli.Run("probe", "train", "--data", File("x.csv", "text,label\na,1\nb,0\n"), "--method", "svm", "--name", "t");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("svm", r.Stderr);
    }

    [Fact]
    public void Trains_prints_json_and_writes_a_loadable_direction()
    {
        var rows = Enumerable.Range(0, 40).Select(i => i % 2 == 0
            ? $"{{\"text\": \"The soup number {i} was very hot.\", \"label\": 1}}"
            : $"{{\"text\": \"The chair number {i} was very old.\", \"label\": 0}}");
        var r = Train(File("ok.jsonl", string.Join("\n", rows) + "\n"), "--json", "--hook", "blocks.2.hook_resid_post");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var report = JObject.Parse(r.Stdout);
        foreach (var key in new[] { "accuracy", "auroc", "f1", "selectivity", "n_train", "n_test", "data_hash", "method", "pooling" })
            Assert.NotNull(report[key]);
        Assert.Equal(8, (int)report["n_test"]!);
        Assert.Equal("mass-mean", (string)report["method"]!);
        Assert.Equal("mean", (string)report["pooling"]!);
        Assert.Contains(report["warnings"]!, w => ((string)w!).Contains("floor of 30"));
        var file = JObject.Parse(System.IO.File.ReadAllText(Path.Combine(_dir, "t.json")));
        Assert.Equal("probe", (string)file["kind"]!);
        Assert.Equal("blocks.2.hook_resid_post", (string)file["hook"]!);
        Assert.Equal("embedded:all-MiniLM-L6-v2", (string)file["model"]!);
        var act = Support.Cli.Run("activations", File("t.txt", "The soup was hot."), "-d", Path.Combine(_dir, "t.json"), "--json");
        Assert.True(act.ExitCode == 0, act.Stderr);
        // stored in the library too, with its report and data hash, and usable by name
        Assert.Equal("t", (string)report["stored_as"]!);
        var show = Support.Cli.Run("library", "show", "t", "--library", Path.Combine(_dir, ".interp"), "--json");
        Assert.True(show.ExitCode == 0, show.Stderr);
        Assert.Contains("probe:mass-mean", show.Stdout);
        Assert.Contains((string)report["data_hash"]!, show.Stdout);
        var byName = Support.Cli.Run("activations", Path.Combine(_dir, "t.txt"), "-d", "t", "--library", Path.Combine(_dir, ".interp"), "--json");
        Assert.True(byName.ExitCode == 0, byName.Stderr);
        Assert.Equal(JObject.Parse(act.Stdout)["tokens"]!.ToString(), JObject.Parse(byName.Stdout)["tokens"]!.ToString());
    }
}
