using InterpLsp.Analysis.Explain.Features;
using InterpLsp.Analysis.Explain.Pipeline;
using InterpLsp.Analysis.Explain.Search;

namespace InterpLsp.Analysis.Explain.Families;

/// <summary>Formulas (<see cref="FormulaFeature"/>, id <c>formula:words:heat OR context:capitalised</c>): set-valued
/// single concepts (complexity 1) of the families before it joined by OR, AND and AND NOT (<see cref="FormulaSearch"/>).
/// A formula of n terms has complexity 100 n, so any single concept with its score ranks before it.</summary>
public sealed class FormulasFamily : ICandidateFamily
{
    public string Name => "formula";
    public IReadOnlyList<string> Prefixes { get; } = [FormulaFeature.Prefix];
    public int Complexity(IFeature feature) => feature is FormulaFeature f ? 100 * f.Terms.Count : 1;

    public IFeature? Parse(string id, FeatureContext context) => FormulaFeature.TryParse(id, context.Term);

    public void Propose(Proposal p)
    {
        if (!p.WithFormulas || p.ProposeFires == 0) return;
        var found = FormulaSearch.Search(p.Candidates, c => p.Families.Complexity(c.Feature) == 1, p.Fires, p.IsPropose, p.ProposeFires, p.Table.Count);
        foreach (var f in found) p.Add(f.Feature, f.Values);
    }
}
