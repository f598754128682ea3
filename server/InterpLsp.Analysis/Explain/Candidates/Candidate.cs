using InterpLsp.Analysis.Explain.Features;

namespace InterpLsp.Analysis.Explain.Candidates;

/// <summary>A candidate explanation with its values on the evidence table and, for the side it was proposed
/// for, its set (for a real-valued feature: its tokens above the value that leaves as many proposing-half tokens
/// above it as the side fires on).</summary>
public sealed record Candidate(IFeature Feature, FeatureValues Values, int[] Set)
{
    public string Id => Feature.Id;
    public bool IsSet => Values.IsSet;
}
