using System.Net;
using System.Text.RegularExpressions;
using InterpLsp.Analysis.Explain.Results;
using InterpLsp.Analysis.Reports;

namespace InterpLsp.Tests.Reports;

/// <summary>The one text rendering of an explanation (<see cref="ExplanationText"/>): exact plain text and Markdown for
/// a small hand-built explanation (an unexplained side, a score missing from the JSON, a baseline that rounds to
/// minus zero) and hypothesis; and the CLI's text, the hover card and the direction view write the same numbers for
/// the same result.</summary>
public sealed class ExplanationTextTests
{
    private static ScoredCandidate Kettle() => new()
    {
        Id = "word:kettle", Label = "kettle", Family = "words",
        // Pearson missing (null in the JSON); AUPRC without a finite interval; IoU 0.125 is a tie: half away from zero
        Scores = new PrimaryScores(new Score(0.125, 0.05, 0.2, 1000), new Score(0.2222, 0.1, 0.3, 1000), new Score(0.15, double.NaN, double.NaN, 1000), null!),
        RandomDirections = new BaselineScores(0.1, 0.18, 0.12, -0.001), // -0.001 is written 0.00, not -0.00
        Shuffled = new BaselineScores(0.02, 0.04, 0.02, 0),
        P = 0.35, Significant = false, Holds = 40, Hits = 3,
    };

    public static ExplanationResult Small()
    {
        var r = new ExplanationResult
        {
            Direction = "neuron 7", Hook = "blocks.0.hook_resid_post", CorpusId = "notes", Documents = 40, Tokens = 2000,
            ProposeDocuments = 20, HeldOutDocuments = 20, Verdict = "unexplained: no candidate beats the random-direction null", Seconds = 0.4,
        };
        var side = new ExplanationSide
        {
            Side = "positive", Threshold = 1.25, Tokens = 1000, Documents = 20, Fires = 10, Tried = 12,
            FiresNowhere = new BaselineScores(0, 0, 0.01, 0), FiresEverywhere = new BaselineScores(0.01, 0.0199, 0.01, 0),
            VerdictKind = "unexplained", Verdict = "unexplained: no candidate beats the random-direction null",
        };
        side.Candidates.Add(Kettle());
        r.Sides.Add(side);
        return r;
    }

    private const string SmallPlain = """
        neuron 7 at blocks.0.hook_resid_post · notes: 40 texts, 2,000 tokens (20 propose candidates, 20 held out to score them) · 0.4 s
        verdict: unexplained: no candidate beats the random-direction null

        positive side: fires on 10 of 1,000 held-out tokens (above 1.25) · 12 candidates tried
          verdict: unexplained: no candidate beats the random-direction null
          candidate           F1 [95%]   IoU  AUPRC  Pearson r  random F1  shuffled F1      p
          kettle     0.22 [0.10, 0.30]  0.13   0.15        n/a       0.18         0.04  0.350
          * beats the random-direction null (p < 0.05, corrected for the candidates tried)
          kettle (words): F1 0.22 [0.10, 0.30] · IoU 0.13 [0.05, 0.20] · AUPRC 0.15 · Pearson r n/a · n 1,000
            p 0.350: does not beat the random-direction null · holds on 40 held-out tokens, 3 of them where the direction fires
            random directions at the hook: F1 0.18 · IoU 0.10 · AUPRC 0.12 · Pearson r 0.00
            shuffled within texts: F1 0.04 · IoU 0.02 · AUPRC 0.02 · Pearson r 0.00
          trivial: fires nowhere F1 0.00 · IoU 0.00 · AUPRC 0.01 · Pearson r 0.00 · fires everywhere F1 0.02 · IoU 0.01 · AUPRC 0.01 · Pearson r 0.00
          coverage: no significant candidate to combine: 100% unexplained

        scores on the held-out half; intervals: bootstrap 95% percentile interval, texts resampled with replacement, 200 replicates, seed 1; significance: p < 0.05 against 20 random directions at the hook
        """;

