using InterpLsp.Analysis.Explain.Pipeline;
using InterpLsp.Analysis.Explain.Results;
using static InterpLsp.Analysis.Reports.ExplanationFormat;

namespace InterpLsp.Analysis.Reports;

/// <summary>The one text rendering of an explanation and of a tested hypothesis: built once as a <see cref="ReportText"/>
/// and written as plain text (<c>interp-lsp explain</c> and <c>test-explanation</c> without <c>--json</c>, an output
/// channel) or Markdown (a preview; the hover card's part is <see cref="Card"/>), with the words and number formats of
/// <see cref="ExplanationFormat"/>, which the direction view's cells use too. <see cref="Summary(ExplanationResult)"/>
/// is the one sentence for a notification.
/// <para>An explanation: the header (direction, hook, corpus, sizes, scan, seconds), the verdict, the warnings; per
/// side its firing, its verdict, the candidate table (at most <see cref="CandidatesShown"/>), the first
/// <see cref="DetailShown"/> candidates in full (every primary score with its interval and n, p, holds and hits, both
/// baselines, the field-comparable scores), the trivial baselines, the coverage, the modes (share, best candidate, two
/// examples with the token marked) and the cover test; last the rules behind the intervals and p. A hypothesis: the
/// header, the verdict, the warnings, per side its rank and the hypothesis in full with the trivial baselines, and
/// for free text the embedding scorer.</para></summary>
public static class ExplanationText
{
    /// <summary>Rows of a side's candidate table.</summary>
    public const int CandidatesShown = 15;
    /// <summary>Candidates of a side shown in full under its table.</summary>
    public const int DetailShown = 3;
    /// <summary>Candidates of a side in the hover card (its best significant ones).</summary>
    public const int CardShown = 3;
    public const int ExamplesPerMode = 2;
    /// <summary>Characters of context on each side of a mode example's token.</summary>
    public const int ExampleContext = 40;

    public static string Plain(ExplanationResult r) => Build(r).Plain();
    public static string Markdown(ExplanationResult r) => Build(r).Markdown();
    public static string Plain(HypothesisResult r) => Build(r).Plain();
    public static string Markdown(HypothesisResult r) => Build(r).Markdown();

    /// <summary>The verdict in one short sentence for a notification (<see cref="ExplanationSummary"/>).</summary>
    public static string Summary(ExplanationResult r) => ExplanationSummary.Of(r);

    /// <summary>The hypothesis's verdict in one short sentence for a notification (<see cref="ExplanationSummary"/>).</summary>
    public static string Summary(HypothesisResult r) => ExplanationSummary.Of(r);

    public static ReportText Build(ExplanationResult r)
    {
        var t = new ReportText();
        t.Line(0, Span.Strong(r.Direction), " at ", Span.Code(r.Hook), $" · {r.CorpusId}: {Count(r.Documents)} texts, {Count(r.Tokens)} tokens " +
            $"({Count(r.ProposeDocuments)} propose candidates, {Count(r.HeldOutDocuments)} held out to score them)" +
            (r.ScanId is { } scan ? $" · from scan {scan}" : "") + $" · {Seconds(r.Seconds)}");
        t.Line(0, "verdict: ", r.Verdict);
        foreach (var w in r.Warnings) t.Line(0, "warning: ", w);
        foreach (var s in r.Sides) Side(t, s);
        t.Gap().Line(0, $"scores on the held-out half; intervals: {r.Rules.Interval}; significance: p < 0.05 against {r.Rules.RandomDirections} random directions at the hook");
        return t;
    }

    public static ReportText Build(HypothesisResult r)
    {
        var t = new ReportText();
        t.Line(0, Span.Strong(r.Direction), " at ", Span.Code(r.Hook), $" · {r.CorpusId} · {KindName(r.Kind)}: ", r.Hypothesis, $" · {Seconds(r.Seconds)}");
        t.Line(0, "verdict: ", r.Verdict);
        foreach (var w in r.Warnings) t.Line(0, "warning: ", w);
        foreach (var s in r.Sides)
        {
            t.Gap().Line(0, Span.Strong($"{s.Side} side"), s.Rank is { } rank ? $": would rank {rank} among the stored candidates" : "");
            if (s.Candidate is { } c) Candidate(t, c, 1);
            else t.Line(1, "no scores");
            Trivial(t, s.FiresNowhere, s.FiresEverywhere);
        }
        if (r.Embedding is { } e)
            t.Gap().Line(0, $"embedding scorer: {AurocName} {S(e.Auroc)} on {Count(e.Activating)} activating and {Count(e.NonActivating)} non-activating contexts ({e.Rule})");
        return t;
    }

