namespace InterpLsp.Interp.Activations;

/// <summary>The distribution of a direction's values over a set of tokens (a document, or a corpus):
/// quantiles for colour scales and percentiles for hover cards.</summary>
public sealed class ValueDistribution : IValueDistribution
{
    private readonly float[] _sorted;

    public ValueDistribution(ReadOnlySpan<float> values)
    {
        _sorted = values.ToArray();
        Array.Sort(_sorted);
    }

    public long Count => _sorted.Length;
    public float Min => _sorted.Length == 0 ? 0 : _sorted[0];
    public float Max => _sorted.Length == 0 ? 0 : _sorted[^1];

    /// <summary>Quantile q in [0, 1] with linear interpolation between order statistics (numpy's default).</summary>
    public float Quantile(double q)
    {
        if (_sorted.Length == 0) return 0;
        double pos = Math.Clamp(q, 0, 1) * (_sorted.Length - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(lo + 1, _sorted.Length - 1);
        return (float)(_sorted[lo] + (pos - lo) * (_sorted[hi] - _sorted[lo]));
    }

    /// <summary>Percent of values at or below <paramref name="v"/> (0..100).</summary>
    public double Percentile(float v)
    {
        if (_sorted.Length == 0) return 0;
        int lo = 0, hi = _sorted.Length;
        while (lo < hi) { int mid = (lo + hi) >> 1; if (_sorted[mid] <= v) lo = mid + 1; else hi = mid; }
        return 100.0 * lo / _sorted.Length;
    }
}
