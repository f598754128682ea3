using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Features;
using InterpLsp.Analysis.Explain.Modes;
using InterpLsp.Analysis.Explain.Results;

namespace InterpLsp.Analysis.Explain.Pipeline;

/// <summary>
/// The modes of a side's evidence: its proposing half's firing tokens (the <see cref="MaxPoints"/> largest)
/// clustered on their hidden states (<see cref="KMeans"/>; states centred on the mean state of
/// <see cref="Reference"/> tokens of the corpus chosen by hash); every firing token is given to its nearest
/// centroid; each mode gets its own candidates (proposed for its tokens on the proposing half, scored against
/// its tokens on the held-out half) and its share. With two or more modes, the union test: does one candidate
/// explain all the firing tokens at least as well (IoU within <see cref="CoverSlack"/>) as the modes' best
/// candidates joined by OR?
/// </summary>
public static class ModeAnalysis
{
    public const int MaxPoints = 400;
    public const int Reference = 2000;
    public const int PerMode = 3;
    public const int Examples = 5;
    public const double CoverSlack = 0.02;

    public static void Run(CandidateBase b, SideTarget side, SideScorer scorer, FieldScorer field, RandomNull nul, List<Candidate> candidates, ExplanationSide result)
    {
        var ev = b.Evidence;
        var table = b.Table;
        var fireTokens = Enumerable.Range(0, table.Count).Where(t => side.Fires[t]).ToList();
        var points = fireTokens.Where(t => !ev.IsHeldOut(t)).OrderByDescending(t => side.Value[t]).ThenBy(t => t).Take(MaxPoints).ToList();
        var reference = Enumerable.Range(0, table.Count).OrderBy(t => Scans.StableHash.Token(7, (ulong)table.Doc[t], table.Position[t])).Take(Reference).ToList();
        var mean = new float[ev.Width];
        foreach (var row in ev.States(reference)) System.Numerics.Tensors.TensorPrimitives.Add(mean, row, mean);
        if (reference.Count > 0) System.Numerics.Tensors.TensorPrimitives.Divide(mean, reference.Count, mean);
        var x = KMeans.Normalise(ev.States(points), mean);
        var clustering = KMeans.Choose(x);
        var assignAll = new int[table.Count];
        if (clustering.K > 1)
        {
            var all = KMeans.Normalise(ev.States(fireTokens), mean);
            for (int i = 0; i < fireTokens.Count; i++) assignAll[fireTokens[i]] = KMeans.Nearest(clustering, all[i]);
        }
        var modes = new List<Mode>();
        var bestPerMode = new List<Candidate>();
        var masks = new List<bool[]>();
        for (int m = 0; m < clustering.K; m++)
        {
            var mask = new bool[table.Count];
            foreach (int t in fireTokens) if (assignAll[t] == m) mask[t] = true;
            var modeSide = side.WithFires(mask);
            int size = fireTokens.Count(t => mask[t]);
            var mode = new Mode { Index = m + 1, Size = size, Share = fireTokens.Count > 0 ? (double)size / fireTokens.Count : 0 };
            mode.Examples = fireTokens.Where(t => mask[t] && !ev.IsHeldOut(t)).OrderByDescending(t => side.Value[t]).Take(Examples)
                .Select(t => new ModeExample(table.DocKeys[table.Doc[t]], table.DocTexts[table.Doc[t]], table.Start[t], table.End[t], side.Value[t])).ToList();
            if (clustering.K > 1 && modeSide.ProposeFires >= SideExplainer.MinFires / 2 && modeSide.HeldOutFires > 0)
            {
                var modeScorer = new SideScorer(modeSide);
                var proposed = CandidateGenerator.Propose(b, modeSide, mask, withFormulas: false, withOthers: false);
                var order = proposed.Select(c => (c, iou: modeScorer.QuickIoU(c.Set, out _, out _)))
                    .OrderByDescending(z => Math.Round(z.iou, 9)).ThenBy(z => SideExplainer.Complexity(z.c)).ThenBy(z => z.c.Id, StringComparer.Ordinal).ToList();
                var top = SideExplainer.Distinct(order.Select(z => z.c)).Take(PerMode).ToList();
                mode.Candidates = top.Select(c => SideExplainer.Full(modeScorer, null, nul, c)).ToList();
                if (top.Count > 0 && top[0].Set.Length > 0) { bestPerMode.Add(top[0]); masks.Add(mask); }
            }
            else if (clustering.K == 1)
                mode.Candidates = result.Candidates.Take(PerMode).ToList();
            modes.Add(mode);
        }
        result.Modes = modes;
        if (clustering.K < 2 || bestPerMode.Count < 2) return;

        // The union test.
        var union = FeatureUnion(bestPerMode, table.Count);
        var unionScored = SideExplainer.Full(scorer, null, nul, union);
        var tried = Covering(b, masks, candidates);
        var singles = tried.Select(c => (c, iou: scorer.QuickIoU(c.Set, out _, out _))).OrderByDescending(z => z.iou).ThenBy(z => z.c.Id, StringComparer.Ordinal).ToList();
        if (singles.Count == 0) return;
        var single = SideExplainer.Full(scorer, null, nul, singles[0].c);
        result.Cover = new ModeCover
        {
            UnionId = union.Id, UnionLabel = union.Feature.Label, UnionIoU = unionScored.Scores.IoU,
            SingleId = single.Id, SingleLabel = single.Label, SingleIoU = single.Scores.IoU,
            Covers = single.Significant && single.Scores.IoU.Value >= unionScored.Scores.IoU.Value - CoverSlack,
            Tried = tried.Select(c => c.Feature.Label).Take(20).ToList(),
        };
        if (result.Cover.Covers && result.Candidates.All(c => c.Id != single.Id)) result.Candidates.Insert(0, single);
    }

