using InterpLsp.Analysis.Explain.Scoring;

namespace InterpLsp.Tests.Explain;

/// <summary>The explanation scores against cases worked out by hand.</summary>
public class ExplanationMetricsTests
{
    [Fact]
    public void Set_scores_from_counts()
    {
        // tp 3, fp 1, fn 2, tn 4. IoU = 3 / 6; F1 = 6 / (6 + 1 + 2) = 2/3; precision 3/4; recall 3/5;
        // balanced accuracy = (3/5 + 4/5) / 2 = 0.7.
        Assert.Equal(0.5, ExplanationMetrics.IoU(3, 1, 2), 5e-13);
        Assert.Equal(2.0 / 3, ExplanationMetrics.F1(3, 1, 2), 5e-13);
        Assert.Equal(0.75, ExplanationMetrics.Precision(3, 1), 5e-13);
        Assert.Equal(0.6, ExplanationMetrics.Recall(3, 2), 5e-13);
        Assert.Equal(0.7, ExplanationMetrics.BalancedAccuracy(3, 1, 2, 4), 5e-13);
        // Empty denominators have stated values.
        Assert.Equal(0, ExplanationMetrics.IoU(0, 0, 0));
        Assert.Equal(0, ExplanationMetrics.F1(0, 2, 3));
        Assert.Equal(0, ExplanationMetrics.Precision(0, 0));
        Assert.Equal(0, ExplanationMetrics.Recall(0, 0));
        // No positive: only the negatives' rate, 4 / 5. Nothing at all: chance.
        Assert.Equal(0.8, ExplanationMetrics.BalancedAccuracy(0, 1, 0, 4), 5e-13);
        Assert.Equal(0.5, ExplanationMetrics.BalancedAccuracy(0, 0, 0, 0), 5e-13);
        // The same through SetCounts built token by token: predicted 1 1 1 1 0 0 0 0 0 0, actual 1 1 1 0 1 1 0 0 0 0.
        var c = SetCounts.Of(new[] { true, true, true, true, false, false, false, false, false, false },
                             new[] { true, true, true, false, true, true, false, false, false, false });
        Assert.Equal((3.0, 1.0, 2.0, 4.0), (c.Tp, c.Fp, c.Fn, c.Tn));
        Assert.Equal(0.5, c.IoU(), 5e-13);
        Assert.Equal(2.0 / 3, c.F1(), 5e-13);
        Assert.Equal(0.7, c.BalancedAccuracy(), 5e-13);
    }

    [Fact]
    public void Average_precision_groups_tied_scores_into_one_step()
    {
        // Scores 0.9 0.9 0.5 0.1, labels 1 0 1 0 (2 positives). Threshold 0.9: tp 1, fp 1 -> P 1/2, R 1/2.
        // Threshold 0.5: tp 2, fp 1 -> P 2/3, R 1. Threshold 0.1: R stays 1, adds nothing.
        // AP = (1/2 - 0) * 1/2 + (1 - 1/2) * 2/3 = 1/4 + 1/3 = 7/12.
        Assert.Equal(7.0 / 12, ExplanationMetrics.AveragePrecision(new[] { 0.9f, 0.9f, 0.5f, 0.1f }, new[] { true, false, true, false }), 5e-13);
        // The tie broken in the positive's favour would give 1 * 1/2 + 1/2 * 2/3 = 5/6: ties are not broken.
        Assert.Equal(5.0 / 6, ExplanationMetrics.AveragePrecision(new[] { 0.9f, 0.8f, 0.5f, 0.1f }, new[] { true, false, true, false }), 5e-13);
        // No positive: 0.
        Assert.Equal(0, ExplanationMetrics.AveragePrecision(new[] { 0.9f, 0.1f }, new[] { false, false }));
        Assert.Throws<ArgumentException>(() => ExplanationMetrics.AveragePrecision(new[] { float.NaN }, new[] { true }));
        Assert.Throws<ArgumentException>(() => ExplanationMetrics.AveragePrecision(new[] { 1f, 2f }, new[] { true }));
    }

    [Fact]
    public void Weights_count_as_duplicated_rows()
    {
        var s = new[] { 0.9f, 0.9f, 0.5f, 0.3f, 0.1f };
        var y = new[] { true, false, true, false, true };
        var w = new[] { 2f, 1f, 0f, 3f, 1f };
        var dupS = new[] { 0.9f, 0.9f, 0.9f, 0.3f, 0.3f, 0.3f, 0.1f };
        var dupY = new[] { true, true, false, false, false, false, true };
        Assert.Equal(ExplanationMetrics.AveragePrecision(dupS, dupY), ExplanationMetrics.AveragePrecision(s, y, w), 5e-13);
        // By hand: 3 positives. 0.9: tp 2, fp 1 -> R 2/3, P 2/3. 0.3: R unchanged. 0.1: tp 3, fp 4 -> R 1, P 3/7.
        // AP = 2/3 * 2/3 + 1/3 * 3/7 = 4/9 + 1/7 = 37/63.
        Assert.Equal(37.0 / 63, ExplanationMetrics.AveragePrecision(s, y, w), 5e-13);

        var x = new[] { 1f, 2f, 3f, 4f };
        var v = new[] { 2f, 1f, 4f, 3f };
        var pw = new[] { 2f, 1f, 3f, 0f };
        var dx = new[] { 1f, 1f, 2f, 3f, 3f, 3f };
        var dv = new[] { 2f, 2f, 1f, 4f, 4f, 4f };
        Assert.Equal(ExplanationMetrics.Pearson(dx, dv), ExplanationMetrics.Pearson(x, v, pw), 5e-13);
        Assert.Equal(PairSums.Of(dx, dv).Pearson(), ExplanationMetrics.Pearson(x, v, pw), 5e-11);
        Assert.Throws<ArgumentException>(() => ExplanationMetrics.Pearson(x, v, new[] { 1f, -1f, 1f, 1f }));
    }

