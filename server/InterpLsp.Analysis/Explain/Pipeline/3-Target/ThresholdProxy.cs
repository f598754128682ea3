using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Families;
using InterpLsp.Analysis.Explain.Features;

namespace InterpLsp.Analysis.Explain.Pipeline;

/// <summary>
/// What <see cref="ThresholdRule"/> reads at each threshold, cheap enough to compute at every threshold of every side
/// and of every random side of the null: the best IoU on the proposing half (cross-fitted for the lists) among the candidates the
/// word-list and token-list families propose (<see cref="WordsFamily"/>, <see cref="TokensFamily"/>: the items most
/// enriched among the firing tokens, alone, as the first 3 and 5, and grown greedily; <see cref="ItemSets"/>) and among
/// the WordNet concepts (<see cref="WordNetFamily"/>) that hold on any firing token, alone or the best with one of the next
/// <see cref="PairPartners"/> as their union. Without the concepts the proxy
/// prefers the rarest thresholds for every direction (a list of at most 12 items can fit a few dozen firing tokens, never
/// the thousands of a broad concept). Cross-fitted: the proposing half's texts are split in two folds (<see cref="Fold"/>);
/// each list family's best list is chosen on one fold and its IoU read on the other, both ways, and the two averaged (the
/// concepts, fixed sets, are read on the whole half: cross-fitted as well, they left two-concept directions at 0.64 in
/// the harness against 0.71 in-sample). Without
/// it the proxy still preferred the rarest thresholds, where a list grown on a few dozen firing tokens fits them by
/// construction: a direction planted for instrumentality.n.03 chose its top 0.1 % (a list of 11 words, IoU 0.35 on the
/// proposing half and 0.08 held out) over its top 1 %, where instrumentality itself had 0.32 and held out 0.33.
/// Words and token texts each partition the tokens, and a concept holds on the tokens of its words, so every such
/// candidate's IoU follows from per-item counts: the uses per item on each fold (counted once per evidence) and among
/// its firing tokens (one pass over them per threshold). No candidate set is built, no formula searched, no other
/// family read.
/// </summary>
public static class ThresholdProxy
{
    /// <summary>The families the proxy reads.</summary>
    public enum Family { Words, Tokens, Concept }

    /// <summary>The proxy's best candidate at one threshold: its cross-fitted IoU on the proposing half, its family and
    /// items (word, token-text or concept ids: one concept, or two for their union).</summary>
    public sealed record Best(double IoU, Family Of, List<int> Items)
    {
        /// <summary>The candidate itself (for the threshold table).</summary>
        public Candidate ToCandidate(CandidateBase b)
        {
            if (Of == Family.Concept)
            {
                var cv = WordNetFamily.ConceptValues(b, Items[0]);
                IFeature first = new WordNetConceptFeature(b.Lexicon, b.ConceptKeys[Items[0]]);
                if (Items.Count == 1) return new Candidate(first, cv, cv.Holds!);
                var second = WordNetFamily.ConceptValues(b, Items[1]);
                var union = FeatureValues.Set(b.Table.Count, FormulaFeature.Combine(cv.Holds!, second.Holds!, FormulaFeature.Op.Or));
                return new Candidate(new FormulaFeature([first, new WordNetConceptFeature(b.Lexicon, b.ConceptKeys[Items[1]])], [FormulaFeature.Op.Or]), union, union.Holds!);
            }
            IFeature f = Of == Family.Tokens ? new TokenSetFeature(Items.Select(i => b.TokenStrings[i])) : new WordSetFeature(Items.Select(i => b.Table.Words[i]));
            var tokensOf = Of == Family.Tokens ? b.TokensOfString : b.TokensOfWord;
            var v = FeatureValues.Set(b.Table.Count, CandidateBase.Union(tokensOf, Items));
            return new Candidate(f, v, v.Holds!);
        }
    }

    /// <summary>Per fold of the proposing half (<see cref="Fold"/>; index 2: the whole half): its tokens, and its uses per
    /// word, per token text and per concept (the sum over the concept's words).</summary>
    private sealed class Counts(int[][] words, int[][] strings, int[][] concepts, int[] tokens, int[] foldOfDoc)
    {
        public int[][] Words { get; } = words;
        public int[][] Strings { get; } = strings;
        public int[][] Concepts { get; } = concepts;
        public int[] Tokens { get; } = tokens;
        public int[] FoldOfDoc { get; } = foldOfDoc;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CandidateBase, Counts> Shared = new();

