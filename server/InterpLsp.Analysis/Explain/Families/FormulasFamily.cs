using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Features;
using InterpLsp.Analysis.Explain.Pipeline;
using InterpLsp.Analysis.Explain.Search;

namespace InterpLsp.Analysis.Explain.Families;

/// <summary>Formulas (<see cref="FormulaFeature"/>, id <c>formula:words:heat OR context:capitalised</c>): set-valued
/// single concepts (complexity 1) of the families before it joined by OR, AND and AND NOT (<see cref="FormulaSearch"/>).
/// A formula of n terms has complexity 100 n, so any single concept with its score ranks before it. Besides the single
/// concepts proposed for all the firing tokens, the terms include the <see cref="ResidualTerms"/> WordNet concepts that
/// best fit the residual: the proposing half's firing tokens that the best single concept misses
/// (<see cref="Residual"/>). A direction that fires on two concepts, one of them rare among its firing tokens, is then
/// explained by "A OR B" where the rare part alone would never rank among the terms. The null's random sides run the
/// same proposal, so the formulas' p stays honest.</summary>
public sealed class FormulasFamily : ICandidateFamily
{
    /// <summary>How many residual concepts join the formula search's terms.</summary>
    public const int ResidualTerms = 4;
    /// <summary>Fewest residual firing tokens (proposing half) for a residual proposal.</summary>
    public const int MinResidual = 5;

    public string Name => "formula";
    public IReadOnlyList<string> Prefixes { get; } = [FormulaFeature.Prefix];
    public int Complexity(IFeature feature) => feature is FormulaFeature f ? 100 * f.Terms.Count : 1;

    public IFeature? Parse(string id, FeatureContext context) => FormulaFeature.TryParse(id, context.Term);

    public void Propose(Proposal p)
    {
        if (!p.WithFormulas || p.ProposeFires == 0) return;
        bool Single(Candidate c) => p.Families.Complexity(c.Feature) == 1;
        var found = FormulaSearch.Search(p.Candidates, Single, p.Fires, p.IsPropose, p.ProposeFires, p.Table.Count, Residual(p, Single));
        foreach (var f in found) p.Add(f.Feature, f.Values);
    }

    /// <summary>The WordNet concepts proposed for the residual firing tokens (those of the proposing half the best base
    /// term misses, <see cref="FormulaSearch.ResidualFires"/>), the <see cref="ResidualTerms"/> best on them.</summary>
    public static List<Candidate> Residual(Proposal p, Func<Candidate, bool> isSingleConcept)
    {
        var bases = FormulaSearch.Bases(p.Candidates, isSingleConcept, p.Fires, p.IsPropose, p.ProposeFires);
        if (bases.Count == 0) return [];
        var (residual, n) = FormulaSearch.ResidualFires(bases[0], p.Fires, p.IsPropose);
        if (n < MinResidual) return [];
        var sub = new Proposal(p.Base, p.Side, residual, withFormulas: false, withOthers: false, p.Families);
        foreach (var family in p.Families.Families.OfType<WordNetFamily>()) family.Propose(sub);
        return FormulaSearch.RankOnResidual(sub.Candidates.Where(isSingleConcept), residual, n, p.IsPropose, ResidualTerms);
    }
}
