using Newtonsoft.Json;

namespace InterpLsp.Analysis.Explain.Results;

/// <summary>A candidate explanation with its held-out scores, its baselines and whether it beats the null.</summary>
public sealed class ScoredCandidate
{
    /// <summary>The feature's stable id (<see cref="Features.IFeature.Id"/>).</summary>
    [JsonProperty("id")] public string Id { get; set; } = "";
    [JsonProperty("label")] public string Label { get; set; } = "";
    [JsonProperty("family")] public string Family { get; set; } = "";
    [JsonProperty("scores")] public PrimaryScores Scores { get; set; } = null!;
    [JsonProperty("field_scores", NullValueHandling = NullValueHandling.Ignore)] public FieldScores? Field { get; set; }
    /// <summary>The same candidate against the random directions at the same hook: the mean of each score.</summary>
    [JsonProperty("random_directions")] public BaselineScores RandomDirections { get; set; } = null!;
    /// <summary>The candidate's values permuted within each text (seeded), scored the same way.</summary>
    [JsonProperty("shuffled")] public BaselineScores Shuffled { get; set; } = null!;
    /// <summary>The null p-value of its IoU (see <see cref="ExplanationRules.Significance"/>).</summary>
    [JsonProperty("p")] public double P { get; set; }
    [JsonProperty("significant")] public bool Significant { get; set; }
    /// <summary>Held-out tokens where the candidate holds (or, for a real-valued candidate, is in its top share).</summary>
    [JsonProperty("holds")] public long Holds { get; set; }
    /// <summary>Held-out tokens where both the candidate holds and the direction fires.</summary>
    [JsonProperty("hits")] public long Hits { get; set; }
}
