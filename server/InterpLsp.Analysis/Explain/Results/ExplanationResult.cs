using Newtonsoft.Json;

namespace InterpLsp.Analysis.Explain.Results;

/// <summary>The candidate explanations of one direction from one corpus's evidence: the JSON that
/// <c>interp-lsp explain --json</c> prints, the library stores and the hover card and direction view read.</summary>
public sealed class ExplanationResult
{
    public const int CurrentVersion = 1;

    [JsonProperty("version")] public int Version { get; set; } = CurrentVersion;
    [JsonProperty("direction")] public string Direction { get; set; } = "";
    [JsonProperty("direction_hash")] public string DirectionHash { get; set; } = "";
    [JsonProperty("hook")] public string Hook { get; set; } = "";
    [JsonProperty("model_id")] public string ModelId { get; set; } = "";
    [JsonProperty("corpus_id")] public string CorpusId { get; set; } = "";
    [JsonProperty("corpus_hash")] public string CorpusHash { get; set; } = "";
    /// <summary>The library scan the evidence came with (null when none was stored).</summary>
    [JsonProperty("scan_id", NullValueHandling = NullValueHandling.Ignore)] public long? ScanId { get; set; }
    [JsonProperty("documents")] public long Documents { get; set; }
    [JsonProperty("tokens")] public long Tokens { get; set; }
    [JsonProperty("propose_documents")] public long ProposeDocuments { get; set; }
    [JsonProperty("heldout_documents")] public long HeldOutDocuments { get; set; }
    /// <summary>The overall verdict in plain words (the positive side's, then the negative side's when it has one).</summary>
    [JsonProperty("verdict")] public string Verdict { get; set; } = "";
    [JsonProperty("sides")] public List<ExplanationSide> Sides { get; set; } = new();
    [JsonProperty("rules")] public ExplanationRules Rules { get; set; } = new();
    [JsonProperty("seconds")] public double Seconds { get; set; }
    /// <summary>Where the time went, in seconds, by phase (evidence, candidate base, null, each side's steps).</summary>
    [JsonProperty("timings")] public Dictionary<string, double> Timings { get; set; } = new();
    [JsonProperty("warnings")] public List<string> Warnings { get; set; } = new();

    /// <summary>The same JSON rules as a scan result (indented, non-finite numbers as strings, depth 64).</summary>
    internal static readonly JsonSerializerSettings Json = Scans.ScanResult.Json;

    public string ToJson() => JsonConvert.SerializeObject(this, Json);

    public static ExplanationResult FromJson(string json, string source)
    {
        ExplanationResult? r;
        try { r = JsonConvert.DeserializeObject<ExplanationResult>(json, Json); }
        catch (JsonException e) { throw new ArgumentException($"{source}: not an explanation ({e.Message})"); }
        if (r is null || r.Sides is null) throw new ArgumentException($"{source}: not an explanation");
        if (r.Version != CurrentVersion) throw new ArgumentException($"{source}: explanation version {r.Version}, this build reads {CurrentVersion}");
        return r;
    }
}

