using InterpLsp.Analysis.Explain.Results;
using InterpLsp.Library;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Tests.Library;
using InterpLsp.Tests.Probes;
using InterpLsp.Tests.Reports;
using InterpLsp.Tests.Support;
using Newtonsoft.Json.Linq;
using StreamJsonRpc;
using static InterpLsp.Tests.Library.LibraryTestData;

using static InterpLsp.Tests.Support.LspAssert;

namespace InterpLsp.Tests.Lsp;

/// <summary><c>interp.explain</c> and <c>interp.testExplanation</c> through the language server: bad arguments are
/// InvalidParams naming the problem (before any work starts), and the hover card shows a stored explanation (the
/// verdict of the token's side, the best significant candidates with their scores) or a link that computes one.</summary>
[Collection(ModelCollection.Name)]
public class ExplainLspTests(ModelFixture fx)
{
    private const string Doc = "file:///tmp/explain-doc.txt";

    [Fact]
    public async Task Bad_arguments_are_invalid_params_that_name_the_problem()
    {
        using var tmp = new TempFolder();
        await using var c = new LspTestClient(fx.Model);
        await c.InitializeAsync(new { debounceMs = 0 }, rootUri: new Uri(tmp.Path + "/").AbsoluteUri);
        await c.CommandAsync("interp.loadDirection", "neuron:blocks.3.hook_resid_post:7");
        const string id = "neuron:blocks.3.hook_resid_post:7";

        Assert.Contains("interp.explain takes [id, corpus]", (await InvalidParams(c.CommandAsync("interp.explain"))).Message);
        Assert.Contains("no direction 'nope' is loaded", (await InvalidParams(c.CommandAsync("interp.explain", "nope"))).Message);
        Assert.Contains("argument 1 must be a string", (await InvalidParams(c.CommandAsync("interp.explain", 3))).Message);
        Assert.Contains("interp.testExplanation takes [id, kind, value]", (await InvalidParams(c.CommandAsync("interp.testExplanation", id))).Message);
        Assert.Contains("no direction 'nope' is loaded", (await InvalidParams(c.CommandAsync("interp.testExplanation", "nope", "words", "warm"))).Message);
        // One answer, one code, for an id that names no loaded direction, whichever action asks.
        foreach (var command in new[] { "interp.scanCorpus", "interp.directionView", "interp.directionInfo" })
            Assert.Contains("no direction 'nope' is loaded (load it with interp.loadDirection)", (await InvalidParams(c.CommandAsync(command, "nope"))).Message);
        var kind = await InvalidParams(c.CommandAsync("interp.testExplanation", id, "vibes", "warm"));
        Assert.Contains("unknown hypothesis kind 'vibes'", kind.Message);
        Assert.Contains("words, regex, text", kind.Message);
        Assert.Contains("the word list is empty", (await InvalidParams(c.CommandAsync("interp.testExplanation", id, "words", " , ,"))).Message);
        Assert.Contains("the word list is empty", (await InvalidParams(c.CommandAsync("interp.testExplanation", id, "words"))).Message);
        Assert.Contains("the regex is empty", (await InvalidParams(c.CommandAsync("interp.testExplanation", id, "regex", ""))).Message);
        Assert.Contains("the hypothesis text is empty", (await InvalidParams(c.CommandAsync("interp.testExplanation", id, "text", "   "))).Message);

        await c.OpenAsync(Doc, "Still serving.");
        Assert.NotEmpty((JArray)(await c.TokenActivationsAsync(Doc))["tokens"]!);
    }

    [Fact]
    public async Task The_hover_shows_a_stored_explanation_and_without_one_a_link_that_computes_it()
    {
        using var tmp = new TempFolder();
        var explained = Projection(31);
        var plain = Projection(32);
        var result = ExplanationReportHtmlTests.Sample();
        var negative = new ExplanationSide
        {
            Side = "negative", VerdictKind = "unexplained", Verdict = "no candidate explains the negative side",
            FiresNowhere = new BaselineScores(0, 0, 0, 0), FiresEverywhere = new BaselineScores(0, 0, 0, 0),
        };
        negative.Candidates.Add(new ScoredCandidate { Label = "cold", Scores = result.Sides[0].Candidates[1].Scores, Significant = false, P = 0.6 });
        result.Sides.Add(negative);
        using (var lib = DirectionLibrary.Open(tmp.Interp))
        {
            lib.Put(explained, "explained", MadeBy.Unknown);
            lib.Put(plain, "plain", MadeBy.Unknown);
            lib.PutExplanation(explained.Hash, null, "c1", Hook, result.ToJson());
        }
        await using var c = new LspTestClient(fx.Model);
        await c.InitializeAsync(new { debounceMs = 0 }, rootUri: new Uri(tmp.Path + "/").AbsoluteUri);
        await c.CommandAsync("interp.loadDirection", "plain");
        await c.CommandAsync("interp.loadDirection", "explained");
        const string text = "The kettle was warm when she came back.";
        await c.OpenAsync(Doc, text);
        var values = await c.TokenActivationsAsync(Doc, directions: ["library:explained"]);

        // one token whose value on "explained" is positive and one whose value is negative (a random vector has both)
        var tokens = (JArray)values["tokens"]!;
        var pos = tokens.First(t => (float)t["values"]![0]! > 0);
        var neg = tokens.First(t => (float)t["values"]![0]! < 0);

        var md = await Hover(c, (int)pos["range"]!["start"]!["character"]!);
        Assert.Contains("Candidate explanations of **explained** (positive side): a mixture: heat words", md);
        Assert.Contains(@"\<img src=x onerror=alert(1)\>", md); // markup from the result is escaped for Markdown
        Assert.DoesNotMatch(@"(?<!\\)<img", md);
        Assert.Contains(@"F1 0.41 \[0.36, 0.47\] · IoU", md); // the significant candidate with its interval
        Assert.DoesNotContain("stir", md); // not significant: not in the card
        Assert.Contains("Candidate explanations of **plain**: not computed yet · [explain it](command:interp.explain?", md);
        Assert.Contains(Uri.EscapeDataString("[\"library:plain\"]"), md);

        md = await Hover(c, (int)neg["range"]!["start"]!["character"]!);
        Assert.Contains("Candidate explanations of **explained** (negative side): no candidate explains the negative side", md);
        Assert.Contains("none beats the random-direction null", md);
    }

