using InterpLsp.Analysis.Explain.Results;

namespace InterpLsp.Analysis.Explain.Pipeline;

/// <summary>
/// The verdict of a side in plain words, from its numbers (the rule is stated in
/// <see cref="ExplanationRules.Verdict"/>): unexplained when no candidate beats the random-direction null;
/// one abstract concept covers the modes when there are two or more modes and the union test passes; a mixture
/// of familiar concepts when each of two or more modes has a significant candidate of its own; well explained
/// when the best candidate's held-out F1 is at least <see cref="WellExplainedF1"/>; partly explained otherwise.
/// Every named candidate comes with its score and interval, and the share left unexplained.
/// </summary>
public static class VerdictWriter
{
    public const double WellExplainedF1 = 0.6;

    public static void Write(ExplanationSide s)
    {
        var best = s.Candidates.FirstOrDefault(c => c.Significant);
        string unexplained = s.Coverage is { } cov
            ? $"; explains {Percent(cov.R2.Value)} of the values, {Percent(1 - Math.Max(0, cov.R2.Value))} unexplained"
            : "";
        if (best is null)
        {
            var top = s.Candidates.FirstOrDefault();
            s.VerdictKind = "unexplained";
            int matched = top is null ? 0 : s.NullBestIoU.Count(v => v >= Math.Round(top.Scores.IoU.Value, 4));
            s.Verdict = top is null
                ? "no candidate explains it (perhaps a concept outside our candidates)"
                : $"no candidate explains it: the best, {top.Label} (IoU {top.Scores.IoU}), is matched by the best candidate of {matched} of {s.NullBestIoU.Count} random-direction sides (p {top.P:F2}); perhaps a concept outside our candidates";
            return;
        }
        var modes = s.Modes.Where(m => m.Candidates.Count > 0).ToList();
        if (s.Modes.Count >= 2 && s.Cover is { Covers: true } cover)
        {
            s.VerdictKind = "abstract_cover";
            s.Verdict = $"one concept covers its {s.Modes.Count} modes: {cover.SingleLabel} (IoU {cover.SingleIoU}), as well as the modes' own candidates together ({cover.UnionLabel}, IoU {cover.UnionIoU}){unexplained}";
            return;
        }
        var modeBest = s.Modes.Select(m => (m, c: m.Candidates.FirstOrDefault(c => c.Significant))).ToList();
        if (s.Modes.Count >= 2 && modeBest.All(x => x.c is not null))
        {
            s.VerdictKind = "mixture";
            s.Verdict = "a mixture of familiar concepts: " + string.Join("; ", modeBest.Select(x =>
                $"{x.c!.Label} (mode {x.m.Index}, {Percent(x.m.Share)} of the firing tokens, IoU {x.c.Scores.IoU})")) + unexplained;
            return;
        }
        if (best.Scores.F1.Value >= WellExplainedF1)
        {
            s.VerdictKind = "well_explained";
            s.Verdict = $"well explained by {best.Label}: F1 {best.Scores.F1} (random directions {best.RandomDirections.F1:F2}){unexplained}";
            return;
        }
        s.VerdictKind = "partly";
        s.Verdict = $"partly explained by {best.Label}: F1 {best.Scores.F1} (random directions {best.RandomDirections.F1:F2}){unexplained}";
    }

    /// <summary>The covering search by meaning in the verdict (after <see cref="Write"/>), as one more clause: which
    /// concept came first, its AUROC beside the modes' OR and the random glosses, and whether it covers the modes. It
    /// never replaces the verdict made from the candidates' own scores: a gloss near the firing contexts can share their
    /// topic without naming what fires.</summary>
    public static void AddMeaning(ExplanationSide s)
    {
        if (s.Cover?.ByMeaning is not { Tried.Count: > 0 } m) return;
        var first = m.Tried[0];
        string scores = $"{first.Label}: AUROC {first.Auroc} against the modes' OR {m.UnionAuroc.Value:F2}, random glosses {first.RandomMean:F2} (p {first.P:F3}, n {first.Auroc.N})";
        s.Verdict += m.Covers
            ? $"; by meaning, the first of {m.Tried.Count} WordNet concepts tried covers its modes as well as their OR ({scores})"
            : $"; by meaning, none of the {m.Tried.Count} WordNet concepts tried covers its modes (the first, {scores})";
    }

    private static string Percent(double v) => $"{Math.Round(100 * Math.Clamp(v, 0, 1)):F0}%";
}
