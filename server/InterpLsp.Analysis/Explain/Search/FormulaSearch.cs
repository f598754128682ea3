using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Features;

namespace InterpLsp.Analysis.Explain.Search;

/// <summary>
/// Compositional explanations by beam search, as Mu and Andreas (2020): start from the <see cref="BaseTerms"/>
/// set-valued candidates with the best IoU on the proposing half, extend each formula in the beam by OR, AND or
/// AND NOT with every base term, keep the <see cref="BeamWidth"/> best by IoU, up to <see cref="MaxTerms"/>
/// terms. Beam search can miss the optimum when concepts overlap (arXiv 2511.20934); the formulas it returns are
/// scored on the held-out half like any candidate. Besides the base terms, the <c>residual</c> terms may be given: the
/// concepts that best fit the firing tokens the best base term leaves out (<see cref="ResidualFires"/>,
/// <see cref="RankOnResidual"/>), so that a second part of a mixture, whose IoU against all the firing tokens is too
/// small for the <see cref="BaseTerms"/> best (the first part's near-synonyms fill them), can still join it by OR.
/// </summary>
public static class FormulaSearch
{
    public const int BaseTerms = 16;
    public const int BeamWidth = 5;
    public const int MaxTerms = 3;
    public const int Kept = 5;

    /// <param name="isSingleConcept">Which candidates may be terms: single concepts (a word or token list of several
    /// items is already a disjunction, a formula already a combination).</param>
    /// <param name="residual">Terms tried besides the base terms (after them; one already among them once).</param>
    public static List<Candidate> Search(IReadOnlyList<Candidate> candidates, Func<Candidate, bool> isSingleConcept, bool[] fires, Func<int, bool> isPropose, int proposeFires, int count,
        IReadOnlyList<Candidate>? residual = null)
    {
        var bases = Bases(candidates, isSingleConcept, fires, isPropose, proposeFires);
        if (residual is not null)
            foreach (var r in residual)
                if (r.IsSet && r.Set.Length > 0 && bases.All(x => x.Id != r.Id)) bases.Add(r);
        if (bases.Count < 2) return [];
        var beam = bases.Take(BeamWidth).Select(b => (Terms: new List<Candidate> { b }, Ops: new List<FormulaFeature.Op>(), Set: b.Set,
            IoU: SetOverlap.IoU(b.Set, fires, isPropose, proposeFires, out _, out _))).ToList();
        var found = new List<(List<Candidate> Terms, List<FormulaFeature.Op> Ops, int[] Set, double IoU)>();
        for (int len = 2; len <= MaxTerms; len++)
        {
            var next = new List<(List<Candidate> Terms, List<FormulaFeature.Op> Ops, int[] Set, double IoU)>();
            foreach (var f in beam)
                foreach (var b in bases)
                {
                    if (f.Terms.Contains(b)) continue;
                    foreach (var op in new[] { FormulaFeature.Op.Or, FormulaFeature.Op.And, FormulaFeature.Op.AndNot })
                    {
                        var set = FormulaFeature.Combine(f.Set, b.Set, op);
                        if (set.Length == 0) continue;
                        double iou = SetOverlap.IoU(set, fires, isPropose, proposeFires, out _, out _);
                        if (iou <= f.IoU) continue; // a term that does not help is not kept
                        next.Add(([.. f.Terms, b], [.. f.Ops, op], set, iou));
                    }
                }
            if (next.Count == 0) break;
            beam = next.OrderByDescending(x => x.IoU).ThenBy(x => Id(x.Terms, x.Ops), StringComparer.Ordinal).Take(BeamWidth).ToList();
            found.AddRange(beam);
        }
        return found.OrderByDescending(x => x.IoU).ThenBy(x => Id(x.Terms, x.Ops), StringComparer.Ordinal)
            .DistinctBy(x => Id(x.Terms, x.Ops)).Take(Kept)
            .Select(x =>
            {
                var feature = new FormulaFeature(x.Terms.Select(t => t.Feature).ToList(), x.Ops);
                var values = FeatureValues.Set(count, x.Set);
                return new Candidate(feature, values, x.Set);
            }).ToList();
    }

    /// <summary>The <see cref="BaseTerms"/> set-valued single concepts with the best proposing-half IoU, best first
    /// (ties by id).</summary>
    public static List<Candidate> Bases(IReadOnlyList<Candidate> candidates, Func<Candidate, bool> isSingleConcept, bool[] fires, Func<int, bool> isPropose, int proposeFires) =>
        candidates.Where(c => c.IsSet && c.Set.Length > 0 && isSingleConcept(c))
            .Select(c => (c, iou: SetOverlap.IoU(c.Set, fires, isPropose, proposeFires, out _, out _)))
            .OrderByDescending(x => x.iou).ThenBy(x => x.c.Id, StringComparer.Ordinal).Take(BaseTerms).Select(x => x.c).ToList();

    /// <summary>The firing tokens of the proposing half that <paramref name="best"/> does not hold on (a mask over all
    /// tokens, held-out ones never set), and how many.</summary>
    public static (bool[] Fires, int Count) ResidualFires(Candidate best, bool[] fires, Func<int, bool> isPropose)
    {
        var r = new bool[fires.Length];
        int n = 0;
        for (int t = 0; t < fires.Length; t++) if (fires[t] && isPropose(t)) { r[t] = true; n++; }
        foreach (int t in best.Set) if (r[t]) { r[t] = false; n--; }
        return (r, n);
    }

    /// <summary>The <paramref name="take"/> set-valued candidates with the best proposing-half IoU against the residual
    /// firing tokens (<see cref="ResidualFires"/>), best first (ties by id); none with IoU 0.</summary>
    public static List<Candidate> RankOnResidual(IEnumerable<Candidate> candidates, bool[] residual, int residualCount, Func<int, bool> isPropose, int take) =>
        candidates.Where(c => c.IsSet && c.Set.Length > 0)
            .Select(c => (c, iou: SetOverlap.IoU(c.Set, residual, isPropose, residualCount, out _, out _)))
            .Where(x => x.iou > 0)
            .OrderByDescending(x => x.iou).ThenBy(x => x.c.Id, StringComparer.Ordinal).Take(take).Select(x => x.c).ToList();

    private static string Id(List<Candidate> terms, List<FormulaFeature.Op> ops) =>
        string.Join("", terms.Select((t, i) => (i > 0 ? FormulaFeature.Word(ops[i - 1]) : "") + t.Id));
}
