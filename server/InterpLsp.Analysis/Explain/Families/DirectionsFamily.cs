using InterpLsp.Analysis.Explain.Features;
using InterpLsp.Analysis.Explain.Pipeline;

namespace InterpLsp.Analysis.Explain.Families;

/// <summary>The library's other directions at the same hook (<see cref="DirectionFeature"/>, id <c>direction:HASH</c>,
/// <c>direction:-HASH</c> negated), given to one explanation's base (<see cref="Candidates.CandidateBase.WithOthers"/>);
/// not tried for the null or per mode. An id parses only on the base that holds that direction's values.</summary>
public sealed class DirectionsFamily : ICandidateFamily
{
    public string Name => "direction";
    public IReadOnlyList<string> Prefixes { get; } = [DirectionFeature.Prefix];

    public IFeature? Parse(string id, FeatureContext context) =>
        context.Base?.Others.FirstOrDefault(o => o.Feature.Id == id).Feature;

    public void Propose(Proposal p)
    {
        if (!p.WithOthers || p.ProposeFires == 0) return;
        foreach (var (f, v) in p.Base.Others) p.Add(f, v);
    }
}
