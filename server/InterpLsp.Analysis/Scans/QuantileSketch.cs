using Newtonsoft.Json;

namespace InterpLsp.Analysis.Scans;

/// <summary>A DDSketch (Masson, Rim and Lee, VLDB 2019) with unbounded buckets, so merging adds counts and is
/// exact and order-free: 35 logarithmic buckets per octave (gamma = 2^(1/35)) for each sign, and a zero count
/// for |x| &lt; 2^-100. A quantile is answered by the value in the middle of its bucket (in the relative sense),
/// within <see cref="RelativeError"/> = (gamma-1)/(gamma+1) = 0.99 % of the exact rank's value.</summary>
public sealed class QuantileSketch
{
    public const int PerOctave = 35;
    private static readonly LogBuckets Buckets = new(PerOctave);
    public static readonly double Gamma = Math.Pow(2, 1.0 / PerOctave);
    public static readonly double RelativeError = (Gamma - 1) / (Gamma + 1);

    [JsonProperty("zero")] public long Zero { get; private set; }
    [JsonProperty("positive")] public SortedDictionary<int, long> PositiveBuckets { get; private set; } = new();
    [JsonProperty("negative")] public SortedDictionary<int, long> NegativeBuckets { get; private set; } = new();

    // The dense working copy while adding: positive buckets at [i], negative ones at [Span + i] (i = bucket - MinIndex).
    private long[]? _dense;
    private static readonly int Span = Buckets.MaxIndex - Buckets.MinIndex + 1;

    public void Add(float v) => AddAt(v, BucketOf(v));

    /// <summary>The bucket of |v| (35 per octave), or int.MinValue for |v| &lt; 2^-100 (counted as zero).</summary>
    public static int BucketOf(float v)
    {
        float a = Math.Abs(v);
        return a < MinMagnitude ? int.MinValue : float.IsFinite(a) ? Buckets.IndexOfSingle(a) : Buckets.Index(a);
    }

    private static readonly float MinMagnitude = MathF.ScaleB(1f, LogBuckets.MinOctave);

    /// <summary>Adds a finite <paramref name="v"/> whose <see cref="BucketOf"/> is <paramref name="bucket"/>.</summary>
    public void AddAt(float v, int bucket)
    {
        if (!float.IsFinite(v)) return;
        if (bucket == int.MinValue) { Zero++; return; }
        (_dense ??= Dense())[bucket - Buckets.MinIndex + (v > 0 ? 0 : Span)]++;
    }

    /// <summary>The same as <see cref="AddAt"/> of each value with its <see cref="BucketOf"/>, which it writes to
    /// <paramref name="buckets"/> (int.MinValue for a value that is not finite).</summary>
    public void AddRange(ReadOnlySpan<float> values, Span<int> buckets)
    {
        var dense = _dense ??= Dense();
        int min = Buckets.MinIndex;
        for (int t = 0; t < values.Length; t++)
        {
            float v = values[t];
            if (!float.IsFinite(v)) { buckets[t] = int.MinValue; continue; }
            int b = BucketOf(v);
            buckets[t] = b;
            if (b == int.MinValue) { Zero++; continue; }
            dense[b - min + (v > 0 ? 0 : Span)]++;
        }
    }

    public static int MinBucket => Buckets.MinIndex;

    private long[] Dense()
    {
        var d = new long[2 * Span];
        foreach (var (k, c) in PositiveBuckets) d[k - Buckets.MinIndex] += c;
        foreach (var (k, c) in NegativeBuckets) d[Span + k - Buckets.MinIndex] += c;
        PositiveBuckets.Clear();
        NegativeBuckets.Clear();
        return d;
    }

    public void Flush()
    {
        if (_dense is null) return;
        for (int i = 0; i < Span; i++)
        {
            int k = i + Buckets.MinIndex;
            if (_dense[i] != 0) PositiveBuckets[k] = PositiveBuckets.GetValueOrDefault(k) + _dense[i];
            if (_dense[Span + i] != 0) NegativeBuckets[k] = NegativeBuckets.GetValueOrDefault(k) + _dense[Span + i];
        }
        _dense = null;
    }

    [System.Runtime.Serialization.OnSerializing]
    private void Saving(System.Runtime.Serialization.StreamingContext _) => Flush();

    public void Merge(QuantileSketch o)
    {
        Flush(); o.Flush();
        Zero += o.Zero;
        foreach (var (k, c) in o.PositiveBuckets) PositiveBuckets[k] = PositiveBuckets.GetValueOrDefault(k) + c;
        foreach (var (k, c) in o.NegativeBuckets) NegativeBuckets[k] = NegativeBuckets.GetValueOrDefault(k) + c;
    }

    [JsonIgnore] public long Count { get { Flush(); return Zero + PositiveBuckets.Values.Sum() + NegativeBuckets.Values.Sum(); } }

    /// <summary>The value at rank q * (count - 1), within the relative error; NaN when empty.</summary>
    public double Quantile(double q)
    {
        Flush();
        long n = Count;
        if (n == 0) return double.NaN;
        long rank = (long)Math.Floor(q * (n - 1));
        long seen = 0;
        foreach (var (k, c) in NegativeBuckets.Reverse()) { seen += c; if (seen > rank) return -Estimate(k); }
        seen += Zero;
        if (seen > rank) return 0;
        foreach (var (k, c) in PositiveBuckets) { seen += c; if (seen > rank) return Estimate(k); }
        return Estimate(PositiveBuckets.Keys.Last());
    }

    private static double Estimate(int k) => 2 * Buckets.Lower(k) * Gamma / (Gamma + 1);
}
