using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Features;
using InterpLsp.Analysis.Explain.Pipeline;

namespace InterpLsp.Analysis.Explain.Families;

/// <summary>Predictability features (<see cref="PredictabilityFeature"/>, id <c>ngram:surprisal</c>, <c>ngram:-entropy</c>
/// for the low end) from the n-gram model trained on the evidence's texts: every kind, high and low, tried for every
/// side. Parsed only with the evidence's model loaded. They may serve the union test.</summary>
public sealed class PredictabilityFamily : ICandidateFamily
{
    public string Name => "predictability";
    public IReadOnlyList<string> Prefixes { get; } = [PredictabilityFeature.Prefix];
    public bool ServesUnion => true;

    public IFeature? Parse(string id, FeatureContext context)
    {
        if (context.Base is null) return null;
        var name = id[PredictabilityFeature.Prefix.Length..];
        bool low = name.StartsWith('-');
        return new PredictabilityFeature(context.Base.NGram, low ? name[1..] : name, low);
    }

    public object? Prepare(CandidateBase b) =>
        PredictabilityFeature.Kinds.SelectMany(kind => new[] { false, true }.Select(low => new PredictabilityFeature(b.NGram, kind, low)))
            .AsParallel().AsOrdered().Select(f => ((IFeature)f, f.Evaluate(b.Table))).ToList();

    public void Propose(Proposal p)
    {
        foreach (var (f, v) in p.Base.StateOf<List<(IFeature, FeatureValues)>>(this)) p.Add(f, v);
    }
}
