using System.Net;
using System.Text.RegularExpressions;
using InterpLsp.Analysis.Explain.Results;
using InterpLsp.Analysis.Reports;

namespace InterpLsp.Tests.Reports;

/// <summary>The direction view's explanation section, rendered from a hand-built result: every score with its
/// interval, the baselines, p and significance, the field-comparable scores marked, the coverage sentence, the modes
/// with their marked examples (linked to the file where the scan knows it), the cover test, the rules; every string
/// from the result escaped.</summary>
public sealed class ExplanationReportHtmlTests
{
    private const string Hostile = "<img src=x onerror=alert(1)>";

    private static Score Sc(double v, double lo, double hi, long n = 5000) => new(v, lo, hi, n);

    private static ScoredCandidate Candidate(string label, double f1, bool significant, double p) => new()
    {
        Id = "word:" + label, Label = label, Family = "words",
        Scores = new PrimaryScores(Sc(f1 * 0.6, f1 * 0.5, f1 * 0.7), Sc(f1, f1 - 0.05, f1 + 0.06), Sc(0.38, 0.31, 0.44), Sc(0.29, 0.25, 0.33)),
        Field = new FieldScores(Sc(0.52, 0.47, 0.58, 200), Sc(0.71, 0.66, 0.75, 200), Sc(0.77, 0.72, 0.81, 200)),
        RandomDirections = new BaselineScores(0.012, 0.023, 0.031, 0.004),
        Shuffled = new BaselineScores(0.015, 0.027, 0.035, 0.001),
        P = p, Significant = significant, Holds = 300, Hits = 120,
    };

    public static ExplanationResult Sample()
    {
        var r = new ExplanationResult
        {
            Direction = "temperature", DirectionHash = "abc", Hook = "blocks.3.hook_resid_post", ModelId = "embedded:all-MiniLM-L6-v2",
            CorpusId = "default:wordnet-3.1", CorpusHash = "c1", ScanId = 7, Documents = 20000, Tokens = 250000,
            ProposeDocuments = 10012, HeldOutDocuments = 9988, Verdict = "a mixture of familiar concepts: heat words and mixing",
            Seconds = 4.2,
        };
        r.Warnings.Add("small sample " + Hostile);
        var side = new ExplanationSide
        {
            Side = "positive", Threshold = 2.5, Tokens = 120000, Documents = 9988, Fires = 1200, Tried = 4321,
            FiresNowhere = new BaselineScores(0, 0, 0.01, 0), FiresEverywhere = new BaselineScores(0.005, 0.0099, 0.01, 0),
            NullBestIoU = { 0.02, 0.05, 0.03 },
            Coverage = new Coverage { Terms = { "word:warm" }, Labels = { "warm" }, Coefficients = { 1.5 }, Intercept = 0.1, R2 = Sc(0.41, 0.35, 0.47, 60000), Mean = 0.2 },
            VerdictKind = "mixture", Verdict = "a mixture: heat words " + Hostile + " and mixing",
        };
        side.Candidates.Add(Candidate("warm " + Hostile, 0.41, true, 0.0476));
        side.Candidates.Add(Candidate("stir", 0.12, false, 0.38));
        side.Modes.Add(new Mode
        {
            Index = 0, Share = 0.55, Size = 220,
            Examples = { new ModeExample("notes.txt:120", "The soup grew warmer " + Hostile + " by noon.", 14, 20, 4.5) },
            Candidates = { Candidate("warm " + Hostile, 0.62, true, 0.01) },
        });
        side.Modes.Add(new Mode
        {
            Index = 1, Share = 0.45, Size = 180,
            Examples = { new ModeExample("n.2.def", "two gases mixing", 10, 16, 3.25) },
            Candidates = { Candidate("mix", 0.5, true, 0.02) },
        });
        side.Cover = new ModeCover
        {
            UnionId = "or", UnionLabel = "warm OR mix", UnionIoU = Sc(0.33, 0.29, 0.37), SingleId = "wn:entropy", SingleLabel = "entropy (WordNet)",
            SingleIoU = Sc(0.21, 0.18, 0.24), Covers = false, Tried = { "entropy (WordNet)", "surprisal" },
        };
        r.Sides.Add(side);
        return r;
    }