    private const string SmallMarkdown = """
        **neuron 7** at `blocks.0.hook_resid_post` · notes: 40 texts, 2,000 tokens (20 propose candidates, 20 held out to score them) · 0.4 s

        verdict: unexplained: no candidate beats the random-direction null

        **positive side**: fires on 10 of 1,000 held-out tokens (above 1.25) · 12 candidates tried

        - verdict: unexplained: no candidate beats the random-direction null

        | candidate | F1 \[95%\] | IoU | AUPRC | Pearson r | random F1 | shuffled F1 | p |  |
        |---|---:|---:|---:|---:|---:|---:|---:|---:|
        | kettle | 0.22 \[0.10, 0.30\] | 0.13 | 0.15 | n/a | 0.18 | 0.04 | 0.350 |  |

        - \* beats the random-direction null (p \< 0.05, corrected for the candidates tried)
        - **kettle** (words): F1 0.22 \[0.10, 0.30\] · IoU 0.13 \[0.05, 0.20\] · AUPRC 0.15 · Pearson r n/a · n 1,000
          - p 0.350: does not beat the random-direction null · holds on 40 held-out tokens, 3 of them where the direction fires
          - random directions at the hook: F1 0.18 · IoU 0.10 · AUPRC 0.12 · Pearson r 0.00
          - shuffled within texts: F1 0.04 · IoU 0.02 · AUPRC 0.02 · Pearson r 0.00
        - trivial: fires nowhere F1 0.00 · IoU 0.00 · AUPRC 0.01 · Pearson r 0.00 · fires everywhere F1 0.02 · IoU 0.01 · AUPRC 0.01 · Pearson r 0.00
        - coverage: no significant candidate to combine: 100% unexplained

        scores on the held-out half; intervals: bootstrap 95% percentile interval, texts resampled with replacement, 200 replicates, seed 1; significance: p \< 0.05 against 20 random directions at the hook
        """;

    public static HypothesisResult SmallHypothesis()
    {
        var r = new HypothesisResult
        {
            Direction = "neuron 7", Hook = "blocks.0.hook_resid_post", CorpusId = "notes", Kind = "words", Hypothesis = "warm, hot",
            Verdict = "beats the null on the positive side", Seconds = 1.5,
        };
        r.Warnings.Add("only 20 held-out texts");
        var pos = Kettle();
        pos.Label = "warm, hot"; pos.P = 0.0004; pos.Significant = true;
        r.Sides.Add(new HypothesisSide
        {
            Side = "positive", Candidate = pos, Rank = 2,
            FiresNowhere = new BaselineScores(0, 0, 0.01, 0), FiresEverywhere = new BaselineScores(0.01, 0.0199, 0.01, 0),
        });
        return r;
    }

    private const string HypothesisPlain = """
        neuron 7 at blocks.0.hook_resid_post · notes · word list: warm, hot · 1.5 s
        verdict: beats the null on the positive side
        warning: only 20 held-out texts

        positive side: would rank 2 among the stored candidates
          warm, hot (words): F1 0.22 [0.10, 0.30] · IoU 0.13 [0.05, 0.20] · AUPRC 0.15 · Pearson r n/a · n 1,000
            p < 0.001: beats the random-direction null · holds on 40 held-out tokens, 3 of them where the direction fires
            random directions at the hook: F1 0.18 · IoU 0.10 · AUPRC 0.12 · Pearson r 0.00
            shuffled within texts: F1 0.04 · IoU 0.02 · AUPRC 0.02 · Pearson r 0.00
          trivial: fires nowhere F1 0.00 · IoU 0.00 · AUPRC 0.01 · Pearson r 0.00 · fires everywhere F1 0.02 · IoU 0.01 · AUPRC 0.01 · Pearson r 0.00
        """;

