using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Features;
using InterpLsp.Analysis.Explain.Pipeline;

namespace InterpLsp.Analysis.Explain.Families;

/// <summary>
/// How the list families (words, tokens) propose: from their items ranked by enrichment, the first
/// <see cref="Singletons"/> alone, the first 3 and 5 as sets (<see cref="PrefixSizes"/>), and the set grown greedily
/// in rank order while the proposing half's IoU rises (at most <see cref="MaxSetSize"/> items: a concept whose words are
/// many, such as temperature's cold, cool, degrees, freezing, heat, hot, ice, winter..., needs a dozen).
/// </summary>
public static class ItemSets
{
    public const int Singletons = 8;
    /// <summary>How many ranked items are considered.</summary>
    public const int Ranked = 40;
    public static readonly int[] PrefixSizes = [3, 5];
    /// <summary>Most items in the greedily grown set.</summary>
    public const int MaxSetSize = 12;

    /// <param name="ranked">Item ids, best first.</param>
    /// <param name="tokensOf">Per item id, its tokens (ascending).</param>
    /// <param name="make">The feature of a list of item ids.</param>
    public static void Propose(Proposal p, List<int> ranked, int[][] tokensOf, Func<IEnumerable<int>, IFeature> make)
    {
        void AddOf(List<int> ids) => p.Add(make(ids), FeatureValues.Set(p.Table.Count, CandidateBase.Union(tokensOf, ids)));
        foreach (var w in ranked.Take(Singletons)) AddOf([w]);
        foreach (int k in PrefixSizes)
            if (ranked.Count >= k) AddOf(ranked.Take(k).ToList());
        // Greedy: grow in rank order while the proposing half's IoU rises, counted incrementally from each item's
        // proposing-half uses and firing uses.
        var chosen = new List<int>();
        double hits = 0, holds = 0, best = 0;
        foreach (var w in ranked)
        {
            if (chosen.Count >= MaxSetSize) break;
            double h = 0, f = 0;
            foreach (int t in tokensOf[w]) if (p.IsPropose(t)) { h++; if (p.Fires[t]) f++; }
            double iou = (hits + f) / (holds + h + p.ProposeFires - hits - f);
            if (iou > best) { best = iou; chosen.Add(w); hits += f; holds += h; }
        }
        if (chosen.Count > 1) AddOf(chosen);
    }
}
