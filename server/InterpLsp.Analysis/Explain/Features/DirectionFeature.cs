using InterpLsp.Analysis.Explain.Evidence;

namespace InterpLsp.Analysis.Explain.Features;

/// <summary>Another direction of the library as a predictor (id <c>direction:HASH</c>, or <c>direction:-HASH</c>
/// for its negation): its value on each token. Its values come from the evidence's stored states, so it is
/// evaluated only on the evidence table it was made for.</summary>
public sealed class DirectionFeature(string name, string hash, bool negated, TokenTable table, float[] values) : IFeature
{
    public const string Prefix = "direction:";

    public string Id { get; } = Prefix + (negated ? "-" : "") + hash;
    public string Label { get; } = negated ? $"direction '{name}', negated" : $"direction '{name}'";
    public string Family => "direction";
    public string Hash { get; } = hash;

    public FeatureValues Evaluate(TokenTable t)
    {
        if (!ReferenceEquals(t, table)) throw new NotSupportedException($"{Label} has values only on the evidence it was read from");
        if (!negated) return FeatureValues.Real(values);
        var v = new float[values.Length];
        for (int i = 0; i < v.Length; i++) v[i] = -values[i];
        return FeatureValues.Real(v);
    }
}