    private static void Side(ReportText t, ExplanationSide s)
    {
        t.Gap().Line(0, Span.Strong($"{s.Side} side"),
            $": fires on {Count(s.Fires)} of {Count(s.Tokens)} held-out tokens (above {G(s.Threshold)}) · {Count(s.Tried)} candidates tried");
        t.Line(1, "verdict: ", s.Verdict);
        if (s.Candidates.Count > 0)
        {
            t.Table(1, ["candidate", $"{F1Name} [95%]", IoUName, AuprcName, PearsonName, $"random {F1Name}", $"shuffled {F1Name}", "p", ""],
                s.Candidates.Take(CandidatesShown).Select(c => (IReadOnlyList<string>)
                [
                    Cut(c.Label, 40), S(c.Scores?.F1), N(c.Scores?.IoU?.Value ?? double.NaN), N(c.Scores?.Auprc?.Value ?? double.NaN),
                    N(c.Scores?.Pearson?.Value ?? double.NaN), N(c.RandomDirections?.F1 ?? double.NaN), N(c.Shuffled?.F1 ?? double.NaN), P(c.P),
                    c.Significant ? "*" : "",
                ]));
            if (s.Candidates.Count > CandidatesShown) t.Line(1, $"... {s.Candidates.Count - CandidatesShown} more (--json lists them all)");
            t.Line(1, "* beats the random-direction null (p < 0.05, corrected for the candidates tried)");
            foreach (var c in s.Candidates.Take(DetailShown)) Candidate(t, c, 1);
        }
        else t.Line(1, "no candidate kept");
        Trivial(t, s.FiresNowhere, s.FiresEverywhere);
        t.Line(1, "coverage: ", Coverage(s.Coverage),
            s.Coverage is { Terms.Count: > 0 } cov ? $" ({R2Name} {S(cov.R2)} with {string.Join(" + ", cov.Labels)})" : "");
        if (s.Modes.Count > 1 || (s.Modes.Count == 1 && s.Modes[0].Examples.Count > 0))
        {
            t.Line(1, $"modes ({s.Modes.Count}):");
            foreach (var m in s.Modes)
            {
                var best = m.Candidates.FirstOrDefault();
                t.Line(2, $"mode {m.Index + 1}: {Percent(m.Share)} of the firing tokens ({Count(m.Size)}) · best: ",
                    best is null ? "none" : $"{best.Label} ({Primary(best.Scores)})");
                foreach (var x in m.Examples.Take(ExamplesPerMode))
                {
                    var (cutBefore, before, token, after, cutAfter) = Around(x, ExampleContext);
                    t.Line(3, $"{G(x.Value)}: " + (cutBefore ? "…" : "") + before, Span.Mark(token), after + (cutAfter ? "…" : ""));
                }
            }
        }
        foreach (var res in s.Residual)
        {
            var rb = res.Candidates.FirstOrDefault();
            t.Line(1, $"residual (above {G(res.Threshold)}, the top {ThresholdRule.Percent(res.Share)}, without {string.Join(" and ", res.AfterLabels)}: {Count(res.ProposeSize)} + {Count(res.HeldOutSize)} tokens) · best: ",
                rb is null ? "none" : $"{rb.Label} ({Primary(rb.Scores)})");
        }
        if (s.Cover is { } cover)
            t.Line(1, $"one concept for the modes: {cover.SingleLabel} {IoUName} {S(cover.SingleIoU)} vs the modes' OR ({cover.UnionLabel}) " +
                $"{IoUName} {S(cover.UnionIoU)}: {CoverWords(cover)} ({cover.Tried.Count} tried)");
        if (s.Cover?.ByMeaning is { } meaning)
        {
            t.Line(1, "covering concepts by meaning: ", MeaningWords(meaning));
            t.Table(2, MeaningHeader, MeaningRows(meaning));
        }
    }

    /// <summary>A candidate in full: label and family, every primary score with its interval and n; p, what it decided,
    /// holds and hits; the two baselines; the field-comparable scores where there are any.</summary>
    private static void Candidate(ReportText t, ScoredCandidate c, int depth)
    {
        var n = SampleSize(c.Scores);
        t.Line(depth, Span.Strong(c.Label), $" ({c.Family}): {Primary(c.Scores)}" + (n.Length > 0 ? $" · {n}" : ""));
        t.Line(depth + 1, $"p {P(c.P)}: {Significance(c.Significant)} · holds on {Count(c.Holds)} held-out tokens, {Count(c.Hits)} of them where the direction fires");
        t.Line(depth + 1, $"random directions at the hook: {Baseline(c.RandomDirections)}");
        t.Line(depth + 1, $"shuffled within texts: {Baseline(c.Shuffled)}");
        if (c.Field is { } f) t.Line(depth + 1, $"field-comparable only: {Field(f)}");
    }

    private static void Trivial(ReportText t, BaselineScores? nowhere, BaselineScores? everywhere) =>
        t.Line(1, $"trivial: fires nowhere {Baseline(nowhere)} · fires everywhere {Baseline(everywhere)}");

    /// <summary>The hover card's part for one direction with a stored explanation: the verdict of the side
    /// <paramref name="value"/> is on (the positive side for 0), that side's best <see cref="CardShown"/> significant
    /// candidates with their primary scores (or, when none is significant, the best tried with its p), and the token's
    /// unexplained share when known.</summary>
    public static ReportText Card(ExplanationResult r, string directionName, double value, double? unexplained)
    {
        var t = new ReportText();
        var sideName = value < 0 ? "negative" : "positive";
        var side = r.Sides.FirstOrDefault(s => s.Side == sideName) ?? r.Sides.FirstOrDefault();
        if (side is null) return t.Line(0, "Candidate explanations of ", Span.Strong(directionName), ": ", r.Verdict);
        t.Line(0, "Candidate explanations of ", Span.Strong(directionName), $" ({side.Side} side): ", side.Verdict);
        var best = Best(side, CardShown);
        if (best.Count == 0)
            t.Line(1, "none beats the random-direction null" +
                (side.Candidates.FirstOrDefault() is { } top ? $"; the best tried (p {P(top.P)}): {top.Label}: {Primary(top.Scores)}" : ""));
        foreach (var c in best) t.Line(1, $"{c.Label}: {Primary(c.Scores)}");
        if (unexplained is { } share) t.Line(1, $"this token: {Percent(share)} unexplained");
        return t;
    }

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
