using System.Text;
using InterpLsp.Analysis.Explain.Results;
using static InterpLsp.Analysis.Reports.ExplanationFormat;

namespace InterpLsp.Analysis.Reports;

// The direction view's explanation section: per side the verdict, every candidate with every primary score and its
// interval, the field-comparable scores marked as such, the baselines beside them, p and significance, the coverage,
// the modes with their examples, the cover test, and the rules (collapsed). Everything from the result is escaped.
public static partial class DirectionReportHtml
{
    /// <summary>Characters of a mode example's text shown on each side of its token.</summary>
    public const int ModeExampleContext = 60;
    /// <summary>Candidates listed per mode.</summary>
    public const int ModeCandidatesShown = 3;

    /// <summary>The section; <paramref name="openThresholds"/> shows each side's threshold plot unfolded (beside a tested
    /// hypothesis, whose reader looks for it).</summary>
    private static void Explanation(StringBuilder h, ReportExplanation x, double max, bool openThresholds)
    {
        var r = x.Result;
        h.Append("<section class=\"explain\" id=\"explanation\"><h2>Candidate explanations</h2><p class=\"meta\">").Append(E(r.CorpusId)).Append(" · ")
            .Append(Count(r.Documents)).Append(" texts · ").Append(Count(r.Tokens)).Append(" tokens · ")
            .Append(Count(r.ProposeDocuments)).Append(" propose candidates, ").Append(Count(r.HeldOutDocuments))
            .Append(" held out to score them");
        if (r.ScanId is { } scan) h.Append(" · from scan ").Append(scan);
        h.Append(" · ").Append(Seconds(r.Seconds)).Append("</p>\n");
        h.Append("<p class=\"verdict\"><strong>Verdict:</strong> ").Append(E(r.Verdict)).Append("</p>\n");
        foreach (var w in r.Warnings) h.Append("<p class=\"warn\">⚠ ").Append(E(w)).Append("</p>");
        foreach (var side in r.Sides) Side(h, side, x.DocumentPaths, max, openThresholds);
        Rules(h, r.Rules);
        h.Append("</section>\n");
    }

    private static void Side(StringBuilder h, ExplanationSide s, IReadOnlyDictionary<string, string> paths, double max, bool openThresholds)
    {
        h.Append("<h3>").Append(E(s.Side)).Append(" side</h3>");
        h.Append("<p class=\"verdict\"><strong>").Append(E(s.Verdict)).Append("</strong> <span class=\"meta\">(").Append(E(s.VerdictKind)).Append(")</span></p>");
        h.Append("<p class=\"meta\">fires on ").Append(Count(s.Fires)).Append(" of ").Append(Count(s.Tokens))
            .Append(" held-out tokens in ").Append(Count(s.Documents)).Append(" texts (value above ").Append(G(s.Threshold))
            .Append(") · ").Append(Count(s.Tried)).Append(" candidates tried</p>\n");
        Thresholds(h, s, openThresholds);
        Candidates(h, s.Candidates);
        Baselines(h, s);
        h.Append("<p class=\"coverage\"><strong>Coverage:</strong> ").Append(E(Coverage(s.Coverage)));
        if (s.Coverage is { Terms.Count: > 0 } c)
        {
            h.Append(" · held-out R<sup>2</sup> ").Append(E(S(c.R2))).Append(" (n ").Append(Count(c.R2.N)).Append(") · ")
                .Append(E(Formula(c)));
        }
        h.Append("</p>\n");
        Modes(h, s, paths, max);
        Residual(h, s, paths, max);
        if (s.Cover is { } cover) Cover(h, cover);
    }

    /// <summary>What the side fires on besides its first candidate, at the rule's next broader threshold: each round's
    /// candidates (scored against the residual tokens only) and examples.</summary>
    private static void Residual(StringBuilder h, ExplanationSide s, IReadOnlyDictionary<string, string> paths, double max)
    {
        if (s.Residual.Count == 0) return;
        h.Append("<h4>Besides its first candidate</h4>");
        foreach (var r in s.Residual)
        {
            h.Append("<div class=\"mode residual\"><p>above ").Append(E(G(r.Threshold))).Append(" (the top ").Append(E(InterpLsp.Analysis.Explain.Pipeline.ThresholdRule.Percent(r.Share)))
                .Append("), without ").Append(E(string.Join(" and ", r.AfterLabels))).Append(": ")
                .Append(Count(r.ProposeSize)).Append(" + ").Append(Count(r.HeldOutSize)).Append(" tokens (proposing + held-out)</p>");
            CandidatesAndExamples(h, r.Candidates, r.Examples, "no candidate fits what is left", paths, max);
        }
    }

