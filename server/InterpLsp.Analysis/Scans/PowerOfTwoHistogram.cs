using Newtonsoft.Json;

namespace InterpLsp.Analysis.Scans;

/// <summary>A histogram whose bins merge exactly and in any order. The rule: bin k holds values in
/// [k * 2^E, (k+1) * 2^E); E is the smallest integer &gt;= <see cref="MinExponent"/> for which the values seen
/// span at most <see cref="MaxBins"/> bins (so between about MaxBins/2 and MaxBins bins once values spread).
/// Merging rebins both to the coarser E (aligned bins nest), then coarsens further while the span is too
/// wide: the result is the histogram of all the values under the same rule, whatever the order.</summary>
public sealed class PowerOfTwoHistogram
{
    public const int MinExponent = -40;

    [JsonProperty("max_bins")] public int MaxBins { get; private set; }
    [JsonProperty("exponent")] public int Exponent { get; private set; } = MinExponent;
    [JsonProperty("first_index")] public long FirstIndex { get; private set; }
    [JsonProperty("counts")] public long[] Counts { get; private set; } = Array.Empty<long>();

    private double _inverseWidth = Math.ScaleB(1.0, -MinExponent);

    [JsonConstructor]
    private PowerOfTwoHistogram() : this(50) { }

    public PowerOfTwoHistogram(int maxBins = 50)
    {
        if (maxBins < 2) throw new ArgumentOutOfRangeException(nameof(maxBins), "a histogram needs at least 2 bins");
        MaxBins = maxBins;
    }

    [JsonIgnore] public double Width => Math.ScaleB(1.0, Exponent);

    [System.Runtime.Serialization.OnDeserialized]
    private void Restored(System.Runtime.Serialization.StreamingContext _) => _inverseWidth = Math.ScaleB(1.0, -Exponent);

    public void Add(float v)
    {
        if (!float.IsFinite(v)) return;
        long k = (long)Math.Floor(v * _inverseWidth);
        long rel = k - FirstIndex;
        if (Counts.Length > 0 && rel >= 0 && rel < Counts.Length) { Counts[rel]++; return; }
        Include(k, k);
        Counts[(long)Math.Floor(v * _inverseWidth) - FirstIndex]++;
    }

    /// <summary>Widens (and coarsens as needed) so that bins [lo, hi] at the current exponent fit.</summary>
    /// <summary>The same as <see cref="Add"/> of each value in turn.</summary>
    public void AddRange(ReadOnlySpan<float> values)
    {
        for (int t = 0; t < values.Length; t++)
        {
            float v = values[t];
            if (!float.IsFinite(v)) continue;
            long rel = (long)Math.Floor(v * _inverseWidth) - FirstIndex;
            var counts = Counts;
            if ((ulong)rel < (ulong)counts.Length) counts[rel]++;
            else Add(v);
        }
    }

    private void Include(long lo, long hi)
    {
        if (Counts.Length > 0) { lo = Math.Min(lo, FirstIndex); hi = Math.Max(hi, FirstIndex + Counts.Length - 1); }
        int e = Exponent;
        while (hi - lo + 1 > MaxBins) { e++; lo >>= 1; hi >>= 1; }
        var counts = new long[hi - lo + 1];
        int shift = e - Exponent;
        for (int i = 0; i < Counts.Length; i++) counts[((FirstIndex + i) >> shift) - lo] += Counts[i];
        Exponent = e; FirstIndex = lo; Counts = counts;
        _inverseWidth = Math.ScaleB(1.0, -e);
    }

    public void Merge(PowerOfTwoHistogram o)
    {
        if (o.MaxBins != MaxBins) throw new ArgumentException($"histograms with {MaxBins} and {o.MaxBins} bins do not merge");
        if (o.Counts.Length == 0) return;
        if (Counts.Length == 0) { Exponent = o.Exponent; FirstIndex = o.FirstIndex; Counts = (long[])o.Counts.Clone(); _inverseWidth = Math.ScaleB(1.0, -Exponent); return; }
        int e = Math.Max(Exponent, o.Exponent);
        Coarsen(e);
        int shift = e - o.Exponent;
        Include(o.FirstIndex >> shift, (o.FirstIndex + o.Counts.Length - 1) >> shift);
        shift = Exponent - o.Exponent;
        for (int i = 0; i < o.Counts.Length; i++) Counts[((o.FirstIndex + i) >> shift) - FirstIndex] += o.Counts[i];
    }

    private void Coarsen(int e)
    {
        if (e == Exponent) return;
        int shift = e - Exponent;
        long lo = FirstIndex >> shift, hi = (FirstIndex + Counts.Length - 1) >> shift;
        var counts = new long[hi - lo + 1];
        for (int i = 0; i < Counts.Length; i++) counts[((FirstIndex + i) >> shift) - lo] += Counts[i];
        Exponent = e; FirstIndex = lo; Counts = counts; _inverseWidth = Math.ScaleB(1.0, -e);
    }

    [JsonIgnore] public long Total => Counts.Sum();
}