    private static string Render(ExplanationResult r) => DirectionReportHtml.Render(new DirectionReport(
        new ReportDirection("temperature", "library:temperature", "projection", "blocks.3.hook_resid_post", "embedded:all-MiniLM-L6-v2", 384, "abc", null, null),
        null, null, [], new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc),
        new ReportExplanation(r, new Dictionary<string, string> { ["notes.txt:120"] = "/tmp/ws/notes.txt" })));

    [Fact]
    public void Every_score_its_interval_the_baselines_and_the_verdicts_are_shown()
    {
        var raw = Render(Sample());
        var html = WebUtility.HtmlDecode(raw); // the facts as the reader sees them (· and × are written as entities)
        Assert.Contains("a mixture of familiar concepts: heat words and mixing", html);
        Assert.Contains("(mixture)", html);
        // F1 0.41 [0.36, 0.47]: 0.41 - 0.05, 0.41 + 0.06
        Assert.Contains("0.41 [0.36, 0.47]", html);
        Assert.Contains("0.38 [0.31, 0.44]", html); // AUPRC
        Assert.Contains("0.29 [0.25, 0.33]", html); // Pearson
        Assert.Contains("F1 0.02 · IoU 0.01 · AUPRC 0.03 · Pearson r 0.00", html); // random directions: 0.023, 0.012, 0.031, 0.004
        Assert.Contains("F1 0.03 · IoU 0.01 · AUPRC 0.04 · Pearson r 0.00", html); // shuffled: 0.027, 0.015, 0.035, 0.001 (0.035 -> 0.04)
        Assert.Contains("<td class=\"n\">0.048</td><td>yes</td>", raw); // p 0.0476, significant
        Assert.Contains("<td class=\"n\">0.380</td><td>no</td>", raw);
        Assert.Contains("field-comparable only", html);
        Assert.Contains("<td class=\"n field\">0.52 [0.47, 0.58]</td>", raw);
        Assert.Contains("fires nowhere", html);
        Assert.Contains("F1 0.01 · IoU 0.01 · AUPRC 0.01 · Pearson r 0.00", html); // fires everywhere: F1 0.0099 -> 0.01, IoU 0.005 -> 0.01
        Assert.Contains("best held-out IoU of each of 3: median 0.03, max 0.05", html); // sorted 0.02, 0.03, 0.05
        Assert.Contains("explains 41%; 59% unexplained", html);
        Assert.Contains("0.41 [0.35, 0.47]", html); // R^2
        Assert.Contains("1.50 × warm", html);
        Assert.Contains("4,321 candidates tried", html);
        Assert.Contains("from scan 7", html);
    }

    [Fact]
    public void The_residual_part_shows_what_was_taken_out_its_candidates_and_marked_examples()
    {
        var r = Sample();
        r.Sides[0].Residual.Add(new ResidualMode
        {
            Threshold = 1.75, Share = 0.003, AfterIds = { "word:warm" }, AfterLabels = { "warm " + Hostile }, ProposeSize = 41, HeldOutSize = 38,
            Examples = { new ModeExample("n.3.def", "a gas that stirs", 13, 16, 1.9) },
            Candidates = { Candidate("stirring", 0.31, false, 0.2) },
        });
        var raw = Render(r);
        var html = WebUtility.HtmlDecode(raw);
        Assert.Contains("Besides its first candidate", html);
        Assert.Contains("without warm " + Hostile + ": 41 + 38 tokens", html);
        Assert.DoesNotContain(Hostile, raw); // escaped
        Assert.Contains("stirring: F1 0.31", html);
        Assert.Matches("<mark[^>]*>irs</mark>", raw);
        // a side without one shows no such section
        Assert.DoesNotContain("Besides its first candidate", WebUtility.HtmlDecode(Render(Sample())));
    }

    [Fact]
    public void Modes_show_their_share_candidates_and_marked_examples_and_the_cover_test_and_rules()
    {
        var raw = Render(Sample());
        var html = WebUtility.HtmlDecode(raw);
        Assert.Contains("Modes (2)", html);
        Assert.Contains("55% of the firing tokens (220)", html);
        Assert.Contains("45% of the firing tokens (180)", html);
        // "two gases mixing"[10..16] is "mixing"
        Assert.Matches("<mark[^>]*>mixing</mark>", raw);
        Assert.Matches("<mark[^>]*>warmer</mark>", raw); // "The soup grew warmer ..."[14..20]
        Assert.Contains("data-path=\"/tmp/ws/notes.txt\"", raw); // the scan knows this document's file
        Assert.Contains("<td class=\"src\">n.2.def</td>", raw); // no file: plain key
        Assert.Contains("mix: F1 0.50 [0.45, 0.56]", html);
        Assert.Contains("entropy (WordNet): IoU 0.21 [0.18, 0.24]", html);
        Assert.Contains("warm OR mix: IoU 0.33 [0.29, 0.37]", html);
        Assert.Contains("no single candidate covers the modes", html);
        Assert.Contains("2 tried as the covering concept", html);
        Assert.Contains("<details class=\"rules\"><summary>Rules behind these numbers</summary>", raw);
        Assert.Contains("bootstrap 95% percentile interval", html);
    }

    [Fact]
    public void Everything_from_the_result_is_escaped()
    {
        var html = Render(Sample());
        Assert.DoesNotContain("<img", html);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
        Assert.Equal(0, Regex.Matches(html, "onerror=alert\\(1\\)>").Count);
    }

    [Fact]
    public void A_direction_with_no_explanation_says_how_to_explain_it()
    {
        var html = DirectionReportHtml.Render(new DirectionReport(
            new ReportDirection("t", "library:t", "projection", "h", "m", 4, "abc", null, null), null, null, [], DateTime.UtcNow));
        Assert.Contains("Not explained yet", html);
        Assert.Contains("interp-lsp explain t", html);
    }
}