    /// <summary>A mode's (or a residual part's) best candidates with their scores, its examples with their tokens
    /// marked, and the end of its block.</summary>
    private static void CandidatesAndExamples(StringBuilder h, List<ScoredCandidate> candidates, List<ModeExample> examples,
        string none, IReadOnlyDictionary<string, string> paths, double max)
    {
        if (candidates.Count == 0) h.Append("<p class=\"none\">").Append(none).Append("</p>");
        else
        {
            h.Append("<ul>");
            foreach (var c in candidates.Take(ModeCandidatesShown))
                h.Append("<li>").Append(E(c.Label)).Append(": ").Append(E(Primary(c.Scores))).Append(c.Significant ? "" : " (" + Significance(false) + ")").Append("</li>");
            h.Append("</ul>");
        }
        if (examples.Count > 0)
        {
            h.Append("<table class=\"ex\">");
            foreach (var x in examples)
                ExampleRow(h, x.Value, x.Key, paths.GetValueOrDefault(x.Key), null, () => ModeContext(h, x, max));
            h.Append("</table>");
        }
        h.Append("</div>\n");
    }

    /// <summary>Every threshold the rule tried for the side: a small plot of the best candidates' held-out F1 against
    /// the threshold (inline SVG, no script), and the table behind it.</summary>
    private static void Thresholds(StringBuilder h, ExplanationSide s, bool open)
    {
        if (s.Thresholds.Count == 0) return;
        h.Append(open ? "<details class=\"thresholds\" open><summary>Thresholds tried" : "<details class=\"thresholds\"><summary>Thresholds tried");
        if (s.ThresholdRule.Length > 0) h.Append(" (chosen: ").Append(E(s.ThresholdRule)).Append(')');
        h.Append("</summary>");
        var tried = s.Thresholds.Where(t => t.Skipped is null).OrderByDescending(t => t.Threshold).ToList();
        if (tried.Count > 1)
        {
            const int w = 360, hh = 120, pad = 24;
            double X(int i) => pad + i * (w - 2.0 * pad) / (tried.Count - 1);
            double Y(double v) => hh - pad - Math.Clamp(v, 0, 1) * (hh - 2.0 * pad);
            string Line(Func<ThresholdPoint, double> f) => string.Join(" ", tried.Select((t, i) => $"{X(i).ToString("F1", Inv)},{Y(f(t)).ToString("F1", Inv)}"));
            h.Append("<svg width=\"").Append(w).Append("\" height=\"").Append(hh).Append("\" role=\"img\" aria-label=\"held-out F1 against the threshold\">");
            h.Append("<line x1=\"").Append(pad).Append("\" y1=\"").Append(hh - pad).Append("\" x2=\"").Append(w - pad).Append("\" y2=\"").Append(hh - pad).Append("\" stroke=\"currentColor\" stroke-opacity=\"0.4\"/>");
            h.Append("<polyline fill=\"none\" stroke=\"#2b6cb0\" stroke-width=\"2\" points=\"").Append(Line(t => t.BestF1)).Append("\"><title>best candidate at each threshold</title></polyline>");
            h.Append("<polyline fill=\"none\" stroke=\"#c05621\" stroke-width=\"2\" stroke-dasharray=\"4 3\" points=\"").Append(Line(t => t.TopF1)).Append("\"><title>the side's top candidate</title></polyline>");
            for (int i = 0; i < tried.Count; i++)
            {
                var t = tried[i];
                h.Append("<circle cx=\"").Append(X(i).ToString("F1", Inv)).Append("\" cy=\"").Append(Y(t.BestF1).ToString("F1", Inv)).Append("\" r=\"").Append(t.Chosen ? 5 : 3)
                    .Append("\" fill=\"#2b6cb0\"><title>").Append(E($"{t.Rule}: above {G(t.Threshold)}, best {t.BestLabel} F1 {N(t.BestF1)}")).Append("</title></circle>");
                h.Append("<text x=\"").Append(X(i).ToString("F1", Inv)).Append("\" y=\"").Append(hh - 6).Append("\" font-size=\"10\" text-anchor=\"middle\" fill=\"currentColor\">")
                    .Append(E(t.Share is { } sh ? $"{100 * sh:0.###}%" : "0")).Append("</text>");
            }
            h.Append("</svg><p class=\"meta\">held-out F1 against the threshold (top share of the proposing half; 0: the natural boundary): solid, the best candidate at each threshold; dashed, the side's top candidate; the large dot, the threshold chosen on the proposing half</p>");
        }
        h.Append("<table class=\"cand\"><tr><th>threshold</th><th>value above</th><th>firing (proposing / held-out)</th><th>best proposing-half IoU</th>")
            .Append("<th>best candidate there (held-out)</th><th>IoU</th><th>F1</th><th>top candidate IoU</th><th>F1</th></tr>");
        foreach (var t in s.Thresholds)
        {
            h.Append(t.Chosen ? "<tr class=\"sig\">" : "<tr>").Append("<td>").Append(E(t.Rule)).Append(t.Chosen ? " (chosen)" : "").Append("</td><td class=\"n\">").Append(G(t.Threshold))
                .Append("</td><td class=\"n\">").Append(Count(t.ProposeFires)).Append(" / ").Append(Count(t.HeldOutFires)).Append("</td>");
            if (t.Skipped is not null) { h.Append("<td colspan=\"6\">skipped: ").Append(E(t.Skipped)).Append("</td></tr>"); continue; }
            h.Append("<td class=\"n\">").Append(N(t.ProposeBestIoU)).Append("</td><td>").Append(E(t.BestLabel)).Append("</td><td class=\"n\">").Append(N(t.BestIoU))
                .Append("</td><td class=\"n\">").Append(N(t.BestF1)).Append("</td><td class=\"n\">").Append(N(t.TopIoU)).Append("</td><td class=\"n\">").Append(N(t.TopF1)).Append("</td></tr>");
        }
        h.Append("</table></details>\n");
    }

