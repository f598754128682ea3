using InterpLsp.Analysis.Reports;
using InterpLsp.Analysis.Runs;
using InterpLsp.Server.Cli;
using InterpLsp.Tests.Library;
using InterpLsp.Tests.Probes;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Tests.Cli;

/// <summary><c>interp-lsp explain</c> and <c>interp-lsp test-explanation</c>: a hypothesis given none, two or an empty
/// way fails at once with one line naming the problem (before the model loads); words split on commas and spaces.</summary>
public sealed class ExplainCliTests
{
    private static readonly string Sample = ProbeRealDataTests.RepoPath("samples", "directions", "temperature.json");

    private static void FailsWith(Support.Cli.Result r, params string[] words)
    {
        Assert.Equal(2, r.ExitCode);
        var line = r.Stderr.Trim();
        Assert.DoesNotContain('\n', line);
        Assert.StartsWith("interp-lsp: error: ", line);
        foreach (var w in words) Assert.Contains(w, line);
    }

    [Fact]
    public void Test_explanation_needs_exactly_one_hypothesis_and_not_an_empty_one()
    {
        FailsWith(Support.Cli.Run("test-explanation", Sample), "give the hypothesis as one of --words", "--regex", "--text");
        FailsWith(Support.Cli.Run("test-explanation", Sample, "--words", "warm", "--regex", "w.rm"), "give only one of --words, --regex and --text");
        FailsWith(Support.Cli.Run("test-explanation", Sample, "--regex", "w.rm", "--text", "heat"), "give only one of");
        FailsWith(Support.Cli.Run("test-explanation", Sample, "--words"), "--words: the word list is empty");
        FailsWith(Support.Cli.Run("test-explanation", Sample, "--words", ",", " "), "--words: the word list is empty");
        FailsWith(Support.Cli.Run("test-explanation", Sample, "--regex", ""), "--regex: the regex is empty");
        FailsWith(Support.Cli.Run("test-explanation", Sample, "--text", "  "), "--text: the hypothesis text is empty");
    }