    private const string HypothesisMarkdown = """
        **neuron 7** at `blocks.0.hook_resid_post` · notes · word list: warm, hot · 1.5 s

        verdict: beats the null on the positive side

        warning: only 20 held-out texts

        **positive side**: would rank 2 among the stored candidates

        - **warm, hot** (words): F1 0.22 \[0.10, 0.30\] · IoU 0.13 \[0.05, 0.20\] · AUPRC 0.15 · Pearson r n/a · n 1,000
          - p \< 0.001: beats the random-direction null · holds on 40 held-out tokens, 3 of them where the direction fires
          - random directions at the hook: F1 0.18 · IoU 0.10 · AUPRC 0.12 · Pearson r 0.00
          - shuffled within texts: F1 0.04 · IoU 0.02 · AUPRC 0.02 · Pearson r 0.00
        - trivial: fires nowhere F1 0.00 · IoU 0.00 · AUPRC 0.01 · Pearson r 0.00 · fires everywhere F1 0.02 · IoU 0.01 · AUPRC 0.01 · Pearson r 0.00
        """;

    [Fact]
    public void An_unexplained_side_with_a_missing_score_is_written_exactly()
    {
        Assert.Equal(SmallPlain, ExplanationText.Plain(Small()));
        Assert.Equal(SmallMarkdown, ExplanationText.Markdown(Small()));
        Assert.Equal("neuron 7: positive side unexplained.", ExplanationText.Summary(Small()));
    }

    [Fact]
    public void A_hypothesis_is_written_exactly()
    {
        Assert.Equal(HypothesisPlain, ExplanationText.Plain(SmallHypothesis()));
        Assert.Equal(HypothesisMarkdown, ExplanationText.Markdown(SmallHypothesis()));
        Assert.Equal("word list “warm, hot” on neuron 7: beats the null on the positive side (F1 0.22, rank 2).",
            ExplanationText.Summary(SmallHypothesis()));
    }

    [Fact]
    public void Free_text_shows_the_embedding_scorer_and_its_summary()
    {
        var r = new HypothesisResult
        {
            Direction = "neuron 7", Hook = "h", CorpusId = "notes", Kind = "text", Hypothesis = "things that are hot", Verdict = "weak",
            Embedding = new EmbeddingScore { Auroc = new Score(0.706, 0.6, 0.8, 100), Activating = 50, NonActivating = 50, Rule = "cosine" },
        };
        Assert.EndsWith("embedding scorer: AUROC 0.71 [0.60, 0.80] on 50 activating and 50 non-activating contexts (cosine)", ExplanationText.Plain(r));
        Assert.Equal("free text “things that are hot” on neuron 7: embedding AUROC 0.71 (chance 0.50).", ExplanationText.Summary(r));
    }

    [Fact]
    public void The_card_of_an_unexplained_side_names_the_best_tried_with_its_p()
    {
        var md = ExplanationText.Card(Small(), "neuron 7", 0.5, 0.25).Markdown();
        Assert.Equal("""
            Candidate explanations of **neuron 7** (positive side): unexplained: no candidate beats the random-direction null

            - none beats the random-direction null; the best tried (p 0.350): kettle: F1 0.22 \[0.10, 0.30\] · IoU 0.13 \[0.05, 0.20\] · AUPRC 0.15 · Pearson r n/a
            - this token: 25% unexplained
            """, md);
    }

    [Fact]
    public void Markdown_escapes_what_a_result_holds_and_keeps_the_marks_outside_spaces()
    {
        var t = new ReportText().Line(0, Span.Strong(" *x* "), Span.Code("a`b"), " | <b>#1 & ~2~");
        Assert.Equal(@" **\*x\*** `` a`b `` \| \<b\>\#1 \& \~2\~", t.Markdown());
        Assert.Equal(" *x* a`b | <b>#1 & ~2~", t.Plain());
    }

    /// <summary>The numbers as a reader sees them: Markdown escapes and HTML entities undone.</summary>
    private static string Unmark(string s) => WebUtility.HtmlDecode(Regex.Replace(s, @"\\(.)", "$1")).Replace("**", "");