/// <summary>The rules behind the numbers, stated in every result.</summary>
public sealed record ExplanationRules
{
    [JsonProperty("split")] public string Split { get; init; } =
        "texts split in two halves by a stable hash of their key: candidates are proposed on one half and scored only on the other";
    [JsonProperty("fires")] public string Fires { get; init; } =
        $"a side fires where its value (the activation, negated for the negative side) exceeds 0 and a threshold chosen from the evidence: the thresholds tried are the values that leave the top {string.Join(", ", Pipeline.ThresholdRule.TopShares.Select(Pipeline.ThresholdRule.Percent))} of the proposing half's tokens above them, and 0 itself for a direction whose value has a natural boundary there (a probe's logit, an SAE feature's activation) where it leaves at most the top {Pipeline.ThresholdRule.Percent(Pipeline.ThresholdRule.MaxBoundaryShare)} of the proposing half firing; a threshold is skipped when fewer than {Pipeline.ThresholdRule.MinFires} tokens of either half fire above it; at each threshold left, a cheap proxy is read on the proposing half: the best IoU there among the word-list and token-list candidates (the words, and separately the token texts, most enriched among the firing tokens by the log-odds z of the words family, alone (the first {Families.ItemSets.Singletons}), as the first 3 and 5, and grown greedily while the IoU rises, up to {Families.ItemSets.MaxSetSize}; cross-fitted: the proposing half's texts are split in two folds by their hash, a list is chosen on one fold and its IoU read on the other, both ways, and the two averaged) and the WordNet concepts that hold on a firing token, alone or the best with one of the next {Pipeline.ThresholdProxy.PairPartners} as their union, all counted from per-word and per-token-text uses, with no formula or other family; the threshold chosen is the one with the fewest firing tokens whose proxy is at least {100 * (1 - Pipeline.ThresholdRule.Alike):0} % of the highest; only there are all candidates of every family proposed on the proposing half and scored on the held-out half. The random-direction null runs the same proxy choice for each random side, and proposes all candidates only at the threshold it chose, at the same shares (where the direction's 0 is tried as a threshold of its own, each random side tries the threshold that leaves the same share of its proposing half above it), and each random side's best held-out IoU is taken at the threshold it chose";
    /// <summary>The thresholds the rule tried for this result, in words (rarest first).</summary>
    [JsonProperty("thresholds")] public List<string> Thresholds { get; init; } = Tried(naturalBoundary: false);
    /// <summary>The top shares of the proposing half's tokens tried as thresholds.</summary>
    [JsonProperty("top_shares")] public List<double> TopShares { get; init; } = [.. Pipeline.ThresholdRule.TopShares];
    /// <summary>Whether 0 was tried as well (the direction's natural boundary).</summary>
    [JsonProperty("natural_boundary")] public bool NaturalBoundary { get; init; }
    /// <summary>Fewest firing tokens on each half for a threshold to be tried.</summary>
    [JsonProperty("min_fires")] public int MinFires { get; init; } = Pipeline.ThresholdRule.MinFires;
    [JsonProperty("primary")] public string Primary { get; init; } =
        "IoU and F1 of the candidate's set against the firing tokens; AUPRC of the candidate's value as a detector of firing (average precision, ties as one step); Pearson correlation of value and activation over all held-out tokens";
    [JsonProperty("real_valued")] public string RealValued { get; init; } =
        "a real-valued candidate's set, for IoU and F1, is its top tokens, as many as the side's firing rate on the proposing half";
    [JsonProperty("interval")] public string Interval { get; init; } =
        "bootstrap 95% percentile interval, texts resampled with replacement, 200 replicates, seed 1";
    [JsonProperty("significance")] public string Significance { get; init; } =
        "p = (1 + number of random-direction sides whose best held-out IoU, over their own proposed candidates at the threshold they chose by the same rule, reaches the candidate's IoU) / (1 + number of random-direction sides); significant when p < 0.05. Comparing with each null's best over all the candidates tried corrects for their number (max-statistic correction)";
    [JsonProperty("random_directions")] public int RandomDirections { get; init; } = 20;
    [JsonProperty("shuffled")] public string Shuffled { get; init; } = "the candidate's values permuted within each text, seed 1";
    [JsonProperty("coverage")] public string Coverage { get; init; } =
        "greedy forward selection of up to 3 significant candidates into a least-squares linear predictor of max(side value, 0), fitted on the proposing half; R^2 on the held-out half";
    [JsonProperty("modes")] public string Modes { get; init; } =
        "k-means (k-means++ seeded, cosine geometry) on the hidden states of the proposing half's firing tokens (at most 400, the largest), k from 1 to 4 by the largest mean silhouette; k = 1 unless that silhouette is at least 0.1";
    [JsonProperty("verdict")] public string Verdict { get; init; } =
        "unexplained: no significant candidate; well explained: the best candidate's held-out F1 >= 0.6; abstract cover: 2+ modes and one candidate's IoU on the union is at least the modes' candidates' OR's IoU minus 0.02; mixture: 2+ modes, each with a significant candidate of its own; partly explained: otherwise";

    /// <summary>The thresholds of the rule in words.</summary>
    public static List<string> Tried(bool naturalBoundary) =>
        [.. Pipeline.ThresholdRule.TopShares.Select(x => "top " + Pipeline.ThresholdRule.Percent(x)), .. naturalBoundary ? new[] { "0 (the natural boundary)" } : []];

    /// <summary>The rules of a result whose direction has (or has not) a natural boundary at 0.</summary>
    public static ExplanationRules For(bool naturalBoundary) => new() { NaturalBoundary = naturalBoundary, Thresholds = Tried(naturalBoundary) };
}
