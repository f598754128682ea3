namespace InterpLsp.Analysis.Explain.Scoring;

/// <summary>
/// Sufficient statistics of a Pearson correlation: n, Σx, Σy, Σx², Σy², Σxy. Sums of documents add, so the
/// correlation of a bootstrap replicate is the correlation of Σ_d m_d · sums_d (m_d = document d's multiplicity):
/// O(documents) per replicate instead of O(tokens).
/// The one-pass form Σxy − Σx·Σy/n loses digits when the means are large against the spread; activations and
/// 0..10 scores keep that loss far below the bootstrap's own noise. A variance at or below 1e-12 of its raw sum of
/// squares (cancellation noise, not spread) is taken as 0, and then <see cref="Pearson"/> is 0 as in
/// <see cref="ExplanationMetrics.Pearson"/>.
/// </summary>
public struct PairSums
{
    public double N, Sx, Sy, Sxx, Syy, Sxy;

    /// <summary>Adds one pair.</summary>
    public void Add(double x, double y)
    {
        N += 1; Sx += x; Sy += y; Sxx += x * x; Syy += y * y; Sxy += x * y;
    }

    /// <summary>Adds <paramref name="weight"/> copies of another set of sums (a document counted that many times).</summary>
    public void Add(in PairSums other, double weight)
    {
        N += weight * other.N; Sx += weight * other.Sx; Sy += weight * other.Sy;
        Sxx += weight * other.Sxx; Syy += weight * other.Syy; Sxy += weight * other.Sxy;
    }

    /// <summary>Sums of the pairs (x[i], y[i]).</summary>
    public static PairSums Of(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        if (x.Length != y.Length) throw new ArgumentException($"{x.Length} x values but {y.Length} y values", nameof(y));
        var s = new PairSums();
        for (int i = 0; i < x.Length; i++) s.Add(x[i], y[i]);
        return s;
    }

    /// <summary>The Pearson correlation of the summed pairs; 0 when n = 0 or either variance is 0 (see the type's rule).</summary>
    public readonly double Pearson()
    {
        if (N <= 0) return 0;
        double vx = Sxx - Sx * Sx / N, vy = Syy - Sy * Sy / N, c = Sxy - Sx * Sy / N;
        if (vx <= 1e-12 * Sxx || vy <= 1e-12 * Syy) return 0;
        return Math.Clamp(c / Math.Sqrt(vx * vy), -1, 1);
    }
}
