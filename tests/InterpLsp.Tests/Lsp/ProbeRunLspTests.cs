using InterpLsp.Library;
using InterpLsp.Tests.Library;
using InterpLsp.Tests.Support;
using Newtonsoft.Json.Linq;
using StreamJsonRpc;

namespace InterpLsp.Tests.Lsp;

/// <summary>The probe runs through the language server, as the palette drives them: selections become examples,
/// a probe is trained from them and stored, a corpus is scanned in the background class, the hover and the paint
/// scale then judge values against the corpus, and the direction view shows the scan.</summary>
[Collection(ModelCollection.Name)]
public class ProbeRunLspTests(ModelFixture fx)
{
    private const string Doc = "file:///tmp/probe-run-doc.txt";

    private static readonly string[] Hot =
    {
        "The soup was boiling hot.", "It is freezing cold outside today.", "The oven reached a high temperature.",
        "Ice melts when it gets warm.", "The desert heat was unbearable.", "She shivered in the icy wind.",
        "The thermometer showed forty degrees.", "Warm water filled the bath.", "The metal glowed red with heat.",
        "Frost covered the chilly window.",
    };

    private static readonly string[] Other =
    {
        "The book has three chapters.", "He parked the car on the street.", "Our meeting starts at noon.",
        "She plays the violin every evening.", "The committee approved the budget.", "A dog barked at the mailman.",
        "They painted the fence green.", "The train leaves from platform two.", "He wrote a letter to his aunt.",
        "The museum opens on Sundays.",
    };

    [Fact]
    public async Task Examples_from_selections_train_a_stored_probe_a_scan_gives_corpus_percentiles_and_the_view_shows_it()
    {
        using var tmp = new TempFolder();
        var corpus = tmp.File("corpus.jsonl");
        File.WriteAllLines(corpus, Hot.Concat(Other).Select(t => new JObject { ["text"] = "Note: " + t }.ToString(Newtonsoft.Json.Formatting.None)));
        await using var c = new LspTestClient(fx.Model);
        await c.InitializeAsync(new { debounceMs = 0 }, rootUri: new Uri(tmp.Path + "/").AbsoluteUri);

        JToken set = new JObject();
        for (int i = 0; i < Hot.Length; i++)
        {
            set = await c.CommandAsync("interp.addExample", Hot[i], "positive", $"{Doc}#L{i + 1}");
            set = await c.CommandAsync("interp.addExample", Other[i], "negative", $"{Doc}#L{i + 20}");
        }
        Assert.Equal(10, (int)set["positives"]!);
        Assert.Equal(10, (int)set["negatives"]!);
        Assert.Equal(Path.Combine(tmp.Interp, "datasets", "examples.jsonl"), (string)set["path"]!);
        // the same text again is not added twice; with the other label it is refused
        Assert.Equal(10, (int)(await c.CommandAsync("interp.addExample", Hot[0], "positive", ""))["positives"]!);
        var twice = await Assert.ThrowsAsync<RemoteInvocationException>(() => c.CommandAsync("interp.addExample", Hot[0], "negative", ""));
        Assert.Contains("already a positive example", twice.Message);

        var trained = await c.CommandAsync("interp.trainProbe", "logistic", "heat");
        Assert.Equal("library:heat", (string)trained["direction"]!["id"]!);
        Assert.Equal("probe", (string)trained["direction"]!["kind"]!);
        var report = trained["report"]!;
        Assert.Equal("logistic", (string)report["method"]!);
        Assert.True((int)report["nTrain"]! + (int)report["nTest"]! == 20, report.ToString());
        Assert.Equal(0, (int)report["nDuplicateRows"]!); // addExample refuses a text already in the set
        Assert.InRange((double)report["accuracy"]!, 0.75, 1.0);
        Assert.NotEmpty((JArray)report["warnings"]!); // 10 per class is under the small-data floor
        var list = await c.RequestAsync<JObject>("interp/listDirections", null);
        Assert.Equal("library:heat", (string?)list["active"]);
        using (var lib = DirectionLibrary.Open(tmp.Interp))
        {
            var entry = lib.Entry("heat")!;
            Assert.Equal("probe:logistic", entry.MadeBy.Method);
            Assert.NotNull(entry.MadeBy.DataHash);
            Assert.Contains("\"auroc\"", entry.MadeBy.ProbeReportJson);
        }

        await c.OpenAsync(Doc, "The kettle was hot. The chair was old.");
        var before = await c.TokenActivationsAsync(Doc);
        Assert.Equal("document", (string)before["directions"]![0]!["scale"]!["basis"]!);

        var scan = await c.CommandAsync("interp.scanCorpus", "library:heat", corpus);
        Assert.Equal(20, (long)scan["documents"]!);
        Assert.True((long)scan["tokens"]! > 100, scan.ToString());
        Assert.Contains("jsonl:", (string)scan["corpus"]!);

        var after = await c.TokenActivationsAsync(Doc);
        Assert.Equal("corpus", (string)after["directions"]![0]!["scale"]!["basis"]!);
        var hover = await c.RequestAsync<JObject>("textDocument/hover", new
        {
            textDocument = new { uri = Doc },
            position = new { line = 0, character = 12 },
        });
        Assert.Contains("percentile of the scanned corpus", (string)hover["contents"]!["value"]!);

        var view = await c.CommandAsync("interp.directionView", "library:heat");
        var html = (string)view["html"]!;
        Assert.Contains("Top activations", html);
        Assert.Contains("Probe report", html);
        Assert.Contains("<svg class=\"hist\"", html);
        Assert.Contains("n_train", html);
        Assert.DoesNotContain("Not scanned yet", html);

        using (var lib = DirectionLibrary.Open(tmp.Interp))
            Assert.NotNull(lib.LatestScan("heat"));
    }

