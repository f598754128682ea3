using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Results;

namespace InterpLsp.Analysis.Explain.Pipeline;

/// <summary>A candidate's full score: the four primary scores with intervals (<see cref="SideScorer"/>), the field's
/// (<see cref="FieldScorer"/>, when given), its baselines (the random directions' sides, its values shuffled within
/// each text) and its p-value against the null; significant below <see cref="Alpha"/>.</summary>
public static class CandidateScoring
{
    public const double Alpha = 0.05;

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
