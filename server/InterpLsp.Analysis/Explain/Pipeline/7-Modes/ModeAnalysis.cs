using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Modes;
using InterpLsp.Analysis.Explain.Results;

namespace InterpLsp.Analysis.Explain.Pipeline;

/// <summary>
/// Stage 7: the modes of a side's evidence: its proposing half's firing tokens (the <see cref="MaxPoints"/> largest)
/// clustered on their hidden states (<see cref="KMeans"/>; states centred on the mean state of
/// <see cref="Reference"/> tokens of the corpus chosen by hash); every firing token is given to its nearest
/// centroid; each mode gets its own candidates (proposed for its tokens on the proposing half, scored against
/// its tokens on the held-out half) and its share. With two or more modes, the <see cref="UnionTest"/>.
/// </summary>
public static class ModeAnalysis
{
    public const int MaxPoints = 400;
    public const int Reference = 2000;
    public const int PerMode = 3;
    public const int Examples = 5;

    public static void Run(CandidateBase b, SideTarget side, SideScorer scorer, RandomNull nul, List<Candidate> candidates, ExplanationSide result)
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
                var top = CandidateRanking.Distinct(CandidateRanking.Rank(proposed, modeScorer, b.Families)).Take(PerMode).ToList();
                mode.Candidates = top.Select(c => CandidateScoring.Full(modeScorer, null, nul, c)).ToList();
                if (top.Count > 0 && top[0].Set.Length > 0) { bestPerMode.Add(top[0]); masks.Add(mask); }
            }
            else if (clustering.K == 1)
                mode.Candidates = result.Candidates.Take(PerMode).ToList();
            modes.Add(mode);
        }
        result.Modes = modes;
        if (clustering.K < 2 || bestPerMode.Count < 2) return;
        result.Target = side;
        result.ModeMasks = masks;
        UnionTest.Run(b, scorer, nul, bestPerMode, masks, candidates, result);
    }
}