    [Fact]
    public void Average_precision_of_a_set_is_the_closed_form_of_a_zero_one_score()
    {
        // tp 2 of a set of 3, 4 positives among 10: r = 1/2, p = 2/3; AP = 1/2 * 2/3 + 1/2 * 4/10 = 1/3 + 1/5 = 8/15.
        Assert.Equal(8.0 / 15, ExplanationMetrics.AveragePrecisionOfSet(2, 3, 4, 10), 5e-13);
        var rng = new Random(5);
        for (int trial = 0; trial < 300; trial++)
        {
            int n = 1 + rng.Next(30);
            var inSet = new bool[n];
            var pos = new bool[n];
            double pSet = trial % 10 == 0 ? 0 : trial % 10 == 1 ? 1 : rng.NextDouble();
            for (int i = 0; i < n; i++) { inSet[i] = rng.NextDouble() < pSet; pos[i] = rng.NextDouble() < 0.4; }
            var scores = inSet.Select(b => b ? 1f : 0f).ToArray();
            var c = SetCounts.Of(inSet, pos);
            double direct = ExplanationMetrics.AveragePrecision(scores, pos);
            Assert.Equal(direct, ExplanationMetrics.AveragePrecisionOfSet(c.Tp, c.Tp + c.Fp, c.Tp + c.Fn, n), 5e-13);
            Assert.Equal(direct, c.AveragePrecision(), 5e-13);
        }
        Assert.Throws<ArgumentException>(() => ExplanationMetrics.AveragePrecisionOfSet(3, 2, 4, 10)); // tp above the set
        Assert.Throws<ArgumentException>(() => ExplanationMetrics.AveragePrecisionOfSet(0, 8, 4, 10)); // 8 outside the positives, only 6 exist
    }

    [Fact]
    public void Pearson_by_hand_and_zero_for_a_constant()
    {
        // x 1 2 3, y 1 3 2: centred x -1 0 1, y -1 1 0; Σdxdy = 1, Σdx² = 2, Σdy² = 2 -> r = 1 / 2.
        Assert.Equal(0.5, ExplanationMetrics.Pearson(new[] { 1f, 2f, 3f }, new[] { 1f, 3f, 2f }), 5e-13);
        Assert.Equal(0.5, PairSums.Of(new[] { 1f, 2f, 3f }, new[] { 1f, 3f, 2f }).Pearson(), 5e-13);
        Assert.Equal(-1, ExplanationMetrics.Pearson(new[] { 1f, 2f, 3f }, new[] { 3f, 2f, 1f }), 5e-13);
        Assert.Equal(0, ExplanationMetrics.Pearson(new[] { 1f, 2f, 3f }, new[] { 5f, 5f, 5f }));
        Assert.Equal(0, PairSums.Of(new[] { 1f, 2f, 3f }, new[] { 5f, 5f, 5f }).Pearson());
        Assert.Equal(0, ExplanationMetrics.Pearson(ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty));
        Assert.Equal(0, new PairSums().Pearson());
    }

    [Fact]
    public void Auroc_counts_ties_half()
    {
        // Positives 0.9, 0.5, 0.5; negatives 0.5, 0.1. Pairs won: 0.9>0.5, 0.9>0.1, 0.5>0.1 twice = 4;
        // ties 0.5 = 0.5 twice = 2 x 1/2 = 1. AUROC = 5 / 6.
        Assert.Equal(5.0 / 6, ExplanationMetrics.Auroc(new[] { 0.9f, 0.5f, 0.5f, 0.5f, 0.1f }, new[] { true, true, true, false, false }), 5e-13);
        Assert.Equal(0.5, ExplanationMetrics.Auroc(new[] { 1f, 1f, 1f, 1f }, new[] { true, false, true, false }), 5e-13);
        Assert.Equal(0, ExplanationMetrics.Auroc(new[] { -1f, 2f }, new[] { true, false }), 5e-13);
        Assert.Equal(0.5, ExplanationMetrics.Auroc(new[] { 1f, 2f }, new[] { true, true }), 5e-13);
    }

    [Fact]
    public void OpenAi_normalisation()
    {
        // max 10: floor(10 * relu(a) / 10) = floor(relu(a)): -1 -> 0, 0 -> 0, 2.5 -> 2, 5 -> 5, 4.99 -> 4, 10 -> 10.
        var a = new[] { -1f, 0f, 2.5f, 5f, 4.99f, 10f };
        var d = new float[a.Length];
        ExplanationMetrics.OpenAiNormalize(a, d);
        Assert.Equal(new[] { 0f, 0f, 2f, 5f, 4f, 10f }, d);
        // max 3: 3 -> 10, 1.5 -> floor(5) = 5, 0.29 -> floor(0.967) = 0.
        var b = new[] { 3f, 1.5f, 0.29f };
        var e = new float[3];
        ExplanationMetrics.OpenAiNormalize(b, e);
        Assert.Equal(new[] { 10f, 5f, 0f }, e);
        // Nothing positive: all 0.
        var f = new[] { 9f, 9f };
        ExplanationMetrics.OpenAiNormalize(new[] { -1f, -2f }, f);
        Assert.Equal(new[] { 0f, 0f }, f);
        Assert.Throws<ArgumentException>(() => ExplanationMetrics.OpenAiNormalize(a, new float[2]));
    }
}
