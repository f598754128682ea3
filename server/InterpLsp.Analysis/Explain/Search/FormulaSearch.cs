using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Features;

namespace InterpLsp.Analysis.Explain.Search;

/// <summary>
/// Compositional explanations by beam search, as Mu and Andreas (2020): start from the <see cref="BaseTerms"/>
/// set-valued candidates with the best IoU on the proposing half, extend each formula in the beam by OR, AND or
/// AND NOT with every base term, keep the <see cref="BeamWidth"/> best by IoU, up to <see cref="MaxTerms"/>
/// terms. Beam search can miss the optimum when concepts overlap (arXiv 2511.20934); the formulas it returns are
/// scored on the held-out half like any candidate.
/// </summary>
public static class FormulaSearch
{
    public const int BaseTerms = 16;
    public const int BeamWidth = 5;
    public const int MaxTerms = 3;
    public const int Kept = 5;

    /// <param name="isSingleConcept">Which candidates may be terms: single concepts (a word or token list of several
    /// items is already a disjunction, a formula already a combination).</param>
    public static List<Candidate> Search(IReadOnlyList<Candidate> candidates, Func<Candidate, bool> isSingleConcept, bool[] fires, Func<int, bool> isPropose, int proposeFires, int count)
    {
        var bases = candidates.Where(c => c.IsSet && c.Set.Length > 0 && isSingleConcept(c))
            .Select(c => (c, iou: SetOverlap.IoU(c.Set, fires, isPropose, proposeFires, out _, out _)))
            .OrderByDescending(x => x.iou).ThenBy(x => x.c.Id, StringComparer.Ordinal).Take(BaseTerms).Select(x => x.c).ToList();
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

    private static string Id(List<Candidate> terms, List<FormulaFeature.Op> ops) =>
        string.Join("", terms.Select((t, i) => (i > 0 ? FormulaFeature.Word(ops[i - 1]) : "") + t.Id));
}
