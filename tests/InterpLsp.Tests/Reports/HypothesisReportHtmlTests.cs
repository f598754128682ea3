using System.Net;
using System.Text.RegularExpressions;
using InterpLsp.Analysis.Explain.Results;
using InterpLsp.Analysis.Reports;

namespace InterpLsp.Tests.Reports;

/// <summary>The direction view with a tested hypothesis (Interp: Test an Explanation): the hypothesis as a row of the
/// candidate table (scores with intervals, baselines, p, significance, its rank among the stored candidates) above the
/// stored explanation, whose threshold plot is unfolded and whose modes mark the firing token in each example; every
/// string of the hypothesis escaped.</summary>
public sealed class HypothesisReportHtmlTests
{
    private const string Hostile = "<script>alert(1)</script>";

    private static HypothesisResult Tested(string value)
    {
        var c = new ScoredCandidate
        {
            Id = "user:words", Label = value, Family = "user hypothesis",
            Scores = new PrimaryScores(new Score(0.26, 0.21, 0.31, 5000), new Score(0.41, 0.36, 0.47, 5000), new Score(0.33, 0.28, 0.39, 5000), new Score(0.22, 0.18, 0.26, 5000)),
            RandomDirections = new BaselineScores(0.011, 0.021, 0.031, 0.001), Shuffled = new BaselineScores(0.014, 0.026, 0.034, 0.002),
            P = 0.0476, Significant = true, Holds = 300, Hits = 120,
        };
        var r = new HypothesisResult
        {
            Direction = "temperature", DirectionHash = "abc", Hook = "blocks.3.hook_resid_post", CorpusId = "default:brown", Kind = "words",
            Hypothesis = value, Verdict = "positive side: beats the random-direction null (p 0.048)", Seconds = 2.5,
        };
        r.Warnings.Add("few texts " + Hostile);
        r.Sides.Add(new HypothesisSide
        {
            Side = "positive", Candidate = c, Rank = 2,
            FiresNowhere = new BaselineScores(0, 0, 0.01, 0), FiresEverywhere = new BaselineScores(0.005, 0.0099, 0.01, 0),
        });
        return r;
    }

    private static ExplanationResult Stored()
    {
        var r = ExplanationReportHtmlTests.Sample();
        r.Sides[0].Thresholds.Add(new ThresholdPoint { Share = 0.003, Rule = "top 0.3 %", Threshold = 3.1, ProposeFires = 90, HeldOutFires = 85, BestLabel = "warm", BestIoU = 0.2, BestF1 = 0.33, TopIoU = 0.2, TopF1 = 0.33 });
        r.Sides[0].Thresholds.Add(new ThresholdPoint { Share = 0.01, Rule = "top 1 %", Threshold = 2.5, ProposeFires = 300, HeldOutFires = 290, Chosen = true, BestLabel = "warm", BestIoU = 0.26, BestF1 = 0.41, TopIoU = 0.26, TopF1 = 0.41 });
        return r;
    }

    private static string Render(HypothesisResult h, ExplanationResult? stored) => DirectionReportHtml.Render(new DirectionReport(
        new ReportDirection("temperature", "library:temperature", "projection", "blocks.3.hook_resid_post", "embedded:all-MiniLM-L6-v2", 384, "abc", null, null),
        null, null, [], new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc),
        stored is null ? null : new ReportExplanation(stored, new Dictionary<string, string>()), h));

    [Fact]
    public void The_hypothesis_is_a_row_with_scores_intervals_baselines_p_and_rank_above_the_explanation()
    {
        var raw = Render(Tested("hot, warm, heat, cold"), Stored());
        var html = WebUtility.HtmlDecode(raw);
        var section = Regex.Match(raw, "<section class=\"hypothesis\" id=\"hypothesis\">.*?</section>", RegexOptions.Singleline).Value;
        Assert.NotEmpty(section);
        Assert.True(raw.IndexOf("id=\"hypothesis\"", StringComparison.Ordinal) < raw.IndexOf("id=\"explanation\"", StringComparison.Ordinal));
        var row = Regex.Match(section, "<tr class=\"sig mine\">.*?</tr>", RegexOptions.Singleline).Value;
        Assert.StartsWith("<tr class=\"sig mine\"><td>positive</td><td>hot, warm, heat, cold</td><td>user hypothesis</td>", row);
        Assert.Contains("<td class=\"n\">0.41 [0.36, 0.47]</td>", row); // F1 with its interval
        Assert.Contains("<td class=\"n\">0.26 [0.21, 0.31]</td>", row); // IoU
        Assert.Contains("<td class=\"n\">0.048</td><td>yes</td>", row); // p, significant
        Assert.Contains("<td class=\"n\">2 of 3</td>", row); // rank among the 2 stored candidates of the side
        Assert.Contains("F1 0.02 · IoU 0.01 · AUPRC 0.03 · Pearson r 0.00", WebUtility.HtmlDecode(row)); // random directions
        Assert.Contains("rank among the stored candidates", section);
        Assert.Contains("positive side: fires everywhere", html);
        Assert.Contains("beats the random-direction null (p 0.048)", html);
    }

    [Fact]
    public void The_threshold_plot_is_unfolded_and_the_modes_mark_the_firing_token()
    {
        var raw = Render(Tested("hot"), Stored());
        Assert.Contains("<details class=\"thresholds\" open>", raw);
        Assert.Contains("<polyline", raw);
        Assert.Contains("aria-label=\"held-out F1 against the threshold\"", raw);
        Assert.Matches("<mark[^>]*>warmer</mark>", raw); // the mode example's firing token
        Assert.Matches("<mark[^>]*>mixing</mark>", raw);
        // without a hypothesis the plot stays folded
        Assert.DoesNotContain("<details class=\"thresholds\" open>", DirectionReportHtml.Render(new DirectionReport(
            new ReportDirection("t", "library:t", "projection", "h", "m", 4, "abc", null, null), null, null, [], DateTime.UtcNow,
            new ReportExplanation(Stored(), new Dictionary<string, string>()))));
    }

    [Fact]
    public void A_hostile_hypothesis_is_escaped()
    {
        var raw = Render(Tested(Hostile), Stored());
        Assert.DoesNotContain("<script>", raw);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", raw);
    }

    [Fact]
    public void Without_a_stored_explanation_the_rank_is_missing_and_the_view_says_how_to_get_it()
    {
        var h = Tested("hot");
        h.Sides[0].Rank = null;
        var raw = Render(h, null);
        Assert.Contains("<td class=\"n\">n/a</td>", raw);
        Assert.Contains("No stored explanation to rank it among", raw);
        Assert.Contains("Not explained yet", raw);
    }

    [Fact]
    public void Free_text_shows_the_embedding_scorer()
    {
        var h = new HypothesisResult
        {
            Direction = "temperature", Hook = "h", CorpusId = "c", Kind = "text", Hypothesis = "things that are hot", Verdict = "embedding scorer",
            Embedding = new EmbeddingScore { Auroc = new Score(0.706, 0.6, 0.8, 100), Activating = 50, NonActivating = 50, Rule = "cosine" },
        };
        var html = WebUtility.HtmlDecode(Render(h, Stored()));
        Assert.Contains("free text: <code>things that are hot</code>", html);
        Assert.Contains("0.71 [0.60, 0.80] (chance 0.50)", html);
        Assert.Contains("50 activating, 50 non-activating", html);
    }
}
