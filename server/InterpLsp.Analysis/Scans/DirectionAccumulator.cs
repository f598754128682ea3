using Newtonsoft.Json;

namespace InterpLsp.Analysis.Scans;

/// <summary>Everything a scan keeps for one direction, each part mergeable exactly: moments, the 50-bin
/// histogram, the quantile sketch, the top-k, the quantile-bin sample pool and the random sample.</summary>
public sealed class DirectionAccumulator
{
    [JsonConstructor]
    private DirectionAccumulator() : this(0, 0, 0, 0) { }

    public DirectionAccumulator(int topK, int quantileExamples, int randomExamples, int context, int histogramBins = 50)
    {
        Context = context;
        Top = new TopExamples(topK);
        Pool = new SamplePool(quantileExamples);
        Random = new BottomSample(randomExamples);
        Histogram = new PowerOfTwoHistogram(histogramBins);
    }

    [JsonProperty("context")] public int Context { get; private set; }
    [JsonProperty("moments")] public ExactMoments Moments { get; private set; } = new();
    [JsonProperty("histogram")] public PowerOfTwoHistogram Histogram { get; private set; }
    [JsonProperty("sketch")] public QuantileSketch Sketch { get; private set; } = new();
    [JsonProperty("top")] public TopExamples Top { get; private set; }
    [JsonProperty("pool")] public SamplePool Pool { get; private set; }
    [JsonProperty("random")] public BottomSample Random { get; private set; }

    /// <summary>Adds token <paramref name="token"/> of <paramref name="doc"/> with value <paramref name="v"/>
    /// and sample hash <paramref name="hash"/>.</summary>
    public void Add(DocumentContext doc, int token, float v, ulong hash)
    {
        Moments.Add(v);
        if (!float.IsFinite(v)) return;
        Histogram.Add(v);
        int bucket = QuantileSketch.BucketOf(v);
        Sketch.AddAt(v, bucket);
        if (Top.Admits(v)) Top.Add(doc.Example(token, v, hash, Context));
        if (hash < Random.Threshold) Random.Add(doc.Example(token, v, hash, Context));
        if (v > 0 && Pool.Count(bucket, hash)) Pool.Admit(bucket, doc.Example(token, v, hash, Context));
    }

    /// <summary>The same as <see cref="Add"/> of tokens 0, 1, ... of <paramref name="doc"/> in turn, with values
    /// <paramref name="values"/> and sample hashes <paramref name="hashes"/>: each part takes the whole run at once
    /// (the parts are independent), and a token is compared with the top-k's and the samples' current thresholds
    /// before any other work. <paramref name="buckets"/> is scratch of at least the values' length.</summary>
    public void AddRange(DocumentContext doc, ReadOnlySpan<float> values, ReadOnlySpan<ulong> hashes, Span<int> buckets)
    {
        int n = values.Length;
        if (hashes.Length < n || buckets.Length < n) throw new ArgumentException("a hash and a bucket for each value");
        Moments.AddRange(values);
        Histogram.AddRange(values);
        Sketch.AddRange(values, buckets[..n]);
        // The top k: a token enters only at or above the current k-th value (Admits), which only rises.
        if (Top.K > 0)
        {
            float floor = Top.Examples.Count < Top.K ? float.NegativeInfinity : Top.Examples[^1].Value;
            for (int t = 0; t < n; t++)
            {
                float v = values[t];
                if (!(v >= floor) || !float.IsFinite(v)) continue;
                Top.Add(doc.Example(t, v, hashes[t], Context));
                if (Top.Examples.Count >= Top.K) floor = Top.Examples[^1].Value;
            }
        }
        ulong threshold = Random.Threshold;
        for (int t = 0; t < n; t++)
        {
            if (hashes[t] >= threshold || !float.IsFinite(values[t])) continue;
            Random.Add(doc.Example(t, values[t], hashes[t], Context));
            threshold = Random.Threshold;
        }
        Pool.AddRange(doc, values, hashes, buckets, Context);
    }

    public void Merge(DirectionAccumulator o)
    {
        Moments.Merge(o.Moments);
        Histogram.Merge(o.Histogram);
        Sketch.Merge(o.Sketch);
        Top.Merge(o.Top);
        Pool.Merge(o.Pool);
        Random.Merge(o.Random);
    }
}
