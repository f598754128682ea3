using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Families;

namespace InterpLsp.Analysis.Explain.Features;

/// <summary>Turns a stored candidate id back into the feature, so that a stored explanation can be computed on a
/// new text: whatever family of <see cref="CandidateFamilies.Default"/> owns the id parses it, with the evidence's
/// base when one is loaded (the n-gram model, the other directions' values). Null when the id cannot be computed
/// here or is not valid.</summary>
public static class FeatureResolver
{
    public static IFeature? TryParse(string id, CandidateBase? evidenceBase)
    {
        try { return (evidenceBase?.Families ?? CandidateFamilies.Default).TryParse(id, evidenceBase); }
        catch (ArgumentException) { return null; }
    }
}
