using Newtonsoft.Json;

namespace InterpLsp.Analysis.Explain.Results;

/// <summary>A hypothesis the user typed: <c>words</c> (a list), <c>regex</c> (a .NET pattern) or <c>text</c>
/// (free text, scored with delphi's embedding scorer using the embedded sentence model).</summary>
public sealed record Hypothesis(string Kind, string Value, IReadOnlyList<string>? Words = null)
{
    /// <summary>The kinds, as the user hypotheses' family lists them.</summary>
    public static readonly string[] Kinds = Families.UserHypothesesFamily.Kinds;
}

/// <summary>What <c>test-explanation</c> reports: the hypothesis scored on each side like any candidate (with
/// baselines), and for free text the embedding scorer's result.</summary>
public sealed class HypothesisResult
{
    [JsonProperty("direction")] public string Direction { get; set; } = "";
    [JsonProperty("direction_hash")] public string DirectionHash { get; set; } = "";
    [JsonProperty("hook")] public string Hook { get; set; } = "";
    [JsonProperty("corpus_id")] public string CorpusId { get; set; } = "";
    [JsonProperty("kind")] public string Kind { get; set; } = "";
    [JsonProperty("hypothesis")] public string Hypothesis { get; set; } = "";
    /// <summary>Per side (positive, negative): the hypothesis scored as a candidate; empty for free text.</summary>
    [JsonProperty("sides")] public List<HypothesisSide> Sides { get; set; } = new();
    /// <summary>Free text only: delphi's embedding scorer.</summary>
    [JsonProperty("embedding", NullValueHandling = NullValueHandling.Ignore)] public EmbeddingScore? Embedding { get; set; }
    /// <summary>A plain-words summary, e.g. "beats the null on the positive side: F1 0.41 [0.36, 0.47]".</summary>
    [JsonProperty("verdict")] public string Verdict { get; set; } = "";
    [JsonProperty("rules")] public ExplanationRules Rules { get; set; } = new();
    [JsonProperty("seconds")] public double Seconds { get; set; }
    [JsonProperty("warnings")] public List<string> Warnings { get; set; } = new();
}

public sealed class HypothesisSide
{
    [JsonProperty("side")] public string Side { get; set; } = "positive";
    [JsonProperty("candidate")] public ScoredCandidate Candidate { get; set; } = null!;
    [JsonProperty("fires_nowhere")] public BaselineScores FiresNowhere { get; set; } = null!;
    [JsonProperty("fires_everywhere")] public BaselineScores FiresEverywhere { get; set; } = null!;
    /// <summary>Where the hypothesis would rank among the side's stored candidates (null without a stored explanation).</summary>
    [JsonProperty("rank", NullValueHandling = NullValueHandling.Ignore)] public int? Rank { get; set; }
}

/// <summary>delphi's embedding scorer: cosine similarity of the hypothesis's embedding with each context's, as a
/// detector of activating (top and quantile-bin) against non-activating (random) contexts.</summary>
public sealed class EmbeddingScore
{
    [JsonProperty("auroc")] public Score Auroc { get; set; } = null!;
    [JsonProperty("activating")] public int Activating { get; set; }
    [JsonProperty("non_activating")] public int NonActivating { get; set; }
    [JsonProperty("rule")] public string Rule { get; set; } =
        "embedded sentence model (mean pooling over the tokens, unit norm); score = cosine(hypothesis, context); AUROC of activating vs non-activating contexts, ties half";
}
