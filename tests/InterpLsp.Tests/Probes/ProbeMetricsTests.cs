using InterpLsp.Analysis.Probes;

namespace InterpLsp.Tests.Probes;

/// <summary>Metrics against cases worked out by hand.</summary>
public class ProbeMetricsTests
{
    [Fact]
    public void Auroc_counts_ties_half()
    {
        // Positives 0.9, 0.5, 0.5; negatives 0.5, 0.1. Pairs (p > n): 0.9>0.5, 0.9>0.1, 0.5>0.1, 0.5>0.1 = 4;
        // ties 0.5=0.5 twice = 2 x 0.5 = 1. AUROC = 5 / 6.
        var v = new double[] { 0.9, 0.5, 0.5, 0.5, 0.1 };
        var y = new[] { 1, 1, 1, 0, 0 };
        Assert.Equal(5.0 / 6, ProbeMetrics.Auroc(v, y), 5e-13);
        Assert.Equal(0.5, ProbeMetrics.Auroc(new double[] { 1, 1, 1, 1 }, new[] { 1, 0, 1, 0 }), 5e-13);
        Assert.Equal(0.0, ProbeMetrics.Auroc(new double[] { -1, 2 }, new[] { 1, 0 }), 5e-13);
        Assert.True(double.IsNaN(ProbeMetrics.Auroc(new double[] { 1, 2 }, new[] { 1, 1 })));
    }

    [Fact]
    public void Accuracy_and_f1_with_zero_as_the_boundary()
    {
        // Predictions (value > 0): 1, 1, 0, 0, 1, 0 (0 itself is negative); labels 1, 0, 1, 0, 1, 0.
        // TP = 2, FP = 1, FN = 1, TN = 2: accuracy 4/6, F1 = 4 / (4 + 1 + 1) = 2/3.
        var v = new double[] { 2, 0.1, -3, -0.5, 7, 0 };
        var y = new[] { 1, 0, 1, 0, 1, 0 };
        Assert.Equal(4.0 / 6, ProbeMetrics.Accuracy(v, y), 5e-13);
        Assert.Equal(2.0 / 3, ProbeMetrics.F1(v, y), 5e-13);
        Assert.Equal(0.0, ProbeMetrics.F1(new double[] { -1, -1 }, new[] { 0, 0 }), 5e-13);
        Assert.Throws<ArgumentException>(() => ProbeMetrics.Accuracy(new double[] { 1 }, new[] { 1, 0 }));
    }

    [Fact]
    public void Holdout_is_stratified_seeded_and_keeps_groups_together()
    {
        var labels = Enumerable.Range(0, 100).Select(i => i < 30 ? 1 : 0).ToArray();
        var m = new FeatureMatrix(new float[100], 1, labels);
        var (train, test) = StratifiedSplit.Holdout(m, 0.2, seed: 3);
        Assert.Equal(20, test.Length);
        Assert.Equal(6, test.Count(i => labels[i] == 1));
        Assert.Empty(train.Intersect(test));
        Assert.Equal(test, StratifiedSplit.Holdout(m, 0.2, seed: 3).Test);
        Assert.NotEqual(test, StratifiedSplit.Holdout(m, 0.2, seed: 4).Test);
        // Token rows of one text (one group) land on one side.
        var groups = Enumerable.Range(0, 100).Select(i => i / 5).ToArray();
        var g = new FeatureMatrix(new float[100], 1, labels, groups);
        var (_, t2) = StratifiedSplit.Holdout(g, 0.2, seed: 1);
        Assert.All(t2.GroupBy(i => groups[i]), grp => Assert.Equal(5, grp.Count()));
    }
}