    private static void Candidates(StringBuilder h, IReadOnlyList<ScoredCandidate> cs)
    {
        if (cs.Count == 0) { h.Append("<p class=\"none\">No candidate kept.</p>"); return; }
        CandidateHeader(h, null, null);
        foreach (var c in cs) CandidateRow(h, c, null, null);
        CandidateFooter(h, cs[0]);
    }

    /// <summary>The candidate table's opening and its two header rows; <paramref name="first"/> and <paramref name="last"/>
    /// name an extra column before and after the candidate's (the hypothesis table's side and rank).</summary>
    private static void CandidateHeader(StringBuilder h, string? first, string? last)
    {
        h.Append("<table class=\"cand\"><tr>");
        if (first is not null) h.Append("<th rowspan=\"2\">").Append(E(first)).Append("</th>");
        h.Append("<th rowspan=\"2\">candidate</th><th rowspan=\"2\">family</th>")
            .Append("<th colspan=\"4\">primary scores (held-out, 95% interval)</th>")
            .Append("<th colspan=\"2\">baselines (").Append(E(string.Join(" · ", PrimaryNames))).Append(")</th><th rowspan=\"2\">p</th><th rowspan=\"2\">significant</th>");
        if (last is not null) h.Append("<th rowspan=\"2\">").Append(E(last)).Append("</th>");
        h.Append("<th colspan=\"3\" class=\"field\">field-comparable only</th></tr><tr>");
        foreach (var name in PrimaryNames) h.Append("<th>").Append(E(name)).Append("</th>");
        h.Append("<th>random directions at the hook</th><th>shuffled within texts</th>");
        foreach (var name in new[] { OpenAiCorrelationName, DetectionBalancedAccuracyName, DetectionAurocName })
            h.Append("<th class=\"field\">").Append(E(name)).Append("</th>");
        h.Append("</tr>");
    }

    /// <summary>One candidate's row: every primary score with its interval, the baselines, p and significance, the
    /// field-comparable scores; <paramref name="first"/> and <paramref name="last"/> fill the extra columns (plain text).</summary>
    private static void CandidateRow(StringBuilder h, ScoredCandidate c, string? first, string? last, string? rowClass = null)
    {
        var cls = string.Join(" ", new[] { c.Significant ? "sig" : null, rowClass }.Where(x => x is not null));
        h.Append(cls.Length > 0 ? $"<tr class=\"{cls}\">" : "<tr>");
        if (first is not null) h.Append("<td>").Append(E(first)).Append("</td>");
        h.Append("<td>").Append(E(c.Label)).Append("</td><td>").Append(E(c.Family)).Append("</td>");
        foreach (var sc in Scores(c.Scores))
            h.Append("<td class=\"n\">").Append(E(S(sc))).Append("</td>");
        h.Append("<td class=\"n\">").Append(E(Baseline(c.RandomDirections))).Append("</td><td class=\"n\">").Append(E(Baseline(c.Shuffled))).Append("</td>");
        h.Append("<td class=\"n\">").Append(E(P(c.P))).Append("</td><td>").Append(c.Significant ? "yes" : "no").Append("</td>");
        if (last is not null) h.Append("<td class=\"n\">").Append(E(last)).Append("</td>");
        foreach (var sc in new[] { c.Field?.OpenAiCorrelation, c.Field?.DetectionBalancedAccuracy, c.Field?.DetectionAuroc })
            h.Append("<td class=\"n field\">").Append(E(S(sc))).Append("</td>");
        h.Append("</tr>");
    }

    private static void CandidateFooter(StringBuilder h, ScoredCandidate first)
    {
        var n = first.Scores?.IoU.N ?? 0;
        h.Append("</table><p class=\"meta\">n = ").Append(Count(n))
            .Append(" held-out tokens per primary score · significant: p &lt; 0.05 against the random-direction null · ")
            .Append("field-comparable scores are shown for comparison with published numbers only (NeuronEval found they barely change when an explanation is badly wrong)</p>\n");
    }