    /// <summary>The modes' best candidates joined by OR (their sets' union; real-valued parts by their top tokens).</summary>
    private static Candidate FeatureUnion(List<Candidate> parts, int count)
    {
        var set = parts[0].Set;
        for (int i = 1; i < parts.Count; i++) set = FormulaFeature.Combine(set, parts[i].Set, FormulaFeature.Op.Or);
        var f = new FormulaFeature(parts.Select(p => p.Feature).ToList(), Enumerable.Repeat(FormulaFeature.Op.Or, parts.Count - 1).ToList());
        return new Candidate(f, FeatureValues.Set(count, set), set);
    }

    /// <summary>Candidates for one concept covering the modes: the <see cref="CoverConcepts"/> WordNet concepts
    /// (synsets with their hyponyms, supersenses) whose smallest share of a mode's proposing-half firing tokens is
    /// largest (at least <see cref="MinModeShare"/> of every mode), the predictability features, and the side's
    /// WordNet candidates.</summary>
    private static List<Candidate> Covering(CandidateBase b, List<bool[]> masks, List<Candidate> sideCandidates)
    {
        var table = b.Table;
        var ev = b.Evidence;
        var shares = new List<Dictionary<int, double>>();
        foreach (var mask in masks)
        {
            var counts = new Dictionary<int, double>();
            int n = 0;
            for (int t = 0; t < table.Count; t++)
            {
                if (!mask[t] || ev.IsHeldOut(t)) continue;
                n++;
                foreach (int c in b.ConceptsOfWord[table.Word[t]]) counts[c] = counts.TryGetValue(c, out var v) ? v + 1 : 1;
            }
            shares.Add(counts.ToDictionary(kv => kv.Key, kv => n > 0 ? kv.Value / n : 0));
        }
        var common = shares[0].Keys.Select(c => (c, min: shares.Min(s => s.TryGetValue(c, out var v) ? v : 0)))
            .Where(z => z.min >= MinModeShare).OrderByDescending(z => z.min).ThenBy(z => z.c).Take(CoverConcepts).Select(z => z.c);
        var result = new List<Candidate>();
        foreach (int c in common)
        {
            var f = new WordNetConceptFeature(b.Lexicon, b.ConceptKeys[c]);
            var v = CandidateGenerator.ConceptValues(b, c);
            result.Add(new Candidate(f, v, v.Holds!));
        }
        var ids = new HashSet<string>(result.Select(r => r.Id));
        foreach (var c in sideCandidates) if (c.Feature.Family is "predictability" or "wordnet" or "lexname" && ids.Add(c.Id)) result.Add(c);
        return result;
    }

    public const int CoverConcepts = 30;
    public const double MinModeShare = 0.1;
}
