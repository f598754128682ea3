using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Families;
using InterpLsp.Analysis.Explain.Features;

namespace InterpLsp.Analysis.Explain.Pipeline;

/// <summary>
/// What <see cref="ThresholdRule"/> reads at each threshold, cheap enough to compute at every threshold of every side
/// and of every random side of the null: the best proposing-half IoU among the candidates the word-list and token-list
/// families propose (<see cref="WordsFamily"/>, <see cref="TokensFamily"/>: the items most enriched among the firing
/// tokens, alone, as the first 3 and 5, and grown greedily; <see cref="ItemSets"/>) and among the single WordNet
/// concepts (<see cref="WordNetFamily"/>) that hold on any firing token. Without the concepts the proxy prefers the
/// rarest thresholds for every direction (a list of at most 12 items can fit a few dozen firing tokens, never the
/// thousands of a broad concept), so a direction planted for a broad concept was explained by the handful of word pieces
/// at its very top. Words and token texts each partition the tokens, and a concept holds on the tokens of its words, so
/// every such candidate's proposing-half IoU follows from per-item counts: the uses per item on the proposing half
/// (counted once per evidence) and among its firing tokens (one pass over them per threshold). No candidate set is
/// built, no formula searched, no other family read.
/// </summary>
public static class ThresholdProxy
{
    /// <summary>The families the proxy reads.</summary>
    public enum Family { Words, Tokens, Concept }

    /// <summary>The proxy's best candidate at one threshold: its IoU on the proposing half, its family and items (word,
    /// token-text or concept ids: one concept).</summary>
    public sealed record Best(double IoU, Family Of, List<int> Items)
    {
        /// <summary>The candidate itself (for the threshold table).</summary>
        public Candidate ToCandidate(CandidateBase b)
        {
            if (Of == Family.Concept)
            {
                var cv = WordNetFamily.ConceptValues(b, Items[0]);
                return new Candidate(new WordNetConceptFeature(b.Lexicon, b.ConceptKeys[Items[0]]), cv, cv.Holds!);
            }
            IFeature f = Of == Family.Tokens ? new TokenSetFeature(Items.Select(i => b.TokenStrings[i])) : new WordSetFeature(Items.Select(i => b.Table.Words[i]));
            var tokensOf = Of == Family.Tokens ? b.TokensOfString : b.TokensOfWord;
            var v = FeatureValues.Set(b.Table.Count, CandidateBase.Union(tokensOf, Items));
            return new Candidate(f, v, v.Holds!);
        }
    }

    private sealed class Counts(int[] words, int[] strings, int[] concepts)
    {
        public int[] Words { get; } = words;
        public int[] Strings { get; } = strings;
        /// <summary>Proposing-half tokens per concept (the sum over its words).</summary>
        public int[] Concepts { get; } = concepts;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CandidateBase, Counts> Shared = new();

    /// <summary>Uses per word and per token text on the proposing half, once per candidate base.</summary>
    private static Counts Of(CandidateBase b) => Shared.GetValue(b, b =>
    {
        var ev = b.Evidence;
        var words = new int[b.Table.Words.Count];
        var strings = new int[b.TokenStrings.Count];
        for (int t = 0; t < b.Table.Count; t++)
        {
            if (ev.IsHeldOut(t)) continue;
            words[b.Table.Word[t]]++;
            strings[b.TokenString[t]]++;
        }
        var concepts = new int[b.WordsOfConcept.Length];
        for (int c = 0; c < concepts.Length; c++)
            foreach (int w in b.WordsOfConcept[c]) concepts[c] += words[w];
        return new Counts(words, strings, concepts);
    });

    /// <summary>The proxy at <paramref name="side"/>'s threshold.</summary>
    public static Best Compute(CandidateBase b, SideTarget side)
    {
        var counts = Of(b);
        var ev = b.Evidence;
        var fireWords = new Dictionary<int, double>();
        var fireStrings = new Dictionary<int, double>();
        var fires = side.Fires;
        for (int t = 0; t < fires.Length; t++)
        {
            if (!fires[t] || ev.IsHeldOut(t)) continue;
            Inc(fireWords, b.Table.Word[t]);
            Inc(fireStrings, b.TokenString[t]);
        }
        var w = BestOf(fireWords, counts.Words, side, _ => true, Family.Words);
        var s = BestOf(fireStrings, counts.Strings, side, i => b.TokenStrings[i].Trim().Length > 0, Family.Tokens);
        var c = BestConcept(b, fireWords, counts.Concepts, side);
        var best = s.IoU > w.IoU ? s : w;
        return c.IoU > best.IoU ? c : best;
    }

    /// <summary>The single concept with the highest proposing-half IoU among those that hold on a firing token (ties:
    /// the lower id, so the choice is the same on every run).</summary>
    private static Best BestConcept(CandidateBase b, Dictionary<int, double> fireWords, int[] all, SideTarget side)
    {
        double nf = side.ProposeFires;
        var hits = new Dictionary<int, double>();
        foreach (var (word, n) in fireWords)
            foreach (int c in b.ConceptsOfWord[word]) hits[c] = hits.TryGetValue(c, out var v) ? v + n : n;
        int bestC = -1;
        double bestIoU = 0;
        foreach (var (c, h) in hits)
        {
            double den = all[c] + nf - h;
            double iou = den > 0 ? h / den : 0;
            if (iou > bestIoU || iou == bestIoU && bestC >= 0 && c < bestC) { bestIoU = iou; bestC = c; }
        }
        return bestC < 0 ? new Best(0, Family.Concept, []) : new Best(bestIoU, Family.Concept, [bestC]);
    }

    /// <summary>As <see cref="ItemSets.Propose"/> over items ranked as <see cref="Proposal.Enriched(Func{int,int},int)"/>
    /// ranks them, each candidate's proposing-half IoU from the counts.</summary>
    private static Best BestOf(Dictionary<int, double> fire, int[] all, SideTarget side, Func<int, bool> keep, Family tokens)
    {
        double nf = side.ProposeFires;
        var allOf = new Dictionary<int, double>(fire.Count);
        foreach (var k in fire.Keys) allOf[k] = all[k];
        var ranked = Enrichment.Rank(fire, allOf, nf, side.ProposeTokens, ItemSets.Ranked).Where(x => keep(x.Item)).Select(x => x.Item).ToList();
        var best = new Best(0, tokens, []);
        void Try(List<int> ids)
        {
            double hits = 0, holds = 0;
            foreach (int i in ids) { hits += fire[i]; holds += all[i]; }
            double den = holds + nf - hits;
            double iou = den > 0 ? hits / den : 0;
            if (iou > best.IoU) best = new Best(iou, tokens, ids);
        }
        foreach (var i in ranked.Take(ItemSets.Singletons)) Try([i]);
        foreach (int k in ItemSets.PrefixSizes)
            if (ranked.Count >= k) Try(ranked.Take(k).ToList());
        var chosen = new List<int>();
        double ch = 0, cHolds = 0, top = 0;
        foreach (var i in ranked)
        {
            if (chosen.Count >= ItemSets.MaxSetSize) break;
            double h = all[i], f = fire[i];
            double iou = (ch + f) / (cHolds + h + nf - ch - f);
            if (iou > top) { top = iou; chosen.Add(i); ch += f; cHolds += h; }
        }
        if (chosen.Count > 1) Try(chosen);
        return best;
    }

    private static void Inc(Dictionary<int, double> d, int k) => d[k] = d.TryGetValue(k, out var v) ? v + 1 : 1;
}
