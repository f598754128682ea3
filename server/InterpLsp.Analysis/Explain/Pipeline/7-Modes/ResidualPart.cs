using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Results;

namespace InterpLsp.Analysis.Explain.Pipeline;

/// <summary>
/// Stage 7, after the modes: the residual part of a side. The threshold rule picks the share where one candidate fits
/// best; a direction made of two concepts often fires there on one of them only, the other standing a little lower.
/// So once the side's first candidate is named, the side is read at the rule's next broader share
/// (<see cref="BroaderShare"/>: the first of <see cref="ThresholdRule.TopShares"/> at least <see cref="Widen"/> times
/// the share firing now), the tokens there that the first candidate holds on are taken out, and what is left, the
/// residual, gets its own candidates: proposed on the proposing half's residual tokens (no formulas, no other
/// directions, as a mode's), ranked by held-out IoU against the held-out residual tokens, the best <see cref="Listed"/>
/// kept with their scores and p against the side's null. A second round (<see cref="Rounds"/>) takes out the first
/// residual's best candidate's tokens too and does the same with what is left. It changes neither the side's
/// candidates nor its verdict.
/// </summary>
public static class ResidualPart
{
    public const double Widen = 2.5;
    public const int Listed = 5;
    /// <summary>How many residual parts: the second takes out the first part's best candidate too.</summary>
    public const int Rounds = 2;

    /// <summary>The rule's first share at least <see cref="Widen"/> times <paramref name="rate"/> (the share of the
    /// proposing half firing now); null when there is none.</summary>
    public static double? BroaderShare(double rate)
    {
        foreach (var s in ThresholdRule.TopShares) if (s >= Widen * rate) return s;
        return null;
    }

    /// <summary>The residual mask: tokens (both halves) above <paramref name="threshold"/> on <paramref name="value"/>
    /// that <paramref name="after"/> (sorted) does not hold on.</summary>
    public static bool[] Mask(float[] value, double threshold, int[] after)
    {
        var mask = new bool[value.Length];
        for (int t = 0; t < value.Length; t++) mask[t] = value[t] > threshold;
        foreach (int t in after) mask[t] = false;
        return mask;
    }

    public static void Run(CandidateBase b, SideTarget side, RandomNull nul, List<Candidate> candidates, ExplanationSide result)
    {
        if (result.Candidates.Count == 0 || BroaderShare(side.ProposeRate) is not { } share) return;
        var first = candidates.FirstOrDefault(c => c.Id == result.Candidates[0].Id);
        if (first is null) return;
        var ev = b.Evidence;
        double threshold = Math.Min(side.Threshold, SideTarget.QuantileOf(SideTarget.ProposeSorted(ev, side.Value, negative: false), 1 - share));
        var after = new List<Candidate> { first };
        var mask = Mask(side.Value, threshold, first.Set);
        var table = b.Table;
        for (int round = 0; round < Rounds; round++)
        {
            var residual = side.WithFires(mask);
            if (residual.ProposeFires < SideExplainer.MinFires || residual.HeldOutFires == 0) return;
            var scorer = new SideScorer(residual);
            var proposed = CandidateGenerator.Propose(b, residual, mask, withFormulas: false, withOthers: false);
            var top = CandidateRanking.Distinct(CandidateRanking.Rank(proposed, scorer, b.Families)).Take(Listed).ToList();
            var m = mask;
            result.Residual.Add(new ResidualMode
            {
                Threshold = Math.Round(threshold, 6), Share = share,
                AfterIds = after.Select(c => c.Id).ToList(), AfterLabels = after.Select(c => c.Feature.Label).ToList(),
                ProposeSize = residual.ProposeFires, HeldOutSize = residual.HeldOutFires,
                Examples = Enumerable.Range(0, table.Count).Where(t => m[t] && !ev.IsHeldOut(t)).OrderByDescending(t => side.Value[t]).ThenBy(t => t)
                    .Take(ModeAnalysis.Examples)
                    .Select(t => new ModeExample(table.DocKeys[table.Doc[t]], table.DocTexts[table.Doc[t]], table.Start[t], table.End[t], side.Value[t])).ToList(),
                Candidates = top.Select(c => CandidateScoring.Full(scorer, null, nul, c)).ToList(),
            });
            if (top.Count == 0) return;
            after.Add(top[0]);
            mask = (bool[])mask.Clone();
            foreach (int t in top[0].Set) mask[t] = false;
        }
    }
}
