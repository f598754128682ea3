using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Results;

namespace InterpLsp.Analysis.Explain.Pipeline;

/// <summary>
/// Stage 7, after the modes: the residual part of a side. The threshold rule picks the share where one candidate fits
/// best; a direction made of two concepts often fires there on one of them only, the other standing a little lower.
/// So once the side's first candidate is named, its tokens are taken out, and what is left above a broader threshold,
/// the residual, gets its own candidates. Which broader threshold: each of <see cref="ThresholdRule.TopShares"/> at
/// least <see cref="Widen"/> times the share firing now (<see cref="BroaderShares"/>; the side's own threshold when none
/// is, <see cref="Thresholds"/>) is read with the threshold rule's
/// proxy (<see cref="ThresholdProxy"/>: the best proposing-half IoU of the word, token-list and single-concept
/// candidates against the residual there), and the residual is taken where the proxy is highest (ties: more tokens),
/// as the rule chooses the side's own threshold: from the proposing half only. There its candidates are proposed on the
/// proposing half's residual tokens (no formulas, no other directions, as a mode's), ranked by held-out IoU against the
/// held-out residual tokens, and the best <see cref="Listed"/> kept with their scores and p against the side's null. Each
/// further round (<see cref="Rounds"/> in all) takes out the previous part's best candidate's tokens too and chooses
/// its threshold again. It changes neither the side's candidates nor its verdict.
/// </summary>
public static class ResidualPart
{
    public const double Widen = 2.5;
    public const int Listed = 5;
    /// <summary>How many residual parts: each takes out the previous part's best candidate too.</summary>
    public const int Rounds = 3;

    /// <summary>The rule's shares at least <see cref="Widen"/> times <paramref name="rate"/> (the share of the proposing
    /// half firing now), rarest first; empty when there is none.</summary>
    public static List<double> BroaderShares(double rate) => ThresholdRule.TopShares.Where(s => s >= Widen * rate).ToList();

    /// <summary>The residual's thresholds to try, with the share each leaves firing: the broader shares
    /// (<see cref="BroaderShares"/>); when there is none (the side fires on a broad share already, as when one part of a
    /// mixture is a common concept), the side's own threshold, so that the other part is still looked for among the
    /// tokens the first candidate leaves.</summary>
    public static (List<double> Shares, List<double> Thresholds) Thresholds(SideTarget side)
    {
        var shares = BroaderShares(side.ProposeRate);
        if (shares.Count == 0) return ([side.ProposeRate], [side.Threshold]);
        var sorted = SideTarget.ProposeSorted(side.Evidence, side.Value, negative: false);
        return (shares, shares.Select(s => Math.Min(side.Threshold, SideTarget.QuantileOf(sorted, 1 - s))).ToList());
    }

    /// <summary>The residual mask: tokens (both halves) above <paramref name="threshold"/> on <paramref name="value"/>
    /// that <paramref name="after"/> (in any order) does not hold on.</summary>
    public static bool[] Mask(float[] value, double threshold, int[] after)
    {
        var mask = new bool[value.Length];
        for (int t = 0; t < value.Length; t++) mask[t] = value[t] > threshold;
        foreach (int t in after) mask[t] = false;
        return mask;
    }

    public static void Run(CandidateBase b, SideTarget side, RandomNull nul, List<Candidate> candidates, ExplanationSide result)
    {
        if (result.Candidates.Count == 0) return;
        var first = candidates.FirstOrDefault(c => c.Id == result.Candidates[0].Id);
        if (first is null) return;
        var ev = b.Evidence;
        var (shares, thresholds) = Thresholds(side);
        var after = new List<Candidate> { first };
        var removed = new List<int>(first.Set);
        var table = b.Table;
        for (int round = 0; round < Rounds; round++)
        {
            var taken = removed.ToArray();
            // The broader threshold where the residual is best fit, read on the proposing half only, in-sample (a residual of a
            // few dozen tokens is too few to split into folds).
            (SideTarget Side, bool[] Mask, double Threshold, double Share, double IoU)? best = null;
            for (int i = 0; i < shares.Count; i++)
            {
                if (i > 0 && thresholds[i] == thresholds[i - 1]) continue;
                var mask = Mask(side.Value, thresholds[i], taken);
                var residual = side.WithFires(mask);
                if (residual.ProposeFires < SideExplainer.MinFires || residual.HeldOutFires == 0) continue;
                double iou = ThresholdProxy.Compute(b, residual, crossFitted: false).IoU;
                if (best is null || ThresholdRule.Better(iou, residual.ProposeFires, best.Value.IoU, best.Value.Side.ProposeFires))
                    best = (residual, mask, thresholds[i], shares[i], iou);
            }
            if (best is not { } chosen) return;
            var scorer = new SideScorer(chosen.Side);
            var proposed = CandidateGenerator.Propose(b, chosen.Side, chosen.Mask, withFormulas: false, withOthers: false);
            var top = CandidateRanking.Distinct(CandidateRanking.Rank(proposed, scorer, b.Families)).Take(Listed).ToList();
            var m = chosen.Mask;
            result.Residual.Add(new ResidualMode
            {
                Threshold = Math.Round(chosen.Threshold, 6), Share = chosen.Share,
                AfterIds = after.Select(c => c.Id).ToList(), AfterLabels = after.Select(c => c.Feature.Label).ToList(),
                ProposeSize = chosen.Side.ProposeFires, HeldOutSize = chosen.Side.HeldOutFires,
                Examples = Enumerable.Range(0, table.Count).Where(t => m[t] && !ev.IsHeldOut(t)).OrderByDescending(t => side.Value[t]).ThenBy(t => t)
                    .Take(ModeAnalysis.Examples)
                    .Select(t => new ModeExample(table.DocKeys[table.Doc[t]], table.DocTexts[table.Doc[t]], table.Start[t], table.End[t], side.Value[t])).ToList(),
                Candidates = top.Select(c => CandidateScoring.Full(scorer, null, nul, c)).ToList(),
            });
            if (top.Count == 0) return;
            after.Add(top[0]);
            removed.AddRange(top[0].Set);
        }
    }
}
