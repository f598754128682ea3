using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Coverage;
using InterpLsp.Analysis.Explain.Results;

namespace InterpLsp.Analysis.Explain.Pipeline;

/// <summary>Stage 6: how much of the side's values the significant listed candidates account for together, a linear
/// fit chosen greedily (<see cref="GreedyCoverage"/>) with its held-out R²; null when none is significant or no fit
/// is found.</summary>
public static class CoverageStage
{
    public static Results.Coverage? Fit(SideTarget side, IReadOnlyList<ScoredCandidate> listed, IReadOnlyDictionary<string, Candidate> byId)
    {
        var pool = listed.Where(s => s.Significant).Select(s => byId[s.Id]).ToList();
        if (GreedyCoverage.Select(side, pool) is not { } fit) return null;
        return new Results.Coverage
        {
            Terms = fit.Terms.Select(t => t.Id).ToList(), Labels = fit.Terms.Select(t => t.Feature.Label).ToList(),
            Coefficients = fit.Coefficients.ToList(), Intercept = fit.Intercept, Mean = fit.Mean, R2 = GreedyCoverage.HeldOut(side, fit),
        };
    }
}