    // issue 15 point 8: a regex that does not compile fails at once (one line, before the model or any evidence
    // loads: no progress line), naming .NET's reason
    [Fact]
    public void An_invalid_regex_fails_before_anything_loads()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var r = Support.Cli.Run("test-explanation", Sample, "--regex", "(unclosed");
        FailsWith(r, "--regex", "(unclosed", "does not compile");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"took {clock.Elapsed}");
    }

    // issue 15 point 8: the embedding scorer mean-pools, and its rule says so
    [Fact]
    public void The_embedding_rule_names_mean_pooling()
    {
        var rule = new InterpLsp.Analysis.Explain.Results.EmbeddingScore().Rule;
        Assert.DoesNotContain("CLS", rule);
        Assert.Contains("mean pooling", rule);
    }

    [Fact]
    public void A_corpus_too_small_to_split_is_one_line_naming_the_sizes_needed()
    {
        var dir = Directory.CreateTempSubdirectory("interp-explain-tiny-").FullName;
        try
        {
            var corpus = Path.Combine(dir, "tiny.jsonl");
            File.WriteAllLines(corpus, Enumerable.Range(0, 6).Select(i => $"{{\"text\": \"The kettle was warm on morning {i}.\"}}"));
            var r = Support.Cli.Run("explain", Sample, "--corpus", corpus, "--no-library");
            Assert.NotEqual(0, r.ExitCode);
            Assert.Contains("too small to split", r.Stderr);
            Assert.Contains("at least 40 texts and 400 tokens", r.Stderr);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void A_word_list_splits_on_commas_and_spaces_keeping_order_and_dropping_repeats()
    {
        var h = TestExplanationCommand.Hypothesize(["warm, hot", "cold", "hot"], null, null);
        Assert.Equal(("words", "warm, hot, cold"), (h.Kind, h.Value));
        Assert.Equal(["warm", "hot", "cold"], h.Words!);
        var r = TestExplanationCommand.Hypothesize(null, "w(a|o)rm", null);
        Assert.Equal(("regex", "w(a|o)rm", (IReadOnlyList<string>?)null), (r.Kind, r.Value, r.Words));
        Assert.Equal(("text", "things that are hot"), (HypothesisInput.Parse("text", "  things that are hot ").Kind, HypothesisInput.Parse("text", "  things that are hot ").Value));
    }

    [Fact]
    public void The_readable_report_has_per_side_the_verdict_the_table_the_baselines_the_coverage_and_the_modes()
    {
        var text = ExplanationText.Plain(InterpLsp.Tests.Reports.ExplanationReportHtmlTests.Sample());
        Assert.Contains("verdict: a mixture of familiar concepts: heat words and mixing", text);
        Assert.Contains("positive side: fires on 1,200 of 120,000 held-out tokens (above 2.5) · 4,321 candidates tried", text);
        Assert.Matches(@"candidate\s+F1 \[95%\]\s+IoU\s+AUPRC\s+Pearson r\s+random F1\s+shuffled F1\s+p", text);
        // the significant candidate's row: F1 with its interval, IoU 0.41 * 0.6 = 0.246, AUPRC, r, random F1 0.023, shuffled F1 0.027, p 0.0476, starred
        Assert.Matches(@"warm <img[^\n]*0\.41 \[0\.36, 0\.47\]\s+0\.25\s+0\.38\s+0\.29\s+0\.02\s+0\.03\s+0\.048\s+\*", text);
        Assert.Contains("trivial: fires nowhere F1 0.00 · IoU 0.00 · AUPRC 0.01 · Pearson r 0.00 · fires everywhere F1 0.01", text);
        Assert.Contains("coverage: explains 41%; 59% unexplained (R^2 0.41 [0.35, 0.47] with warm)", text);
        Assert.Contains("mode 1: 55% of the firing tokens (220) · best: warm", text);
        Assert.Contains("mode 2: 45% of the firing tokens (180) · best: mix (F1 0.50 [0.45, 0.56]", text);
        Assert.Contains("two gases [mixing]", text);
        Assert.Contains("The soup grew [warmer]", text);
        Assert.Contains("one concept for the modes: entropy (WordNet) IoU 0.21 [0.18, 0.24] vs the modes' OR (warm OR mix) IoU 0.33 [0.29, 0.37]: no single candidate covers the modes as well as their OR (2 tried)", text);
    }

    [Fact]
    public void Explain_of_a_missing_direction_names_it()
    {
        using var tmp = new TempFolder();
        FailsWith(Support.Cli.Run("explain", tmp.File("nope.json"), "--library", tmp.Interp), "nope.json");
    }

    /// <summary>NEEDS THE EXPLANATION PIPELINE (ExplainRun.Explain): fails until it is implemented. Explains the sample
    /// direction on the default corpus and checks the JSON contract: sides, candidates with a label and scores, a verdict;
    /// the result is stored in the library, and the readable report says the coverage.</summary>
    [Fact]
    public void Pipeline_explain_of_the_sample_direction_prints_the_json_contract_and_stores_it()
    {
        using var tmp = new TempFolder();
        var run = Support.Cli.Run("explain", Sample, "--json", "--library", tmp.Interp);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var json = JObject.Parse(run.Stdout);
        Assert.False(string.IsNullOrWhiteSpace((string?)json["verdict"]), run.Stdout);
        var sides = (JArray)json["sides"]!;
        Assert.NotEmpty(sides);
        var candidates = sides.SelectMany(s => (JArray)s["candidates"]!).ToList();
        Assert.NotEmpty(candidates);
        foreach (var c in candidates)
        {
            Assert.False(string.IsNullOrEmpty((string?)c["label"]));
            foreach (var k in new[] { "iou", "f1", "auprc", "pearson" })
            {
                var s = c["scores"]![k]!;
                Assert.NotNull(s["value"]);
                Assert.NotNull(s["lo"]);
                Assert.NotNull(s["hi"]);
            }
        }
        using (var lib = InterpLsp.Library.DirectionLibrary.Open(tmp.Interp))
            Assert.NotNull(lib.LatestExplanation((string)json["direction_hash"]!));

        var text = Support.Cli.Run("explain", Sample, "--library", tmp.Interp);
        Assert.True(text.ExitCode == 0, text.Stderr);
        Assert.Contains("verdict:", text.Stdout);
        Assert.Contains("unexplained", text.Stdout);
    }
}
