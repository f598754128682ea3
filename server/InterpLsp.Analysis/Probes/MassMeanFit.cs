using static TorchSharp.torch;

namespace InterpLsp.Analysis.Probes;

/// <summary>Mass-mean probes (Marks &amp; Tegmark, "The Geometry of Truth"): the difference of the class means
/// μ+ − μ−, or its covariance-corrected form Σ⁻¹(μ+ − μ−) where Σ is the pooled within-class covariance shrunk
/// towards a multiple of the identity, (1 − <see cref="Shrinkage"/>)Σ + <see cref="Shrinkage"/>·(tr Σ / d)·I, so
/// that it is invertible however few the rows. The vector is scaled to unit length and the bias puts 0 at the
/// midpoint of the two classes' mean projections on the training rows.</summary>
public static class MassMeanFit
{
    public const double Shrinkage = 0.1;

    public static LinearProbe Fit(FeatureMatrix train, bool covariance)
    {
        int d = train.Width;
        var (pos, neg) = ClassMeans(train);
        var diff = new double[d];
        for (int j = 0; j < d; j++) diff[j] = pos[j] - neg[j];
        if (covariance) diff = CovarianceCorrected(train, pos, neg, diff);
        return Midpoint(train, diff);
    }

    public static (double[] Pos, double[] Neg) ClassMeans(FeatureMatrix m)
    {
        int d = m.Width;
        var pos = new double[d];
        var neg = new double[d];
        int np = 0, nn = 0;
        for (int i = 0; i < m.Rows; i++)
        {
            var r = m.Row(i);
            var target = m.Labels[i] == 1 ? pos : neg;
            for (int j = 0; j < d; j++) target[j] += r[j];
            if (m.Labels[i] == 1) np++; else nn++;
        }
        if (np == 0 || nn == 0) throw new ArgumentException("a probe needs training rows of both classes");
        for (int j = 0; j < d; j++) { pos[j] /= np; neg[j] /= nn; }
        return (pos, neg);
    }

    /// <summary>A unit vector along <paramref name="direction"/> with the bias at the midpoint of the class means'
    /// projections on <paramref name="train"/>.</summary>
    public static LinearProbe Midpoint(FeatureMatrix train, double[] direction)
    {
        double norm = Math.Sqrt(direction.Sum(v => v * v));
        if (!(norm > 0) || !double.IsFinite(norm)) throw new ArgumentException("the probe direction is zero: the two classes have the same states");
        var w = direction.Select(v => (float)(v / norm)).ToArray();
        var probe = new LinearProbe(w, 0);
        var values = probe.Values(train);
        double mp = 0, mn = 0;
        int np = 0, nn = 0;
        for (int i = 0; i < values.Length; i++)
            if (train.Labels[i] == 1) { mp += values[i]; np++; } else { mn += values[i]; nn++; }
        return probe with { Bias = (float)(-(mp / np + mn / nn) / 2) };
    }

    private static double[] CovarianceCorrected(FeatureMatrix m, double[] pos, double[] neg, double[] diff)
    {
        using var scope = NewDisposeScope();
        int d = m.Width;
        var centred = new double[m.Rows * d];
        for (int i = 0; i < m.Rows; i++)
        {
            var r = m.Row(i);
            var mu = m.Labels[i] == 1 ? pos : neg;
            for (int j = 0; j < d; j++) centred[i * d + j] = r[j] - mu[j];
        }
        var c = tensor(centred, new long[] { m.Rows, d });
        var sigma = c.t().mm(c) / Math.Max(1, m.Rows - 2);
        double scale = sigma.trace().item<double>() / d;
        if (!(scale > 0)) scale = 1;
        var shrunk = (1 - Shrinkage) * sigma + Shrinkage * scale * eye(d, dtype: ScalarType.Float64);
        return linalg.solve(shrunk, tensor(diff)).data<double>().ToArray();
    }
}
