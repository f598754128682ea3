using InterpLsp.Analysis.Probes;

namespace InterpLsp.Tests.Probes;

/// <summary>Each method recovers a direction planted in synthetic hidden states (seeded Gaussian noise; the classes
/// differ only along one unit vector u, by a per-example amount), and 0 is each probe's decision boundary.</summary>
public class ProbeMethodTests
{
    private const int Width = 32;

    /// <summary>x = noise (N(0,1) per dimension) + sign(y) * a * u, a ~ U(0.5, 6); rows alternate pos, neg.</summary>
    /// <param name="seed">Seed of the noise and the amounts.</param>
    /// <param name="directionSeed">Seed of the planted direction (the same for training and fresh data).</param>
    public static (FeatureMatrix Data, float[] Planted) Planted(int rows, int seed, int directionSeed = 1)
    {
        var rng = new Random(seed);
        var dirRng = new Random(directionSeed);
        double Gauss() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        double DirGauss() => Math.Sqrt(-2 * Math.Log(1 - dirRng.NextDouble())) * Math.Cos(2 * Math.PI * dirRng.NextDouble());
        var u = Enumerable.Range(0, Width).Select(_ => DirGauss()).ToArray();
        double norm = Math.Sqrt(u.Sum(v => v * v));
        var planted = u.Select(v => (float)(v / norm)).ToArray();
        var data = new float[rows * Width];
        var labels = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            labels[i] = i % 2 == 0 ? 1 : 0;
            double a = (labels[i] == 1 ? 1 : -1) * (0.5 + 5.5 * rng.NextDouble());
            for (int j = 0; j < Width; j++) data[i * Width + j] = (float)(Gauss() + a * planted[j]);
        }
        return (new FeatureMatrix(data, Width, labels), planted);
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
        return dot / Math.Sqrt(na * nb);
    }

    // Stated floor: every method's cosine with the planted direction > 0.9 (d = 32, 1,000 rows).
    [Theory]
    [InlineData(ProbeMethod.Logistic, 0.9)]
    [InlineData(ProbeMethod.MassMean, 0.9)]
    [InlineData(ProbeMethod.MassMeanCov, 0.9)]
    [InlineData(ProbeMethod.PcaDiff, 0.9)]
    public void Recovers_the_planted_direction(ProbeMethod method, double floor)
    {
        var (data, planted) = Planted(1000, seed: 7);
        var probe = ProbeFitter.Fit(method, data, seed: 0);
        double cos = Cosine(probe.Weights, planted);
        Assert.True(cos > floor, $"{method}: cosine {cos:F4} with the planted direction");
        // Sign: positives project higher, and 0 separates the classes on fresh data from the same source.
        var (fresh, same) = Planted(400, seed: 8);
        Assert.Equal(planted, same);
        double acc = ProbeMetrics.Accuracy(probe.Values(fresh), fresh.Labels);
        Assert.True(acc > 0.9, $"{method}: accuracy {acc:F3} with 0 as the boundary");
    }

    [Fact]
    public void Midpoint_bias_centres_the_class_means()
    {
        var (data, _) = Planted(400, seed: 3);
        var probe = ProbeFitter.Fit(ProbeMethod.MassMean, data, seed: 0);
        var v = probe.Values(data);
        double mp = v.Where((_, i) => data.Labels[i] == 1).Average();
        double mn = v.Where((_, i) => data.Labels[i] == 0).Average();
        Assert.True(Math.Abs(mp + mn) < 1e-4 * (Math.Abs(mp) + Math.Abs(mn)), $"means {mp} and {mn} are not symmetric about 0");
        Assert.True(mp > 0 && mn < 0);
        Assert.Equal(1.0, Math.Sqrt(probe.Weights.Sum(w => (double)w * w)), 5e-6);
    }

    [Fact]
    public void Logistic_chooses_its_strength_from_the_grid_and_is_deterministic()
    {
        var (data, _) = Planted(600, seed: 11);
        var a = ProbeFitter.Fit(ProbeMethod.Logistic, data, seed: 5);
        var b = ProbeFitter.Fit(ProbeMethod.Logistic, data, seed: 5);
        Assert.Contains(a.L2C!.Value, LogisticFit.Grid);
        Assert.Equal(a.L2C, b.L2C);
        Assert.True(Cosine(a.Weights, b.Weights) > 0.999999);
        Assert.Equal(a.Bias, b.Bias, 5e-5);
    }

    [Fact]
    public void Pca_diff_pairs_by_key_and_fixes_the_sign()
    {
        var (data, planted) = Planted(600, seed: 13);
        // Pair keys that pair row 2k with row 2k+1 (as the file order would) but listed negative-first.
        var keys = Enumerable.Range(0, data.Rows).Select(i => $"p{i / 2}").ToArray();
        var keyed = new FeatureMatrix(data.Data, Width, data.Labels, null, keys);
        Assert.Equal(300, PcaDiffFit.Pairs(keyed).Count);
        Assert.All(PcaDiffFit.Pairs(keyed), p => Assert.Equal(p.Pos / 2, p.Neg / 2));
        var probe = PcaDiffFit.Fit(keyed);
        Assert.True(Cosine(probe.Weights, planted) > 0.9);
    }

    [Fact]
    public void Shuffled_labels_give_no_selectivity()
    {
        var (data, _) = Planted(800, seed: 17);
        var rng = new Random(4);
        var shuffled = data.Labels.OrderBy(_ => rng.Next()).ToArray();
        var noise = new FeatureMatrix(data.Data, Width, shuffled);
        var (_, report) = ProbeTrainer.Fit(noise, "synthetic", "-", false, new ProbeOptions("h", ProbeMethod.Logistic, "x") { Seed = 1 }, "m", default);
        // Labels unrelated to the states: the probe is at chance and so is its control; |selectivity| within 0.12.
        Assert.True(Math.Abs(report.Accuracy - 0.5) < 0.12, $"accuracy {report.Accuracy}");
        Assert.True(Math.Abs(report.Selectivity) < 0.12, $"selectivity {report.Selectivity}");
        var (_, real) = ProbeTrainer.Fit(data, "synthetic", "-", false, new ProbeOptions("h", ProbeMethod.Logistic, "x") { Seed = 1 }, "m", default);
        Assert.True(real.Selectivity > 0.3, $"selectivity {real.Selectivity} on the planted labels");
    }
}
