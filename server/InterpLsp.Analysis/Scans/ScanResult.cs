using Newtonsoft.Json;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Scans;

/// <summary>What a scan (or a merge of shard scans) found, for every direction scanned; serialised as JSON with
/// <see cref="ToJson"/> and read back with <see cref="FromJson"/>.</summary>
public sealed class ScanResult
{
    public const int CurrentVersion = 1;

    [JsonProperty("version")] public int Version { get; set; } = CurrentVersion;
    [JsonProperty("model_id")] public string ModelId { get; set; } = "";
    [JsonProperty("corpus_id")] public string CorpusId { get; set; } = "";
    [JsonProperty("corpus_hash")] public string CorpusHash { get; set; } = "";
    /// <summary>How many parts the corpus was cut into, and which of them this result covers (all of them after
    /// a complete merge).</summary>
    [JsonProperty("shard_count")] public int ShardCount { get; set; } = 1;
    [JsonProperty("shards")] public List<int> Shards { get; set; } = new() { 0 };
    /// <summary>True for a merge that misses shards and was kept on purpose (<c>scan merge --partial</c>): it
    /// covers only <see cref="Shards"/> of the corpus, and says so wherever it is stored.</summary>
    [JsonProperty("partial", DefaultValueHandling = DefaultValueHandling.Ignore)] public bool Partial { get; set; }
    [JsonProperty("documents")] public long Documents { get; set; }
    [JsonProperty("empty_documents")] public long EmptyDocuments { get; set; }
    [JsonProperty("tokens")] public long Tokens { get; set; }
    [JsonProperty("options")] public ScanSettings Settings { get; set; } = new();
    [JsonProperty("rules")] public ScanRules Rules { get; set; } = new();
    [JsonProperty("warnings")] public List<string> Warnings { get; set; } = new();
    [JsonProperty("skipped")] public List<string> Skipped { get; set; } = new();
    [JsonProperty("directions")] public List<DirectionScan> Directions { get; set; } = new();

    internal static readonly JsonSerializerSettings Json = new()
    {
        Formatting = Formatting.Indented,
        FloatFormatHandling = FloatFormatHandling.String,
        MissingMemberHandling = MissingMemberHandling.Ignore,
        ObjectCreationHandling = ObjectCreationHandling.Replace,
        MaxDepth = 64,
    };

    public string ToJson() => JsonConvert.SerializeObject(this, Json);

    /// <summary>Reads a result; <paramref name="source"/> names it in errors.</summary>
    public static ScanResult FromJson(string json, string source)
    {
        ScanResult? r;
        try { r = JsonConvert.DeserializeObject<ScanResult>(json, Json); }
        catch (JsonException e) { throw new ArgumentException($"{source}: not a scan result ({InterpLsp.Interp.IO.JsonErrors.Describe(e)})"); }
        if (r is null || r.Directions is null) throw new ArgumentException($"{source}: not a scan result");
        if (r.Version != CurrentVersion) throw new ArgumentException($"{source}: scan result version {r.Version}, this build reads {CurrentVersion}");
        foreach (var d in r.Directions)
            if (d.State is null) throw new ArgumentException($"{source}: direction '{d.Name}' has no state to merge");
        return r;
    }
}

/// <summary>The options a scan ran with; results merge only when they agree.</summary>
public sealed record ScanSettings
{
    [JsonProperty("top_k")] public int TopK { get; init; } = 20;
    [JsonProperty("context")] public int Context { get; init; } = 8;
    [JsonProperty("quantile_examples")] public int QuantileExamples { get; init; } = 10;
    [JsonProperty("random_examples")] public int RandomExamples { get; init; } = 20;
    [JsonProperty("seed")] public ulong Seed { get; init; } = 1;
    /// <summary>Values are computed from hidden states rounded to float16 (relative error at most 2^-11 per
    /// element against float32), so that a scan from the activation store equals one by forward pass.</summary>
    [JsonProperty("half_states")] public bool HalfStates { get; init; } = true;
}

/// <summary>The rules behind the statistics, stated in every result.</summary>
public sealed record ScanRules
{
    [JsonProperty("histogram")] public string Histogram { get; init; } =
        "bins [k*2^E, (k+1)*2^E) with E the smallest integer >= -40 such that the values span at most 50 bins";
    [JsonProperty("quantiles")] public string Quantiles { get; init; } =
        $"DDSketch, {QuantileSketch.PerOctave} log buckets per octave, relative error {QuantileSketch.RelativeError:G3}";
    [JsonProperty("quantile_relative_error")] public double QuantileRelativeError { get; init; } = Math.Round(QuantileSketch.RelativeError, 6);
    [JsonProperty("quantile_bins")] public string QuantileBins { get; init; } =
        "10 bins of about equal counts over the tokens with value > 0, edges on log buckets of 2^(1/5); each bin's examples are the m tokens with the smallest hash of (seed, document key, token index)";
    [JsonProperty("random")] public string Random { get; init; } = "the m tokens of all with the smallest hash of (seed, document key, token index)";
    [JsonProperty("top")] public string Top { get; init; } = "largest values; ties by document key (ordinal), then token index";
    [JsonProperty("density")] public string Density { get; init; } = "fraction of tokens with |value| > 1e-6";
    [JsonProperty("shard")] public string Shard { get; init; } = "document in part I of N (I from 0) when FNV-1a-64(key), mixed by splitmix64, mod N = I";
}
