using InterpLsp.Analysis.Explain.Scoring;

namespace InterpLsp.Tests.Explain;

/// <summary>The document bootstrap: reproducible from its seed, intervals that cover the statistic, and the
/// O(documents) helpers equal to recomputing the score over every token with the replicate's weights.</summary>
public class DocumentBootstrapTests
{
    [Fact]
    public void Same_seed_same_draws_other_seed_other_draws()
    {
        var a = new DocumentBootstrap(25, 50, seed: 7);
        var b = new DocumentBootstrap(25, 50, seed: 7);
        var c = new DocumentBootstrap(25, 50, seed: 8);
        bool differs = false;
        for (int r = 0; r < 50; r++)
        {
            Assert.True(a.Multiplicities(r).SequenceEqual(b.Multiplicities(r)));
            differs |= !a.Multiplicities(r).SequenceEqual(c.Multiplicities(r));
            int sum = 0;
            foreach (int m in a.Multiplicities(r)) { Assert.True(m >= 0); sum += m; }
            Assert.Equal(25, sum); // as many draws as documents
        }
        Assert.True(differs);

        var values = Enumerable.Range(0, 25).Select(d => (double)(d * d % 11)).ToArray();
        double Mean(int[] m) => m.Select((k, d) => k * values[d]).Sum() / m.Sum();
        Assert.Equal(a.Interval(Mean), b.Interval(Mean)); // exactly
        Assert.NotEqual(a.Interval(Mean), c.Interval(Mean));
    }

    [Fact]
    public void The_interval_covers_the_statistic_and_is_a_point_for_identical_documents()
    {
        var rng = new Random(3);
        var values = Enumerable.Range(0, 40).Select(_ => rng.NextDouble()).ToArray();
        var boot = new DocumentBootstrap(40);
        double full = values.Average();
        var (lo, hi) = boot.Interval(m => m.Select((k, d) => k * values[d]).Sum() / 40);
        Assert.True(lo < full && full < hi, $"{lo} .. {hi} misses {full}");
        Assert.True(hi - lo < 0.5);
        // Every document the same: every replicate gives the same value.
        Assert.Equal((0.25, 0.25), boot.Interval(m => m.Select(k => k * 0.25).Sum() / 40));
    }

    [Fact]
    public void Percentiles_interpolate_between_order_statistics_and_skip_NaN()
    {
        // 1..5: position 0.025 * 4 = 0.1 -> 1 + 0.1 * (2 - 1) = 1.1; position 0.975 * 4 = 3.9 -> 4 + 0.9 * (5 - 4) = 4.9.
        var sorted = new double[] { 1, 2, 3, 4, 5 };
        Assert.Equal(1.1, DocumentBootstrap.Percentile(sorted, 0.025), 5e-13);
        Assert.Equal(4.9, DocumentBootstrap.Percentile(sorted, 0.975), 5e-13);
        Assert.Equal(5, DocumentBootstrap.Percentile(sorted, 1));
        Assert.True(double.IsNaN(DocumentBootstrap.Percentile(ReadOnlySpan<double>.Empty, 0.5)));

        // A statistic that is NaN whenever document 0 is not drawn: the interval is that of the other replicates.
        var boot = new DocumentBootstrap(6, 100, seed: 2);
        double Stat(int[] m) => m[0] == 0 ? double.NaN : m[0] + 0.1 * m[1];
        var kept = Enumerable.Range(0, 100).Select(r => boot.Multiplicities(r).ToArray()).Where(m => m[0] != 0).Select(m => m[0] + 0.1 * m[1]).OrderBy(v => v).ToArray();
        Assert.InRange(kept.Length, 1, 99); // some replicates were NaN, some were not
        Assert.Equal((DocumentBootstrap.Percentile(kept, 0.025), DocumentBootstrap.Percentile(kept, 0.975)), boot.Interval(Stat));
        Assert.Equal((double.NaN, double.NaN), boot.Interval(_ => double.NaN));
    }

