using InterpLsp.Interp.Activations;

namespace InterpLsp.Analysis.Scans;

/// <summary>A direction's value distribution over a scanned corpus, read from the scan's quantile sketch (within
/// its stated relative error): the hover card's corpus percentile and the paint scale's corpus basis.</summary>
public sealed class ScanDistribution : IValueDistribution
{
    private readonly QuantileSketch _sketch;

    public ScanDistribution(DirectionScan scan)
    {
        _sketch = scan.State.Sketch;
        Count = _sketch.Count;
        Min = (float)(scan.Min ?? 0);
        Max = (float)(scan.Max ?? 0);
    }

    public long Count { get; }
    public float Min { get; }
    public float Max { get; }

    public float Quantile(double q) => Count == 0 ? 0 : (float)_sketch.Quantile(Math.Clamp(q, 0, 1));

    /// <summary>Percent of the corpus's tokens at or below <paramref name="v"/>: the largest q whose quantile is at
    /// most v (bisection on the sketch, to 1e-4).</summary>
    public double Percentile(float v)
    {
        if (Count == 0 || v < Min) return 0;
        if (v >= Max) return 100;
        double lo = 0, hi = 1;
        for (int i = 0; i < 20; i++)
        {
            double mid = (lo + hi) / 2;
            if (_sketch.Quantile(mid) <= v) lo = mid; else hi = mid;
        }
        return 100 * lo;
    }
}