    private static string Html(ExplanationResult r) => DirectionReportHtml.Render(new DirectionReport(
        new ReportDirection("temperature", "library:temperature", "projection", "blocks.3.hook_resid_post", "m", 384, "abc", null, null),
        null, null, [], DateTime.UtcNow, new ReportExplanation(r, new Dictionary<string, string>())));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_cli_the_hover_card_and_the_direction_view_write_the_same_numbers(bool sample)
    {
        var r = sample ? ExplanationReportHtmlTests.Sample() : Small();
        var plain = ExplanationText.Plain(r);
        var card = Unmark(ExplanationText.Card(r, r.Direction, 1, null).Markdown());
        var markdown = Unmark(ExplanationText.Markdown(r));
        var html = Unmark(Html(r));
        // every formatted number of the card (scores with their intervals, p, percentages) is in the others as it is in the card
        var numbers = Regex.Matches(card, @"(?:< )?\d+\.\d+(?: \[\d+\.\d+, \d+\.\d+\])?|\d+%").Select(m => m.Value).Distinct().ToList();
        Assert.True(numbers.Count >= 4, string.Join(" | ", numbers));
        foreach (var n in numbers)
        {
            Assert.Contains(n, plain);
            Assert.Contains(n, markdown);
            Assert.Contains(n, html);
        }
        foreach (var s in r.Sides)
        {
            var c = s.Candidates[0];
            Assert.Contains(ExplanationFormat.Primary(c.Scores), plain);
            Assert.Contains(ExplanationFormat.Primary(c.Scores), markdown);
            foreach (var score in ExplanationFormat.Scores(c.Scores)) Assert.Contains(">" + ExplanationFormat.S(score) + "<", html); // a cell each
            foreach (var text in new[] { plain, markdown, html })
            {
                Assert.Contains(ExplanationFormat.Baseline(c.RandomDirections), text);
                Assert.Contains(ExplanationFormat.Baseline(c.Shuffled), text);
                Assert.Contains(ExplanationFormat.Baseline(s.FiresEverywhere), text);
                Assert.Contains(ExplanationFormat.P(c.P), text);
                Assert.Contains(ExplanationFormat.Coverage(s.Coverage), text);
            }
        }
    }

    [Fact]
    public void One_rounding_rule_and_one_name_per_metric()
    {
        Assert.Equal("0.00", ExplanationFormat.N(-0.001));
        Assert.Equal("-0.01", ExplanationFormat.N(-0.0051));
        Assert.Equal("0.13", ExplanationFormat.N(0.125)); // an exact tie: away from zero, as the client's toFixed
        Assert.Equal("-0.13", ExplanationFormat.N(-0.125));
        Assert.Equal("0.14", ExplanationFormat.N(0.145)); // the double is 0.14499…: no tie
        Assert.Equal("0.04", ExplanationFormat.N(0.035)); // the double is 0.03500…03
        Assert.Equal("0.01", ExplanationFormat.N(0.015)); // the double is 0.01499…, though 0.015 * 100 rounds to 1.5
        Assert.Equal("0.3 s", ExplanationFormat.Seconds(0.25));
        Assert.Equal("0.063", ExplanationFormat.P(0.0625));
        Assert.Equal("n/a", ExplanationFormat.N(double.NaN));
        Assert.Equal("< 0.001", ExplanationFormat.P(0.0004));
        Assert.Equal("0.600", ExplanationFormat.P(0.6));
        Assert.Equal("3%", ExplanationFormat.Percent(0.025));
        Assert.Equal("explains 0%; 100% unexplained",
            ExplanationFormat.Coverage(new Coverage { Terms = { "t" }, Labels = { "t" }, R2 = new Score(-0.2, -0.3, -0.1, 10) }));
        Assert.Equal("F1 0.10 · IoU 0.20 · AUPRC 0.30 · Pearson r 0.40", ExplanationFormat.Baseline(new BaselineScores(0.2, 0.1, 0.3, 0.4)));
    }
}