    private static async Task<string> Hover(LspTestClient c, int character)
    {
        var hover = await c.RequestAsync<JObject>("textDocument/hover", new { textDocument = new { uri = Doc }, position = new { line = 0, character } });
        return (string)hover["contents"]!["value"]!;
    }

    /// <summary>NEEDS THE EXPLANATION PIPELINE (ExplainRun.Explain): fails until it is implemented. Explains the sample
    /// direction on the default corpus through the server and checks the JSON contract; the hover then shows it.</summary>
    [Fact]
    public async Task Pipeline_explain_of_the_sample_direction_answers_the_result_and_the_hover_shows_it()
    {
        using var tmp = new TempFolder();
        Directory.CreateDirectory(tmp.Interp);
        await using var c = new LspTestClient(fx.Model);
        await c.InitializeAsync(new { debounceMs = 0 }, rootUri: new Uri(tmp.Path + "/").AbsoluteUri);
        var selection = await c.CommandAsync("interp.loadDirection", ProbeRealDataTests.RepoPath("samples", "directions", "temperature.json"));
        var id = (string)selection["direction"]!["id"]!;
        var result = (JObject)await c.CommandAsync("interp.explain", id);
        Assert.False(string.IsNullOrWhiteSpace((string?)result["verdict"]), result.ToString());
        var sides = (JArray)result["sides"]!;
        Assert.NotEmpty(sides);
        var candidates = sides.SelectMany(s => (JArray)s["candidates"]!).ToList();
        Assert.NotEmpty(candidates);
        foreach (var cand in candidates)
        {
            Assert.False(string.IsNullOrEmpty((string?)cand["label"]));
            foreach (var k in new[] { "iou", "f1", "auprc", "pearson" }) Assert.NotNull(cand["scores"]![k]!["value"]);
        }
        using (var lib = DirectionLibrary.Open(tmp.Interp))
            Assert.NotNull(lib.LatestExplanation((string)result["directionHash"]!));

        await c.OpenAsync(Doc, "The kettle was warm when she came back.");
        var md = await Hover(c, 16);
        Assert.Contains("Candidate explanations of **", md);
        Assert.DoesNotContain("not computed yet", md);
    }
}

/// <summary>The wire's JSON of an explanation is the CLI's (<c>explain --json</c>) in the wire's one casing: the same
/// fields with their snake_case names in camelCase (dictionary keys as they are), nulls left out; and it reads back
/// into the same result (interp/explanationText takes it back).</summary>
public class ExplanationWireTests
{
    /// <summary>The CLI's JSON as the wire writes it: names in camelCase (not the keys of a dictionary), nulls left out.</summary>
    private static JToken AsWire(JToken t, bool dictionary = false) => t switch
    {
        JObject o => new JObject(o.Properties().Where(p => p.Value.Type != JTokenType.Null)
            .Select(p => new JProperty(dictionary ? p.Name : LspJson.Name(p.Name), AsWire(p.Value, p.Name == "timings")))),
        JArray a => new JArray(a.Select(x => AsWire(x))),
        _ => t.DeepClone(),
    };

    [Fact]
    public void The_lsp_serializer_writes_the_clis_json_in_camel_case_and_reads_it_back()
    {
        var r = ExplanationReportHtmlTests.Sample();
        var cli = AsWire(JToken.Parse(r.ToJson()));
        var json = Newtonsoft.Json.JsonConvert.SerializeObject(r, LspJson.Settings);
        var wire = JToken.Parse(json);
        Assert.True(JToken.DeepEquals(cli, wire), wire.ToString());
        Assert.NotNull(wire["sides"]![0]!["candidates"]![0]!["fieldScores"]!["openaiCorrelation"]);
        Assert.NotNull(wire["heldoutDocuments"]);
        Assert.Null(wire["held_out_documents"] ?? wire["heldout_documents"]);
        Assert.Equal("a mixture of familiar concepts: heat words and mixing", (string)wire["verdict"]!);
        var back = Newtonsoft.Json.JsonConvert.DeserializeObject<ExplanationResult>(json, LspJson.Settings)!;
        Assert.Equal(r.ToJson(), back.ToJson());
    }
}
