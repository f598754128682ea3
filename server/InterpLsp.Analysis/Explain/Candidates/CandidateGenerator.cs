using InterpLsp.Analysis.Explain.Features;
using InterpLsp.Analysis.Explain.Pipeline;
using InterpLsp.Analysis.Explain.Search;

namespace InterpLsp.Analysis.Explain.Candidates;

/// <summary>
/// Proposes a side's candidates from the proposing half only: the words and tokens most enriched among its
/// firing tokens (<see cref="Enrichment"/>; singletons, the first 3/5/10 as sets, and the set grown greedily in
/// rank order while its IoU rises), the WordNet concepts and supersenses most enriched, every context and
/// predictability feature, the other directions, and formulas over the set-valued ones
/// (<see cref="FormulaSearch"/>).
/// </summary>
public static class CandidateGenerator
{
    public const int Singletons = 8;
    public const int RankedWords = 40;
    public const int Concepts = 40;
    public static readonly int[] PrefixSizes = [3, 5];
    /// <summary>Most words (or tokens) in the greedily grown set.</summary>
    public const int MaxSetSize = 6;

    /// <param name="fires">The tokens to explain: the side's firing tokens, or one mode's.</param>
    /// <param name="withFormulas">False for per-mode candidates.</param>
    public static List<Candidate> Propose(CandidateBase b, SideTarget side, bool[] fires, bool withFormulas, bool withOthers)
    {
        var ev = b.Evidence;
        var table = b.Table;
        bool IsPropose(int t) => !ev.IsHeldOut(t);
        int nAll = 0, nFire = 0;
        var wordFire = new Dictionary<int, double>(); var wordAll = new Dictionary<int, double>();
        var tokFire = new Dictionary<int, double>(); var tokAll = new Dictionary<int, double>();
        var conFire = new Dictionary<int, double>(); var conAll = new Dictionary<int, double>();
        for (int t = 0; t < table.Count; t++)
        {
            if (!IsPropose(t)) continue;
            nAll++;
            int w = table.Word[t], s = b.TokenString[t];
            Inc(wordAll, w); Inc(tokAll, s);
            foreach (int c in b.ConceptsOfWord[w]) Inc(conAll, c);
            if (!fires[t]) continue;
            nFire++;
            Inc(wordFire, w); Inc(tokFire, s);
            foreach (int c in b.ConceptsOfWord[w]) Inc(conFire, c);
        }
        var result = new List<Candidate>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(IFeature f, FeatureValues v, int[]? set = null)
        {
            if (!seen.Add(f.Id)) return;
            result.Add(new Candidate(f, v, set ?? v.Holds ?? SetOverlap.TopShare(v.Dense!, IsPropose, side.ProposeRate)));
        }
        if (nFire == 0) { foreach (var (f, v) in b.Fixed) Add(f, v); return result; }

        // Words and tokens.
        var words = Enrichment.Rank(wordFire, wordAll, nFire, nAll, RankedWords);
        AddSets(words.Select(x => x.Item).ToList(), b.TokensOfWord, ids => new WordSetFeature(ids.Select(i => table.Words[i])));
        var tokens = Enrichment.Rank(tokFire, tokAll, nFire, nAll, RankedWords).Where(x => b.TokenStrings[x.Item].Trim().Length > 0).ToList();
        AddSets(tokens.Select(x => x.Item).ToList(), b.TokensOfString, ids => new TokenSetFeature(ids.Select(i => b.TokenStrings[i])));
        void AddSets(List<int> ranked, int[][] lists, Func<IEnumerable<int>, IFeature> make)
        {
            void AddOf(List<int> ids)
            {
                var set = CandidateBase.Union(lists, ids);
                Add(make(ids), FeatureValues.Set(table.Count, set));
            }
            foreach (var w in ranked.Take(Singletons)) AddOf([w]);
            foreach (int k in PrefixSizes)
                if (ranked.Count >= k) AddOf(ranked.Take(k).ToList());
            // Greedy: grow in rank order while the proposing half's IoU rises (at most MaxSetSize items), counted
            // incrementally from each item's proposing-half uses and firing uses.
            var chosen = new List<int>();
            double hits = 0, holds = 0, best = 0;
            foreach (var w in ranked)
            {
                if (chosen.Count >= MaxSetSize) break;
                double h = 0, f = 0;
                foreach (int t in lists[w]) if (IsPropose(t)) { h++; if (fires[t]) f++; }
                double iou = (hits + f) / (holds + h + nFire - hits - f);
                if (iou > best) { best = iou; chosen.Add(w); hits += f; holds += h; }
            }
            if (chosen.Count > 1) AddOf(chosen);
        }

        // WordNet concepts and supersenses.
        foreach (var (c, _, _) in Enrichment.Rank(conFire, conAll, nFire, nAll, Concepts))
        {
            var f = new WordNetConceptFeature(b.Lexicon, b.ConceptKeys[c]);
            Add(f, ConceptValues(b, c));
        }

        foreach (var (f, v) in b.Fixed) Add(f, v);
        if (withOthers) foreach (var (f, v) in b.Others) Add(f, v);
        if (withFormulas)
            foreach (var f in FormulaSearch.Search(result, fires, IsPropose, nFire, table.Count)) Add(f.Feature, f.Values);
        return result;
    }

    /// <summary>The tokens of words that count under concept <paramref name="c"/>.</summary>
    public static FeatureValues ConceptValues(CandidateBase b, int c) =>
        FeatureValues.Set(b.Table.Count, CandidateBase.Union(b.TokensOfWord, b.WordsOfConcept[c]));

    private static void Inc(Dictionary<int, double> d, int k) => d[k] = d.TryGetValue(k, out var v) ? v + 1 : 1;
}
