using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Results;

namespace InterpLsp.Analysis.Explain.Pipeline;

/// <summary>
/// Explains one side, the stages in their order (each a folder of <c>Pipeline/</c>, numbered; stages 1 and 2, the
/// evidence and the null, are made once per corpus and hook before any side): 3 the side as a target at the threshold
/// <see cref="ThresholdRule"/> chooses (by a cheap proxy read at each threshold tried, <see cref="ThresholdProxy"/>), 4 candidates
/// proposed on one half by every family, 5 ranked and scored on the other half against the null and the baselines,
/// 6 the coverage of the significant ones, 7 the modes, the union test and the residual part (<see cref="ResidualPart"/>), 8 the verdict.
/// </summary>
public static class SideExplainer
{
    public const int MinFires = 10;
    public const int Listed = 12;

    /// <summary>Explains one side of <paramref name="values"/>: chooses its threshold by <see cref="ThresholdRule"/>,
    /// then the stages at that threshold.</summary>
    public static ExplanationSide Explain(CandidateBase b, float[] values, bool negative, bool naturalBoundary, RandomNull nul, CancellationToken cancellation,
        Dictionary<string, double>? timings = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var parts = new Dictionary<string, double>();
        var choice = ThresholdRule.Choose(b, values, negative, naturalBoundary, withOthers: true, cancellation, parts);
        if (timings is not null)
            foreach (var (k, v) in parts) timings[$"{(negative ? "negative" : "positive")}.threshold.{k}"] = Math.Round(v, 3);
        // The null that made the same choice: at the same shares as this side tried.
        nul = nul.ForBoundaryShare(ThresholdRule.BoundaryShare(choice));
        if (timings is not null) timings[$"{(negative ? "negative" : "positive")}.threshold"] = Math.Round(clock.Elapsed.TotalSeconds, 3);
        if (choice.Chosen is not { } chosen)
        {
            // 3. No threshold leaves enough firing tokens: say so, with no verdict beyond it.
            var side = choice.Tried.FirstOrDefault(t => t.Share is null)?.Side ?? choice.Tried[^1].Side;
            var result = new ExplanationSide
            {
                Side = side.Side, Threshold = side.Threshold, Tokens = side.HeldOutTokens, Documents = side.HeldOutDocuments, Fires = side.HeldOutFires,
                NullBestIoU = nul.BestIoU.Select(v => Math.Round(v, 4)).ToList(), Thresholds = Points(b, choice, null, null),
            };
            (result.FiresNowhere, result.FiresEverywhere) = new SideScorer(side).Trivial();
            result.VerdictKind = "never_fires";
            result.Verdict = choice.WhyNone();
            return result;
        }
        var r = Explain(b, chosen.Side, nul, cancellation, timings, chosen.Candidates);
        r.ThresholdRule = chosen.Rule;
        var top = r.Candidates.Count > 0 ? chosen.Candidates!.FirstOrDefault(c => c.Id == r.Candidates[0].Id) : null;
        r.Thresholds = Points(b, choice, chosen, top);
        int tried = choice.Tried.Count(t => t.Skipped is null);
        if (r.VerdictKind != "never_fires")
            r.Verdict += $"; fires above {chosen.Side.Threshold:G3} ({chosen.Rule}, chosen on that half from {tried} threshold{(tried == 1 ? "" : "s")} tried)";
        return r;
    }

