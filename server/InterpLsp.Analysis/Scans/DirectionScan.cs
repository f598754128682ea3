using InterpLsp.Interp.Directions;
using Newtonsoft.Json;

namespace InterpLsp.Analysis.Scans;

/// <summary>One direction's scan: which direction (name, id, content hash, hook, kind, model), the statistics
/// read off its accumulator (<see cref="Summarize"/>), and the accumulator itself (<see cref="State"/>), which
/// is what merging reads.</summary>
public sealed class DirectionScan
{
    public static readonly double[] QuantileLevels = { 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 0.999 };

    [JsonProperty("id")] public string Id { get; set; } = "";
    [JsonProperty("name")] public string Name { get; set; } = "";
    [JsonProperty("hash")] public string Hash { get; set; } = "";
    [JsonProperty("hook")] public string Hook { get; set; } = "";
    [JsonProperty("kind")] public string Kind { get; set; } = "";
    [JsonProperty("model_id")] public string? ModelId { get; set; }

    [JsonProperty("tokens")] public long Tokens { get; set; }
    [JsonProperty("min")] public double? Min { get; set; }
    [JsonProperty("max")] public double? Max { get; set; }
    [JsonProperty("mean")] public double? Mean { get; set; }
    [JsonProperty("std")] public double? Std { get; set; }
    /// <summary>Fraction of tokens with |value| &gt; 1e-6 (sae_vis' density).</summary>
    [JsonProperty("density")] public double? Density { get; set; }
    /// <summary>Fraction of tokens with value &gt; 0.</summary>
    [JsonProperty("positive_fraction")] public double? PositiveFraction { get; set; }
    [JsonProperty("quantiles")] public Dictionary<string, double> Quantiles { get; set; } = new(StringComparer.Ordinal);
    [JsonProperty("histogram")] public HistogramView? Histogram { get; set; }
    [JsonProperty("top")] public IReadOnlyList<ScanExample> Top { get; set; } = Array.Empty<ScanExample>();
    [JsonProperty("quantile_bins")] public IReadOnlyList<QuantileBin> QuantileBins { get; set; } = Array.Empty<QuantileBin>();
    [JsonProperty("random")] public IReadOnlyList<ScanExample> Random { get; set; } = Array.Empty<ScanExample>();

    [JsonProperty("state")] public DirectionAccumulator State { get; set; } = null!;

    public static DirectionScan For(Direction d, DirectionAccumulator state) => new()
    {
        Id = d.Id, Name = d.Name, Hash = d.Hash, Hook = d.Hook ?? "", Kind = d.Kind.ToString(), ModelId = d.ModelId, State = state,
    };

    /// <summary>Recomputes every statistic from <see cref="State"/>.</summary>
    public void Summarize()
    {
        var m = State.Moments;
        Tokens = m.Count;
        bool any = m.Count > 0;
        Min = any ? m.Min : null;
        Max = any ? m.Max : null;
        Mean = any ? m.Mean : null;
        Std = any ? m.StandardDeviation : null;
        Density = any ? (double)m.NonZero / m.Count : null;
        PositiveFraction = any ? (double)m.Positive / m.Count : null;
        Quantiles = new Dictionary<string, double>(StringComparer.Ordinal);
        if (any) foreach (var q in QuantileLevels) Quantiles[$"p{q * 100:0.###}"] = State.Sketch.Quantile(q);
        var h = State.Histogram;
        Histogram = new HistogramView(h.Width, h.FirstIndex * h.Width, h.Counts);
        Top = State.Top.Examples;
        QuantileBins = State.Pool.QuantileBins();
        Random = State.Random.Examples;
    }
}

/// <summary>The histogram as a plot reads it: bins of <see cref="Width"/> from <see cref="Start"/>.</summary>
public sealed record HistogramView(
    [property: JsonProperty("width")] double Width,
    [property: JsonProperty("start")] double Start,
    [property: JsonProperty("counts")] long[] Counts);
