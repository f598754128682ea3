using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Coverage;
using InterpLsp.Analysis.Explain.Features;
using InterpLsp.Analysis.Explain.Results;

namespace InterpLsp.Analysis.Explain.Pipeline;

/// <summary>Explains one side: proposes candidates on one half, scores them on the other, compares with the null
/// and the baselines, fits the coverage, finds the modes, and writes the verdict.</summary>
public static class SideExplainer
{
    public const int MinFires = 10;
    public const int Listed = 12;
    public const double Alpha = 0.05;

    public static ExplanationSide Explain(CandidateBase b, SideTarget side, RandomNull nul, CancellationToken cancellation, Dictionary<string, double>? timings = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        void Lap(string phase) { if (timings is not null) timings[$"{side.Side}.{phase}"] = Math.Round(clock.Elapsed.TotalSeconds, 3); clock.Restart(); }
        var result = new ExplanationSide
        {
            Side = side.Side, Threshold = side.Threshold, Tokens = side.HeldOutTokens, Documents = side.HeldOutDocuments, Fires = side.HeldOutFires,
            NullBestIoU = nul.BestIoU.Select(v => Math.Round(v, 4)).ToList(),
        };
        var scorer = new SideScorer(side);
        (result.FiresNowhere, result.FiresEverywhere) = scorer.Trivial();
        if (side.ProposeFires < MinFires || side.HeldOutFires < MinFires)
        {
            result.VerdictKind = "never_fires";
            result.Verdict = $"fires too rarely to explain: {side.ProposeFires} proposing and {side.HeldOutFires} held-out tokens above {side.Threshold:G3} (at least {MinFires} of each are needed)";
            return result;
        }
        var candidates = CandidateGenerator.Propose(b, side, side.Fires, withFormulas: true, withOthers: true);
        result.Tried = candidates.Count;
        Lap("propose");
        cancellation.ThrowIfCancellationRequested();
        var ranked = candidates.Select(c => (c, iou: scorer.QuickIoU(c.Set, out _, out _)))
            .OrderByDescending(x => Math.Round(x.iou, 9)).ThenBy(x => Complexity(x.c)).ThenBy(x => x.c.Id, StringComparer.Ordinal).ToList();
        var field = new FieldScorer(side);
        var listed = Distinct(ranked.Select(x => x.c)).Take(Listed).Select(c => Full(scorer, field, nul, c)).ToList();
        result.Candidates = listed;
        var byId = candidates.ToDictionary(c => c.Id);
        Lap("score");
        cancellation.ThrowIfCancellationRequested();

        // Coverage from the significant candidates.
        var pool = listed.Where(s => s.Significant).Select(s => byId[s.Id]).ToList();
        if (GreedyCoverage.Select(side, pool) is { } fit)
            result.Coverage = new Results.Coverage
            {
                Terms = fit.Terms.Select(t => t.Id).ToList(), Labels = fit.Terms.Select(t => t.Feature.Label).ToList(),
                Coefficients = fit.Coefficients.ToList(), Intercept = fit.Intercept, Mean = fit.Mean, R2 = GreedyCoverage.HeldOut(side, fit),
            };
        Lap("coverage");
        cancellation.ThrowIfCancellationRequested();
        ModeAnalysis.Run(b, side, scorer, field, nul, candidates, result);
        Lap("modes");
        Verdicts.VerdictWriter.Write(result);
        return result;
    }

    /// <summary>How many parts a candidate has (terms of a formula, items of a list): among equal scores the simpler ranks first.</summary>
    public static int Complexity(Candidate c) => c.Feature switch
    {
        FormulaFeature f => 100 * f.Terms.Count,
        WordSetFeature w => w.Words.Count,
        TokenSetFeature t => t.Tokens.Count,
        _ => 1,
    };

    /// <summary>Candidates in order, without those whose values equal an earlier one's (the same tokens under another
    /// name, e.g. <c>tokens {)}</c> and <c>words {)}</c>): the first, the better ranked or simpler, stays.</summary>
    public static IEnumerable<Candidate> Distinct(IEnumerable<Candidate> ordered)
    {
        var seen = new HashSet<(int, ulong)>();
        foreach (var c in ordered)
        {
            ulong h = Scans.StableHash.FnvBasis;
            if (c.IsSet) foreach (int t in c.Set) h = Scans.StableHash.Add(h, (uint)t);
            else foreach (float v in c.Values.Dense!) h = Scans.StableHash.Add(h, (uint)BitConverter.SingleToInt32Bits(v));
            if (seen.Add((c.IsSet ? c.Set.Length : -1 - c.Values.Count, h))) yield return c;
        }
    }

    /// <summary>A candidate with every score, its baselines and its p-value.</summary>
    public static ScoredCandidate Full(SideScorer scorer, FieldScorer? field, RandomNull nul, Candidate c)
    {
        var scores = scorer.Score(c, out long holds, out long hits);
        var order = c.IsSet ? null : scorer.HeldOrder(c.Values.Dense!);
        var random = nul.Sides.Select(s => scorer.Point(c.Set, c.IsSet ? null : c.Values.Dense, s, order)).ToList();
        double p = nul.P(scores.IoU.Value);
        return new ScoredCandidate
        {
            Id = c.Id, Label = c.Feature.Label, Family = c.Feature.Family, Scores = scores, Field = field?.Score(c),
            RandomDirections = new BaselineScores(random.Average(r => r.IoU), random.Average(r => r.F1), random.Average(r => r.Auprc), random.Average(r => r.Pearson)),
            Shuffled = Shuffled(scorer, c), P = p, Significant = p < Alpha, Holds = holds, Hits = hits,
        };
    }

    /// <summary>The candidate's values permuted within each text (Fisher-Yates, seed 1 per text by its key), scored.</summary>
    public static BaselineScores Shuffled(SideScorer scorer, Candidate c)
    {
        var table = scorer.Side.Table;
        var dense = c.Values.ToDense();
        var setDense = c.IsSet ? dense : new float[dense.Length];
        if (!c.IsSet) foreach (int t in c.Set) setDense[t] = 1;
        var perm = new float[dense.Length];
        var permSet = new float[dense.Length];
        for (int d = 0; d < table.Documents; d++)
        {
            int a = table.DocFirst[d], n = table.DocFirst[d + 1] - a;
            var idx = Enumerable.Range(0, n).ToArray();
            var rng = new Random((int)(Scans.StableHash.Of("shuffle:" + table.DocKeys[d]) & 0x7fffffff));
            for (int i = n - 1; i > 0; i--) { int j = rng.Next(i + 1); (idx[i], idx[j]) = (idx[j], idx[i]); }
            for (int i = 0; i < n; i++) { perm[a + i] = dense[a + idx[i]]; permSet[a + i] = setDense[a + idx[i]]; }
        }
        var set = Enumerable.Range(0, perm.Length).Where(t => permSet[t] > 0).ToArray();
        return scorer.Point(set, c.IsSet ? null : perm, scorer.Side);
    }
}