    /// <summary>Random tokens in documents of random length: doc of each token, a 0/1 explanation, 0/1 activation
    /// and real values for Pearson.</summary>
    private static (int[] Doc, bool[] Pred, bool[] Act, float[] X, float[] Y) Tokens(int documents, int seed)
    {
        var rng = new Random(seed);
        var doc = new List<int>();
        for (int d = 0; d < documents; d++) for (int k = 1 + rng.Next(12); k > 0; k--) doc.Add(d);
        int n = doc.Count;
        var pred = new bool[n]; var act = new bool[n]; var x = new float[n]; var y = new float[n];
        for (int i = 0; i < n; i++)
        {
            act[i] = rng.NextDouble() < 0.3;
            pred[i] = rng.NextDouble() < (act[i] ? 0.7 : 0.2);
            x[i] = (float)rng.NextDouble() * 5;
            y[i] = x[i] + (float)rng.NextDouble() * 3;
        }
        return (doc.ToArray(), pred, act, x, y);
    }

    [Fact]
    public void Set_helper_equals_recounting_every_token()
    {
        const int D = 30;
        var (doc, pred, act, _, _) = Tokens(D, 11);
        var perDoc = new SetCounts[D];
        for (int i = 0; i < doc.Length; i++) perDoc[doc[i]].Add(pred[i], act[i]);
        var boot = new DocumentBootstrap(D, 120, seed: 4);
        SetCounts Recount(int[] m)
        {
            var c = new SetCounts();
            for (int i = 0; i < doc.Length; i++)
            {
                double w = m[doc[i]];
                if (pred[i] && act[i]) c.Tp += w; else if (pred[i]) c.Fp += w; else if (act[i]) c.Fn += w; else c.Tn += w;
            }
            return c;
        }
        // Integer counts: sums are exact, so the intervals are equal exactly.
        Assert.Equal(boot.Interval(m => Recount(m).F1()), boot.Interval(perDoc, c => c.F1()));
        Assert.Equal(boot.Interval(m => Recount(m).IoU()), boot.Interval(perDoc, c => c.IoU()));
        // AUPRC of the set against the general AP with the replicate's weights, within 1e-12.
        var scores = pred.Select(b => b ? 1f : 0f).ToArray();
        var viaTokens = boot.Interval(m => ExplanationMetrics.AveragePrecision(scores, act, doc.Select(d => (float)m[d]).ToArray()));
        var viaDocs = boot.Interval(perDoc, c => c.AveragePrecision());
        Assert.Equal(viaTokens.Lo, viaDocs.Lo, 5e-13);
        Assert.Equal(viaTokens.Hi, viaDocs.Hi, 5e-13);
        var full = new SetCounts();
        foreach (var c in perDoc) full.Add(c, 1);
        Assert.InRange(full.F1(), boot.Interval(perDoc, c => c.F1()).Lo, boot.Interval(perDoc, c => c.F1()).Hi);
        Assert.Throws<ArgumentException>(() => boot.Interval(new SetCounts[D - 1], c => c.F1()));
    }

    [Fact]
    public void Pearson_helper_equals_the_weighted_pearson_over_tokens()
    {
        const int D = 30;
        var (doc, _, _, x, y) = Tokens(D, 12);
        var perDoc = new PairSums[D];
        for (int i = 0; i < doc.Length; i++) perDoc[doc[i]].Add(x[i], y[i]);
        var boot = new DocumentBootstrap(D, 120, seed: 4);
        var viaTokens = boot.Interval(m => ExplanationMetrics.Pearson(x, y, doc.Select(d => (float)m[d]).ToArray()));
        var viaDocs = boot.Interval(perDoc);
        Assert.Equal(viaTokens.Lo, viaDocs.Lo, 5e-10);
        Assert.Equal(viaTokens.Hi, viaDocs.Hi, 5e-10);
        double r = ExplanationMetrics.Pearson(x, y);
        Assert.InRange(r, viaDocs.Lo, viaDocs.Hi);
    }

    [Fact]
    public void Bad_sizes_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DocumentBootstrap(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DocumentBootstrap(3, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DocumentBootstrap(3, 5).Multiplicities(5));
    }
}
