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
        if (v > 0)
        {
            var b = Pool.BucketAt(bucket);
            b.Count++;
            if (hash < b.Sample.Threshold) b.Sample.Add(doc.Example(token, v, hash, Context));
        }
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
