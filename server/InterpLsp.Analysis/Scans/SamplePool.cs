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
    private PoolBucket?[]? _dense;

    [JsonProperty("m")] public int Size { get; private set; }
    [JsonProperty("buckets")] public SortedDictionary<int, PoolBucket> Pool { get; private set; } = new();

    [JsonConstructor]
    public SamplePool(int m) { Size = m; }

    /// <summary>The bucket of a positive value whose quantile-sketch bucket is <paramref name="sketchBucket"/>
    /// (<see cref="QuantileSketch.BucketOf"/>), made on first use.</summary>
    public PoolBucket BucketAt(int sketchBucket)
    {
        int i = sketchBucket == int.MinValue ? MinIndex : Math.Max(MinIndex, (int)Math.Floor(sketchBucket / (double)SketchBucketsPerBucket));
        if (_dense is null)
        {
            _dense = new PoolBucket?[Buckets.MaxIndex - MinIndex + 1];
            foreach (var (k, b) in Pool) _dense[k - MinIndex] = b;
        }
        return _dense[i - MinIndex] ??= Pool[i] = new PoolBucket(Size);
    }

    public void Merge(SamplePool o)
    {
        _dense = null;
        foreach (var (i, b) in o.Pool)
        {
            if (!Pool.TryGetValue(i, out var mine)) Pool[i] = mine = new PoolBucket(Size);
            mine.Count += b.Count;
            mine.Sample.Merge(b.Sample);
        }
    }

    /// <summary>Ten bins of about equal counts: a bucket goes to bin floor(10 * (tokens before it + half its own)
    /// / total), so bin edges fall on bucket edges.</summary>
    public IReadOnlyList<QuantileBin> QuantileBins(int bins = 10)
    {
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
