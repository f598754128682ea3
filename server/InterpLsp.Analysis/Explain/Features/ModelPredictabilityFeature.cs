using InterpLsp.Analysis.Explain.Evidence;
using InterpLsp.Analysis.Explain.Predictability;

namespace InterpLsp.Analysis.Explain.Features;

/// <summary>
/// How predictable a token is to the causal model itself (<see cref="ModelNextToken"/>): <c>model:entropy</c> (nats,
/// the entropy of the model's distribution over the next token after this one) and <c>model:surprisal</c> (nats,
/// -ln p(this token | the tokens before)); with <c>-</c> before the name the value is negated ("low entropy"). The
/// field's reading of "this direction tracks the entropy", tested on the model rather than a corpus n-gram.
/// </summary>
public sealed class ModelPredictabilityFeature : IFeature
{
    public const string Prefix = "model:";
    public static readonly string[] Kinds = ["entropy", "surprisal"];

    private readonly ModelNextToken _values;

    public ModelPredictabilityFeature(ModelNextToken values, string kind, bool low)
    {
        if (!Kinds.Contains(kind)) throw new ArgumentException($"no model predictability feature '{kind}' (one of {string.Join(", ", Kinds)})");
        _values = values; Kind = kind; Low = low;
        Id = Prefix + (low ? "-" : "") + kind;
        Label = (kind, low) switch
        {
            ("surprisal", false) => "high surprisal to the model (tokens it did not expect)",
            ("surprisal", true) => "low surprisal to the model (tokens it expected)",
            (_, false) => "high next-token entropy of the model (it is unsure what follows)",
            _ => "low next-token entropy of the model (it is sure what follows)",
        };
    }

    public string Kind { get; }
    public bool Low { get; }
    public string Id { get; }
    public string Label { get; }
    public string Family => "predictability";

    public FeatureValues Evaluate(TokenTable table)
    {
        var source = Kind == "entropy" ? _values.Entropy : _values.Surprisal;
        if (source.Length != table.Count)
            throw new ArgumentException($"{Id} holds {source.Length} tokens; the table has {table.Count}");
        var v = new float[source.Length];
        for (int t = 0; t < v.Length; t++) v[t] = Low ? -source[t] : source[t];
        return FeatureValues.Real(v);
    }
}
