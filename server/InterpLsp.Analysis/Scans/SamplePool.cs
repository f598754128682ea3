using Newtonsoft.Json;

namespace InterpLsp.Analysis.Scans;

/// <summary>Where the quantile-bin examples come from, kept so that they merge exactly: the activating tokens
/// (value &gt; 0) counted in logarithmic buckets (5 per octave, a bucket spans 15 %; each is 7 of the quantile
/// sketch's 35-per-octave buckets, so its index is the sketch's divided by 7), each bucket with the m
/// examples of smallest sample hash. The 10 quantile bins are unions of consecutive buckets chosen from the
/// counts (<see cref="QuantileBins"/>), and a bin's examples are the bottom m of its buckets' samples, which is
/// the bottom m of all the bin's tokens.</summary>
public sealed class SamplePool
{
    public const int PerOctave = QuantileSketch.PerOctave / SketchBucketsPerBucket;
    private const int SketchBucketsPerBucket = 7;
    private static readonly LogBuckets Buckets = new(PerOctave);
    private static readonly int MinIndex = Buckets.MinIndex;
    // While tokens are added: each bucket by its dense index, the count added since the last Flush and the sample's
    // threshold, so that a token that does not enter a sample touches two flat arrays and no bucket object.
    private PoolBucket?[]? _dense;
    private long[]? _counts;
    private ulong[]? _thresholds;

    [JsonProperty("m")] public int Size { get; private set; }
    [JsonProperty("buckets")] public SortedDictionary<int, PoolBucket> Pool { get; private set; } = new();

    [JsonConstructor]
    public SamplePool(int m) { Size = m; }

    /// <summary>The pool bucket of a positive value whose quantile-sketch bucket is <paramref name="sketchBucket"/>
    /// (<see cref="QuantileSketch.BucketOf"/>): the sketch's index divided by 7, rounded down.</summary>
    public static int IndexOf(int sketchBucket) => MinIndex + DenseIndex(sketchBucket);

    /// <summary><see cref="IndexOf"/> - MinIndex: sketch buckets start at MinBucket = 7 * MinIndex (<see cref="PerOctave"/>
    /// is the sketch's divided by 7), so the floor is an integer division of a non-negative number.</summary>
    private static int DenseIndex(int sketchBucket) =>
        sketchBucket == int.MinValue ? 0 : (sketchBucket - QuantileSketch.MinBucket) / SketchBucketsPerBucket;

    /// <summary>Counts a positive value in its bucket; true when <paramref name="hash"/> is below the bucket's sample
    /// threshold, so that the token enters the sample (then call <see cref="Admit"/>).</summary>
    public bool Count(int sketchBucket, ulong hash)
    {
        if (_counts is null) Densify();
        int i = DenseIndex(sketchBucket);
        _counts![i]++;
        return hash < _thresholds![i];
    }

    /// <summary>Adds a counted token's example to its bucket's sample.</summary>
    public void Admit(int sketchBucket, ScanExample e)
    {
        if (_counts is null) Densify();
        int i = DenseIndex(sketchBucket);
        var b = _dense![i] ??= Pool[i + MinIndex] = new PoolBucket(Size);
        b.Sample.Add(e);
        _thresholds![i] = b.Sample.Threshold;
    }

    /// <summary>The same as <see cref="Count"/>, then <see cref="Admit"/> where it says so, of each positive finite
    /// value of <paramref name="values"/> (tokens 0, 1, ... of <paramref name="doc"/>) in turn, whose sketch buckets
    /// are <paramref name="buckets"/>.</summary>
    public void AddRange(DocumentContext doc, ReadOnlySpan<float> values, ReadOnlySpan<ulong> hashes, ReadOnlySpan<int> buckets, int context)
    {
        if (_counts is null) Densify();
        var counts = _counts!;
        var thresholds = _thresholds!;
        for (int t = 0; t < values.Length; t++)
        {
            float v = values[t];
            if (!(v > 0) || v > float.MaxValue) continue; // positive and finite only
            int b = buckets[t];
            int i = DenseIndex(b);
            counts[i]++;
            if (hashes[t] < thresholds[i]) Admit(b, doc.Example(t, v, hashes[t], context));
        }
    }

    private void Densify()
    {
        int n = Buckets.MaxIndex - MinIndex + 1;
        _dense = new PoolBucket?[n];
        _counts = new long[n];
        _thresholds = new ulong[n];
        Array.Fill(_thresholds, new BottomSample(Size).Threshold); // an empty sample's: all, or none when m is 0
        foreach (var (k, b) in Pool)
        {
            _dense[k - MinIndex] = b;
            _thresholds[k - MinIndex] = b.Sample.Threshold;
        }
    }

    /// <summary>Folds the counts added since the last flush into the buckets (making a bucket where one was counted).</summary>
    public void Flush()
    {
        if (_counts is null) return;
        for (int i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] == 0) continue;
            var b = _dense![i] ??= Pool[i + MinIndex] = new PoolBucket(Size);
            b.Count += _counts[i];
            _counts[i] = 0;
        }
    }

    [System.Runtime.Serialization.OnSerializing]
    private void Saving(System.Runtime.Serialization.StreamingContext _) => Flush();

    public void Merge(SamplePool o)
    {
        Flush(); o.Flush();
        _dense = null; _counts = null; _thresholds = null;
        foreach (var (i, b) in o.Pool)
        {
            if (!Pool.TryGetValue(i, out var mine)) Pool[i] = mine = new PoolBucket(Size);
            mine.Count += b.Count;
            mine.Sample.Merge(b.Sample);
        }
    }

    public IReadOnlyList<QuantileBin> QuantileBins(int bins = 10)
    {
        Flush();
        long total = Pool.Values.Sum(b => b.Count);
        var result = new List<QuantileBin>();
        if (total == 0) return result;
        long before = 0;
        var groups = new SortedDictionary<int, List<(int Index, PoolBucket Bucket)>>();
        foreach (var (i, b) in Pool)
        {
            int q = (int)Math.Min(bins - 1, (before * 2 + b.Count) * bins / (2 * total));
            if (!groups.TryGetValue(q, out var list)) groups[q] = list = new();
            list.Add((i, b));
            before += b.Count;
        }
        foreach (var (q, list) in groups)
        {
            var sample = new BottomSample(Size);
            foreach (var (_, b) in list) sample.Merge(b.Sample);
            result.Add(new QuantileBin(q, Buckets.Lower(list[0].Index), Buckets.Upper(list[^1].Index),
                list.Sum(x => x.Bucket.Count), sample.Examples));
        }
        return result;
    }
}

/// <summary>One logarithmic bucket of the <see cref="SamplePool"/>: how many tokens fell in it and its sample.</summary>
public sealed class PoolBucket
{
    [JsonConstructor]
    public PoolBucket(int m) { Sample = new BottomSample(m); }

    [JsonProperty("count")] public long Count { get; set; }
    [JsonProperty("sample")] public BottomSample Sample { get; private set; }
}

/// <summary>One of the quantile bins: its value range [Lower, Upper), its token count and its examples.</summary>
public sealed record QuantileBin(
    [property: JsonProperty("bin")] int Bin,
    [property: JsonProperty("lower")] double Lower,
    [property: JsonProperty("upper")] double Upper,
    [property: JsonProperty("count")] long Count,
    [property: JsonProperty("examples")] IReadOnlyList<ScanExample> Examples);