    /// <summary>Which of the two folds of the proposing half a text belongs to: the next bit of the same stable hash
    /// that puts it on the proposing half (<see cref="TokenTable.IsHeldOut(string)"/>), so a text's fold never depends on the
    /// direction.</summary>
    public static int Fold(string docKey) => (int)((InterpLsp.Analysis.Scans.StableHash.Of("explain-split:" + docKey) >> 1) & 1);

    /// <summary>The per-fold uses, once per candidate base.</summary>
    private static Counts Of(CandidateBase b) => Shared.GetValue(b, b =>
    {
        var ev = b.Evidence;
        var foldOfDoc = b.Table.DocKeys.Select(Fold).ToArray();
        var words = new[] { new int[b.Table.Words.Count], new int[b.Table.Words.Count], new int[b.Table.Words.Count] };
        var strings = new[] { new int[b.TokenStrings.Count], new int[b.TokenStrings.Count], new int[b.TokenStrings.Count] };
        var tokens = new int[3];
        for (int t = 0; t < b.Table.Count; t++)
        {
            if (ev.IsHeldOut(t)) continue;
            int f = foldOfDoc[b.Table.Doc[t]];
            words[f][b.Table.Word[t]]++; words[2][b.Table.Word[t]]++;
            strings[f][b.TokenString[t]]++; strings[2][b.TokenString[t]]++;
            tokens[f]++; tokens[2]++;
        }
        var concepts = new[] { new int[b.WordsOfConcept.Length], new int[b.WordsOfConcept.Length], new int[b.WordsOfConcept.Length] };
        for (int f = 0; f < 3; f++)
            for (int c = 0; c < b.WordsOfConcept.Length; c++)
                foreach (int w in b.WordsOfConcept[c]) concepts[f][c] += words[f][w];
        return new Counts(words, strings, concepts, tokens, foldOfDoc);
    });

    /// <summary>One fold's firing tokens: per word and per token text, and how many.</summary>
    private sealed class FoldFires
    {
        public Dictionary<int, double> Words { get; } = new();
        public Dictionary<int, double> Strings { get; } = new();
        public double Count;
    }

    /// <summary>The proxy at <paramref name="side"/>'s threshold: for the word and token lists, the list chosen on each
    /// fold of the proposing half scored on the other fold, the two IoUs averaged; for the concepts (a fixed set each,
    /// alone or two together), their IoU on the whole proposing half; the highest of the three.
    /// With <paramref name="crossFitted"/> false, chosen and read on the whole proposing half (in-sample; the residual
    /// part's choice among broader thresholds, whose residual is a few dozen tokens, too few to split again).</summary>
    public static Best Compute(CandidateBase b, SideTarget side, bool crossFitted = true)
    {
        var counts = Of(b);
        var ev = b.Evidence;
        var folds = new[] { new FoldFires(), new FoldFires(), new FoldFires() };
        var fires = side.Fires;
        for (int t = 0; t < fires.Length; t++)
        {
            if (!fires[t] || ev.IsHeldOut(t)) continue;
            var f = folds[counts.FoldOfDoc[b.Table.Doc[t]]];
            Inc(f.Words, b.Table.Word[t]);
            Inc(f.Strings, b.TokenString[t]);
            f.Count++;
            Inc(folds[2].Words, b.Table.Word[t]);
            Inc(folds[2].Strings, b.TokenString[t]);
            folds[2].Count++;
        }
        var all = folds[2];
        Func<int, bool> printable = i => b.TokenStrings[i].Trim().Length > 0;
        var w = crossFitted
            ? CrossFit(f => BestOf(folds[f].Words, counts.Words[f], folds[f].Count, counts.Tokens[f], _ => true, Family.Words),
                (f, items) => IoU(items, folds[f].Words, counts.Words[f], folds[f].Count))
            : BestOf(all.Words, counts.Words[2], all.Count, counts.Tokens[2], _ => true, Family.Words);
        var s = crossFitted
            ? CrossFit(f => BestOf(folds[f].Strings, counts.Strings[f], folds[f].Count, counts.Tokens[f], printable, Family.Tokens),
                (f, items) => IoU(items, folds[f].Strings, counts.Strings[f], folds[f].Count))
            : BestOf(all.Strings, counts.Strings[2], all.Count, counts.Tokens[2], printable, Family.Tokens);
        var c = BestConcepts(b, all.Words, counts.Words[2], counts.Concepts[2], all.Count);
        var best = s.IoU > w.IoU ? s : w;
        return c.IoU > best.IoU ? c : best;
    }

