using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Features;
using InterpLsp.Analysis.Explain.Pipeline;

namespace InterpLsp.Analysis.Explain.Families;

/// <summary>Predictability features (<see cref="PredictabilityFeature"/>, id <c>ngram:surprisal</c>, <c>ngram:-entropy</c>
/// for the low end) from the n-gram model trained on the evidence's texts, and on a causal model's evidence the model's
/// own next-token entropy and surprisal (<see cref="ModelPredictabilityFeature"/>, <c>model:entropy</c>): every kind,
/// high and low, tried for every side and for the null's random directions alike. Parsed only with the evidence's
/// values loaded. They may serve the union test.</summary>
public sealed class PredictabilityFamily : ICandidateFamily
{
    public string Name => "predictability";
    public IReadOnlyList<string> Prefixes { get; } = [PredictabilityFeature.Prefix, ModelPredictabilityFeature.Prefix];
    public bool ServesUnion => true;

    public IFeature? Parse(string id, FeatureContext context)
    {
        if (context.Base is null) return null;
        if (id.StartsWith(ModelPredictabilityFeature.Prefix, StringComparison.Ordinal))
        {
            var kind = id[ModelPredictabilityFeature.Prefix.Length..];
            bool lowModel = kind.StartsWith('-');
            return context.Base.NextToken is { } values ? new ModelPredictabilityFeature(values, lowModel ? kind[1..] : kind, lowModel) : null;
        }
        var name = id[PredictabilityFeature.Prefix.Length..];
        bool low = name.StartsWith('-');
        return new PredictabilityFeature(context.Base.NGram, low ? name[1..] : name, low);
    }

    public object? Prepare(CandidateBase b)
    {
        var features = PredictabilityFeature.Kinds.SelectMany(kind => new[] { false, true }.Select(low => (IFeature)new PredictabilityFeature(b.NGram, kind, low)));
        if (b.NextToken is { } values)
            features = features.Concat(ModelPredictabilityFeature.Kinds.SelectMany(kind =>
                new[] { false, true }.Select(low => (IFeature)new ModelPredictabilityFeature(values, kind, low))));
        return features.AsParallel().AsOrdered().Select(f => (f, f.Evaluate(b.Table))).ToList();
    }

    /// <summary>The null's cache key names the model whose next-token values are candidates, when they are.</summary>
    public string Key(CandidateBase b) => b.NextToken is { } v ? $"{Name}(model:{v.ModelId})" : Name;

    public void Propose(Proposal p)
    {
        foreach (var (f, v) in p.Base.StateOf<List<(IFeature, FeatureValues)>>(this)) p.Add(f, v);
    }
}