    /// <summary>The threshold table: each threshold tried, with the proxy's best candidate there and the top one, each
    /// scored on the held-out half there.</summary>
    private static List<ThresholdPoint> Points(CandidateBase b, ThresholdRule.Choice choice, ThresholdRule.Tried? chosen, Candidate? top)
    {
        var points = new List<ThresholdPoint>();
        foreach (var t in choice.Tried)
        {
            var s = t.Side;
            var p = new ThresholdPoint
            {
                Share = t.Share, Rule = t.Rule, Threshold = Math.Round(s.Threshold, 6), ProposeFires = s.ProposeFires, HeldOutFires = s.HeldOutFires,
                Skipped = t.Skipped, Chosen = ReferenceEquals(t, chosen), ProposeBestIoU = Math.Round(t.ProposeBestIoU, 4),
            };
            if (t.ProxyBest is { Items.Count: > 0 } proxy && s.HeldOutFires > 0)
            {
                var scorer = new SideScorer(s);
                var best = proxy.ToCandidate(b);
                double bestIoU = scorer.QuickIoU(best.Set, out int bestHolds, out int bestHits);
                p.BestId = best.Id; p.BestLabel = best.Feature.Label;
                p.BestIoU = Math.Round(bestIoU, 4); p.BestF1 = Math.Round(F1(bestHits, bestHolds, s.HeldOutFires), 4);
                if (top is not null)
                {
                    double iou = scorer.QuickIoU(top.Set, out int holds, out int hits);
                    p.TopIoU = Math.Round(iou, 4); p.TopF1 = Math.Round(F1(hits, holds, s.HeldOutFires), 4);
                }
            }
            points.Add(p);
        }
        return points;
    }

    private static double F1(int hits, int holds, int fires) => holds + fires > 0 ? 2.0 * hits / (holds + fires) : 0;

    /// <summary>Explains one side at its threshold (<paramref name="side"/>), from stage 3 on; <paramref name="proposed"/>:
    /// the candidates already proposed for it (by the threshold choice), else proposed here.</summary>
    public static ExplanationSide Explain(CandidateBase b, SideTarget side, RandomNull nul, CancellationToken cancellation, Dictionary<string, double>? timings = null,
        List<Candidate>? proposed = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        void Lap(string phase) { if (timings is not null) timings[$"{side.Side}.{phase}"] = Math.Round(clock.Elapsed.TotalSeconds, 3); clock.Restart(); }
        // 3. The target: where the side fires, and the trivial answers.
        var result = new ExplanationSide
        {
            Side = side.Side, Threshold = side.Threshold, Tokens = side.HeldOutTokens, Documents = side.HeldOutDocuments, Fires = side.HeldOutFires,
            NullBestIoU = nul.BestIoU.Select(v => Math.Round(v, 4)).ToList(),
        };
        var scorer = new SideScorer(side);
        (result.FiresNowhere, result.FiresEverywhere) = scorer.Trivial();
        if (!FiresEnough(side))
        {
            result.VerdictKind = "never_fires";
            result.Verdict = $"fires too rarely to explain: {side.ProposeFires} proposing and {side.HeldOutFires} held-out tokens above {side.Threshold:G3} (at least {MinFires} of each are needed)";
            return result;
        }
        // 4. Propose.
        var candidates = proposed ?? CandidateGenerator.Propose(b, side, side.Fires, withFormulas: true, withOthers: true);
        result.Tried = candidates.Count;
        Lap("propose");
        cancellation.ThrowIfCancellationRequested();
        // 5. Rank and score.
        var ranked = CandidateRanking.Rank(candidates, scorer, b.Families);
        var field = new FieldScorer(side);
        var listed = CandidateRanking.Distinct(ranked).Take(Listed).Select(c => CandidateScoring.Full(scorer, field, nul, c)).ToList();
        result.Candidates = listed;
        Lap("score");
        cancellation.ThrowIfCancellationRequested();
        // 6. Coverage.
        result.Coverage = CoverageStage.Fit(side, listed, candidates.ToDictionary(c => c.Id));
        Lap("coverage");
        cancellation.ThrowIfCancellationRequested();
        // 7. Modes and the union test.
        ModeAnalysis.Run(b, side, scorer, nul, candidates, result);
        Lap("modes");
        ResidualPart.Run(b, side, nul, candidates, result);
        Lap("residual");
        // 8. The verdict.
        VerdictWriter.Write(result);
        return result;
    }

    /// <summary>True when the side fires on at least <see cref="MinFires"/> tokens of each half.</summary>
    public static bool FiresEnough(SideTarget side) => side.ProposeFires >= MinFires && side.HeldOutFires >= MinFires;
}