    /// <summary>Chooses on fold 0 and scores on fold 1, and the other way round: the mean of the two scores, with the
    /// items of the fold whose choice scored higher on the other (fold 0's on a tie).</summary>
    private static Best CrossFit(Func<int, Best> choose, Func<int, List<int>, double> score)
    {
        var a = choose(0);
        var b = choose(1);
        double onB = a.Items.Count > 0 ? score(1, a.Items) : 0;
        double onA = b.Items.Count > 0 ? score(0, b.Items) : 0;
        var items = onA > onB ? b.Items : a.Items;
        return new Best((onA + onB) / 2, a.Of, items);
    }

    /// <summary>IoU of a list of items (words or token texts, which partition the tokens) with one fold's firing tokens.</summary>
    private static double IoU(List<int> items, Dictionary<int, double> fire, int[] all, double nf)
    {
        double hits = 0, holds = 0;
        foreach (int i in items) { hits += fire.GetValueOrDefault(i); holds += all[i]; }
        double den = holds + nf - hits;
        return den > 0 ? hits / den : 0;
    }

    /// <summary>How many of the next best single concepts are tried as the second of a pair.</summary>
    public const int PairPartners = 20;

    /// <summary>The single concept with the highest IoU on one fold among those that hold on a firing token there (ties:
    /// the lower id, so the choice is the same on every run), or its union with one of the next
    /// <see cref="PairPartners"/> where that is higher: a direction that fires on two concepts (a mixture, a polysemantic
    /// feature) then reads at its own threshold, where each concept covers about half the firing tokens, as well as at a
    /// broader one where a single broad concept covers them all.</summary>
    private static Best BestConcepts(CandidateBase b, Dictionary<int, double> fireWords, int[] words, int[] all, double nf)
    {
        var hits = new Dictionary<int, double>();
        foreach (var (word, n) in fireWords)
            foreach (int c in b.ConceptsOfWord[word]) hits[c] = hits.TryGetValue(c, out var v) ? v + n : n;
        if (hits.Count == 0) return new Best(0, Family.Concept, []);
        double IoUOf(int c) { double den = all[c] + nf - hits[c]; return den > 0 ? hits[c] / den : 0; }
        var ranked = hits.Keys.Select(c => (C: c, IoU: IoUOf(c))).OrderByDescending(x => x.IoU).ThenBy(x => x.C).Take(PairPartners + 1).ToList();
        int c1 = ranked[0].C;
        var best = new Best(ranked[0].IoU, Family.Concept, [c1]);
        var firstWords = new HashSet<int>(b.WordsOfConcept[c1]);
        foreach (var (c2, _) in ranked.Skip(1))
        {
            double h = hits[c1], holds = all[c1];
            foreach (int w in b.WordsOfConcept[c2])
            {
                if (firstWords.Contains(w)) continue;
                h += fireWords.GetValueOrDefault(w);
                holds += words[w];
            }
            double den = holds + nf - h;
            double iou = den > 0 ? h / den : 0;
            if (iou > best.IoU) best = new Best(iou, Family.Concept, [c1, c2]);
        }
        return best;
    }

    /// <summary>As <see cref="ItemSets.Propose"/> over items ranked as <see cref="Proposal.Enriched(Func{int,int},int)"/>
    /// ranks them, on one fold: each candidate's IoU there from the counts.</summary>
    private static Best BestOf(Dictionary<int, double> fire, int[] all, double nf, int tokens, Func<int, bool> keep, Family family)
    {
        var allOf = new Dictionary<int, double>(fire.Count);
        foreach (var k in fire.Keys) allOf[k] = all[k];
        var ranked = Enrichment.Rank(fire, allOf, nf, tokens, ItemSets.Ranked).Where(x => keep(x.Item)).Select(x => x.Item).ToList();
        var best = new Best(0, family, []);
        void Try(List<int> ids)
        {
            double iou = IoU(ids, fire, all, nf);
            if (iou > best.IoU) best = new Best(iou, family, ids);
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