    private static void Baselines(StringBuilder h, ExplanationSide s)
    {
        h.Append("<table class=\"kv\">");
        Row(h, "fires nowhere", Baseline(s.FiresNowhere));
        Row(h, "fires everywhere", Baseline(s.FiresEverywhere));
        if (s.NullBestIoU.Count > 0)
        {
            var sorted = s.NullBestIoU.Where(double.IsFinite).OrderBy(v => v).ToList();
            if (sorted.Count > 0)
                Row(h, "random directions (null)",
                    $"best held-out {IoUName} of each of {sorted.Count}: median {N(sorted[sorted.Count / 2])}, max {N(sorted[^1])}");
        }
        h.Append("</table>\n");
    }

    private static string Formula(Coverage c)
    {
        var terms = c.Labels.Select((l, i) => $"{(i < c.Coefficients.Count ? N(c.Coefficients[i]) : "?")} × {l}");
        return $"value ≈ {N(c.Intercept)} + {string.Join(" + ", terms)}";
    }

    private static void Modes(StringBuilder h, ExplanationSide s, IReadOnlyDictionary<string, string> paths, double max)
    {
        if (s.Modes.Count == 0) return;
        h.Append("<h4>Modes (").Append(s.Modes.Count).Append(")</h4>");
        foreach (var m in s.Modes)
        {
            h.Append("<div class=\"mode\"><p><strong>mode ").Append(m.Index + 1).Append("</strong>: ").Append(E(Percent(m.Share)))
                .Append(" of the firing tokens (").Append(Count(m.Size)).Append(")</p>");
            CandidatesAndExamples(h, m.Candidates, m.Examples, "no candidate of its own", paths, max);
        }
    }

    /// <summary>A mode example's text around its token, the token marked, at most <see cref="ModeExampleContext"/>
    /// characters each side (an ellipsis where cut); a range outside the text is clamped to it.</summary>
    private static void ModeContext(StringBuilder h, ModeExample x, double max)
    {
        var (cutBefore, before, token, after, cutAfter) = Around(x, ModeExampleContext);
        if (cutBefore) h.Append('…');
        h.Append(E(before));
        Mark(h, token, x.Value, max > 0 ? max : Math.Abs(x.Value));
        h.Append(E(after));
        if (cutAfter) h.Append('…');
    }

    private static void Cover(StringBuilder h, ModeCover c)
    {
        h.Append("<h4>One concept for the modes?</h4><table class=\"kv\">");
        Row(h, "one candidate for all", $"{c.SingleLabel}: {IoUName} {S(c.SingleIoU)}");
        Row(h, "the modes' candidates OR-ed", $"{c.UnionLabel}: {IoUName} {S(c.UnionIoU)}");
        Row(h, "result", CoverWords(c));
        h.Append("</table>");
        if (c.Tried.Count > 0)
        {
            h.Append("<details><summary>").Append(c.Tried.Count).Append(" tried as the covering concept</summary><p>");
            h.Append(E(string.Join(", ", c.Tried))).Append("</p></details>");
        }
        if (c.ByMeaning is { } m)
        {
            h.Append("<h4>Covering concepts by meaning</h4><p>").Append(E(MeaningWords(m))).Append("</p><table class=\"meaning\"><tr>");
            foreach (var head in MeaningHeader) h.Append("<th>").Append(E(head)).Append("</th>");
            h.Append("</tr>");
            foreach (var row in MeaningRows(m))
            {
                h.Append("<tr>");
                foreach (var cell in row) h.Append("<td>").Append(E(cell)).Append("</td>");
                h.Append("</tr>");
            }
            h.Append("</table>");
        }
        h.Append('\n');
    }

    private static void Rules(StringBuilder h, ExplanationRules rules)
    {
        h.Append("<details class=\"rules\"><summary>Rules behind these numbers</summary><table class=\"kv\">");
        Row(h, "split", rules.Split);
        Row(h, "fires", rules.Fires);
        Row(h, "thresholds tried", string.Join(", ", rules.Thresholds) + $" (each needs {rules.MinFires} firing tokens on each half)");
        Row(h, "primary scores", rules.Primary);
        Row(h, "real-valued candidates", rules.RealValued);
        Row(h, "intervals", rules.Interval);
        Row(h, "significance", rules.Significance);
        Row(h, "random directions", rules.RandomDirections.ToString(Inv));
        Row(h, "shuffled", rules.Shuffled);
        Row(h, "coverage", rules.Coverage);
        Row(h, "modes", rules.Modes);
        Row(h, "verdict", rules.Verdict);
        h.Append("</table></details>\n");
    }
}
