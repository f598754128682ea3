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
    public static readonly int[] PrefixSizes = [3, 5, 10];

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
        AddSets(words.Select(x => table.Words[x.Item]).ToList(), ws => new WordSetFeature(ws));
        var tokens = Enrichment.Rank(tokFire, tokAll, nFire, nAll, RankedWords);
        AddSets(tokens.Select(x => b.TokenStrings[x.Item]).Where(s => s.Trim().Length > 0).ToList(), ts => new TokenSetFeature(ts));
        void AddSets(List<string> ranked, Func<IEnumerable<string>, IFeature> make)
        {
            foreach (var w in ranked.Take(Singletons)) { var f = make([w]); Add(f, f.Evaluate(table)); }
            foreach (int k in PrefixSizes)
                if (ranked.Count >= k) { var f = make(ranked.Take(k)); Add(f, f.Evaluate(table)); }
            // Greedy: grow in rank order while the proposing half's IoU rises.
            var chosen = new List<string>();
            double best = 0;
            FeatureValues? bestValues = null;
            IFeature? bestFeature = null;
            foreach (var w in ranked)
            {
                var f = make(chosen.Append(w));
                var v = f.Evaluate(table);
                double iou = SetOverlap.IoU(v.Holds!, fires, IsPropose, nFire, out _, out _);
                if (iou > best) { best = iou; chosen.Add(w); bestValues = v; bestFeature = f; }
            }
            if (bestFeature is not null && chosen.Count > 1) Add(bestFeature, bestValues!);
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
    public static FeatureValues ConceptValues(CandidateBase b, int c)
    {
        var table = b.Table;
        var holds = new List<int>();
        var cache = new sbyte[table.Words.Count];
        for (int t = 0; t < table.Count; t++)
        {
            int w = table.Word[t];
            if (cache[w] == 0) cache[w] = (sbyte)(Array.IndexOf(b.ConceptsOfWord[w], c) >= 0 ? 1 : -1);
            if (cache[w] == 1) holds.Add(t);
        }
        return FeatureValues.Set(table.Count, holds.ToArray());
    }

    private static void Inc(Dictionary<int, double> d, int k) => d[k] = d.TryGetValue(k, out var v) ? v + 1 : 1;
}