    [Fact]
    public async Task Bad_requests_are_errors_that_name_the_problem_and_the_server_keeps_serving()
    {
        using var tmp = new TempFolder();
        await using var c = new LspTestClient(fx.Model);
        await c.InitializeAsync(new { debounceMs = 0 }, rootUri: new Uri(tmp.Path + "/").AbsoluteUri);
        var label = await Assert.ThrowsAnyAsync<RemoteRpcException>(() => c.CommandAsync("interp.addExample", "text", "maybe", ""));
        Assert.Contains("positive", label.Message);
        var empty = await Assert.ThrowsAsync<RemoteInvocationException>(() => c.CommandAsync("interp.addExample", "   ", "positive", ""));
        Assert.Contains("empty", empty.Message);
        var none = await Assert.ThrowsAsync<RemoteInvocationException>(() => c.CommandAsync("interp.trainProbe", "logistic", "p"));
        Assert.Contains("examples.jsonl", none.Message);
        await c.CommandAsync("interp.addExample", "It was hot.", "positive", "");
        var oneClass = await Assert.ThrowsAsync<RemoteInvocationException>(() => c.CommandAsync("interp.trainProbe", "logistic", "p"));
        Assert.Contains("both classes", oneClass.Message);
        var method = await Assert.ThrowsAsync<RemoteInvocationException>(() => c.CommandAsync("interp.trainProbe", "svm", "p"));
        Assert.Contains("unknown probe method", method.Message);
        await c.CommandAsync("interp.loadDirection", "neuron:blocks.3.hook_resid_post:7");
        var corpus = await Assert.ThrowsAsync<RemoteInvocationException>(() =>
            c.CommandAsync("interp.scanCorpus", "neuron:blocks.3.hook_resid_post:7", tmp.File("missing.jsonl")));
        Assert.Contains("missing.jsonl", corpus.Message);
        // An id that names no loaded direction is invalid params for every action (StreamJsonRpc surfaces -32602 as this type).
        var unknown = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => c.CommandAsync("interp.directionView", "nope"));
        Assert.Equal(-32602, (int)unknown.ErrorCode);
        Assert.Contains("nope", unknown.Message);
        await c.OpenAsync(Doc, "Still serving.");
        Assert.NotEmpty((JArray)(await c.TokenActivationsAsync(Doc))["tokens"]!);
    }

    [Fact]
    public async Task Two_selections_train_a_probe_that_says_it_has_no_held_out_scores()
    {
        using var tmp = new TempFolder();
        await using var c = new LspTestClient(fx.Model);
        await c.InitializeAsync(new { debounceMs = 0 }, rootUri: new Uri(tmp.Path + "/").AbsoluteUri);
        await c.CommandAsync("interp.addExample", "The soup was boiling hot.", "positive", "");
        await c.CommandAsync("interp.addExample", "The book has three chapters.", "negative", "");
        foreach (var method in new[] { "logistic", "mass-mean" })
        {
            var trained = await c.CommandAsync("interp.trainProbe", method, "two");
            var report = trained["report"]!;
            Assert.True(report["accuracy"] is null || report["accuracy"]!.Type == JTokenType.Null, report.ToString());
            Assert.True(report["selectivity"] is null || report["selectivity"]!.Type == JTokenType.Null, report.ToString());
            Assert.Equal(2, (int)report["nTrain"]!);
            Assert.Equal(0, (int)report["nTest"]!);
            Assert.Contains(report["warnings"]!, w => ((string)w!).Contains("too few examples for a held-out split"));
            if (method == "logistic") Assert.Contains(report["warnings"]!, w => ((string)w!).Contains("ill-posed"));
        }
        await c.OpenAsync(Doc, "The kettle was hot. The book was long.");
        var values = await c.TokenActivationsAsync(Doc);
        Assert.Equal("library:two-2", (string)values["directions"]![0]!["id"]!); // the second (mass-mean) is stored beside the first
        var hot = values["tokens"]!.First(t => (string)t["text"]! == "hot")["values"]![0]!;
        var book = values["tokens"]!.First(t => (string)t["text"]! == "book")["values"]![0]!;
        Assert.True((double)hot > (double)book, $"hot {hot} should be above book {book}");
        var view = (string)(await c.CommandAsync("interp.directionView", "library:two-2"))["html"]!;
        Assert.Contains("n/a", view); // no held-out score is shown as a number
        Assert.Contains("Not scanned yet", view);
    }

    // issue 15 point 8: training with no examples file says that file is missing and names it (it spoke of "a
    // symbolic link that cannot be followed")
    [Fact]
    public async Task Training_without_an_examples_file_names_the_missing_file()
    {
        using var tmp = new TempFolder();
        await using var c = new LspTestClient(fx.Model);
        await c.InitializeAsync(new { debounceMs = 0 }, rootUri: new Uri(tmp.Path + "/").AbsoluteUri);
        var e = await Assert.ThrowsAsync<RemoteInvocationException>(() => c.CommandAsync("interp.trainProbe", "logistic", "none"));
        Assert.Contains("examples.jsonl", e.Message);
        Assert.Contains("is missing", e.Message);
        Assert.Contains("interp.addExample", e.Message);
        Assert.DoesNotContain("symbolic link", e.Message);
    }

    [Fact]
    public async Task Without_a_workspace_folder_examples_say_to_open_one()
    {
        await using var c = new LspTestClient(fx.Model);
        await c.InitializeAsync(new { debounceMs = 0 });
        var e = await Assert.ThrowsAsync<RemoteInvocationException>(() => c.CommandAsync("interp.addExample", "hot", "positive", ""));
        Assert.Contains("open a folder", e.Message);

        // the workspace corpus is the folder's text files (CorpusResolver): scan and explain say to open one
        const string id = "neuron:blocks.3.hook_resid_post:7";
        await c.CommandAsync("interp.loadDirection", id);
        foreach (var command in new[] { "interp.scanCorpus", "interp.explain" })
        {
            var corpus = await Assert.ThrowsAsync<RemoteInvocationException>(() => c.CommandAsync(command, id, "workspace"));
            Assert.Contains("open a folder first", corpus.Message);
        }
    }
}
