using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Results;

namespace InterpLsp.Analysis.Explain.Pipeline;

/// <summary>
/// Explains one side, the stages in their order (each a folder of <c>Pipeline/</c>, numbered; stages 1 and 2, the
/// evidence and the null, are made once per corpus and hook before any side): 3 the side as a target, 4 candidates
/// proposed on one half by every family, 5 ranked and scored on the other half against the null and the baselines,
/// 6 the coverage of the significant ones, 7 the modes and the union test, 8 the verdict.
/// </summary>
public static class SideExplainer
{
    public const int MinFires = 10;
    public const int Listed = 12;

    public static ExplanationSide Explain(CandidateBase b, SideTarget side, RandomNull nul, CancellationToken cancellation, Dictionary<string, double>? timings = null)
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
        var candidates = CandidateGenerator.Propose(b, side, side.Fires, withFormulas: true, withOthers: true);
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
        // 8. The verdict.
        VerdictWriter.Write(result);
        return result;
    }

    /// <summary>True when the side fires on at least <see cref="MinFires"/> tokens of each half.</summary>
    public static bool FiresEnough(SideTarget side) => side.ProposeFires >= MinFires && side.HeldOutFires >= MinFires;
}
