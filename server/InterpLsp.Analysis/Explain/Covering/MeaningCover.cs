using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Evidence;
using InterpLsp.Analysis.Explain.Pipeline;
using InterpLsp.Analysis.Explain.Results;
using InterpLsp.Analysis.Explain.Scoring;
using InterpLsp.Analysis.Explain.WordNet;
using InterpLsp.Analysis.Scans;

namespace InterpLsp.Analysis.Explain.Covering;

/// <summary>
/// The covering search by meaning, for a side with two or more modes (after the union test): abstract concepts that may
/// cover modes sharing no WordNet ancestor below "abstraction" (heat and mixing: entropy? thermodynamics? disorder?).
/// The rule, stated:
/// 1. Contexts: a token's context is its text cut at white space to about <see cref="ContextChars"/> characters either
///    side of it (a few words: what the sentence model reads is the token's own meaning, not the topic of the text).
///    On the proposing half, up to <see cref="PerMode"/> tokens of each mode and <see cref="Background"/> tokens where the
///    side does not fire, chosen by a stable hash; on the held-out half, up to <see cref="HeldOut"/> of each kind.
/// 2. Choice (proposing half only): each mode's direction of meaning is the mean embedding of its contexts minus the
///    mean of the non-firing ones; a gloss's selection score is its smallest cosine with those directions over the
///    modes; the <see cref="Tried"/> glosses of the <see cref="GlossIndex"/> with the highest selection are tried.
/// 3. Scores (held-out half): each tried gloss as a free-text hypothesis, delphi's embedding scorer (the AUROC of the
///    gloss's cosine with each context, firing against not; bootstrap interval over the contexts); beside it the
///    AUROCs of <see cref="RandomGlosses"/> random glosses of the index (seeded), its p the share of them at least as
///    high, and the modes' candidates joined by OR scored on the same contexts (a 0/1 score).
/// 4. It covers when the first concept chosen beats the random glosses (p &lt; 0.05) and reaches the union's AUROC
///    within <see cref="UnionTest.CoverSlack"/>. Every concept tried is shown, with its scores, whether or not it wins.
/// </summary>
public static class MeaningCover
{
    public const int ContextChars = 40, PerMode = 16, Background = 48, HeldOut = 48, Tried = 8, RandomGlosses = 200;
    public const double Alpha = 0.05;
    private const ulong Seed = 17;

    /// <summary>Runs the search for every side of <paramref name="result"/> that has modes and a union test, adding
    /// <see cref="ModeCover.ByMeaning"/> and the verdict's sentence on it.</summary>
    /// <param name="embed">Unit-length sentence embeddings of texts, in order (the embedded sentence model, on the
    /// engine's queue).</param>
    public static void Run(CandidateBase b, ExplanationResult result, GlossIndex index, Func<IReadOnlyList<string>, CancellationToken, float[][]> embed,
        CancellationToken cancellation)
    {
        foreach (var side in result.Sides)
        {
            if (side is not { Cover: { } cover, Target: { } target, ModeMasks: { Count: >= 2 } masks, UnionSet: { } union }) continue;
            cover.ByMeaning = Search(b, target, masks, union, index, embed, cancellation, result.Timings, side.Side);
            VerdictWriter.AddMeaning(side);
        }
        result.Verdict = Explainer.JoinVerdicts(result.Sides);
    }

    /// <param name="selectionScores">Given every gloss's selection score, by index position (for diagnostics).</param>
    /// <param name="timings">Where the search's phases are timed (<c>SIDE.meaning.embed</c>, <c>.choose</c>, <c>.score</c>), when given.</param>
    public static MeaningCoverResult? Search(CandidateBase b, SideTarget side, IReadOnlyList<bool[]> masks, int[] union, GlossIndex index,
        Func<IReadOnlyList<string>, CancellationToken, float[][]> embed, CancellationToken cancellation,
        Dictionary<string, double>? timings = null, string sideName = "side", Action<double[]>? selectionScores = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        void Lap(string phase) { if (timings is not null) timings[$"{sideName}.meaning.{phase}"] = Math.Round(clock.Elapsed.TotalSeconds, 3); clock.Restart(); }
        var table = b.Table;
        var ev = b.Evidence;
        List<int> Pick(Func<int, bool> keep, int take, ulong salt) => Enumerable.Range(0, table.Count).Where(keep)
            .OrderBy(t => StableHash.Token(Seed ^ salt, (ulong)table.Doc[t], table.Position[t])).ThenBy(t => t).Take(take).ToList();
        var modeTokens = masks.Select((m, i) => Pick(t => m[t] && !ev.IsHeldOut(t), PerMode, (ulong)i + 1)).ToList();
        var background = Pick(t => !side.Fires[t] && !ev.IsHeldOut(t), Background, 100);
        var heldFire = Pick(t => side.Fires[t] && ev.IsHeldOut(t), HeldOut, 200);
        var heldRest = Pick(t => !side.Fires[t] && ev.IsHeldOut(t), HeldOut, 300);
        if (modeTokens.Any(m => m.Count == 0) || background.Count == 0 || heldFire.Count == 0 || heldRest.Count == 0) return null;

        var tokens = modeTokens.SelectMany(m => m).Concat(background).Concat(heldFire).Concat(heldRest).ToList();
        Lap("contexts");
        var e = embed(tokens.Select(t => Context(table, t)).ToList(), cancellation);
        Lap("embed");
        if (e.Length != tokens.Count || e.Any(v => v.Length != index.Dimension))
            throw new InvalidOperationException($"the sentence model gave {e.Length} embeddings of {e.FirstOrDefault()?.Length ?? 0} values; the glosses have {index.Dimension}");
        int at = 0;
        float[][] Take(int n) { var r = e[at..(at + n)]; at += n; return r; }
        var modeE = modeTokens.Select(m => Take(m.Count)).ToList();
        var backE = Take(background.Count);
        var fireE = Take(heldFire.Count);
        var restE = Take(heldRest.Count);

        // 2. The choice, on the proposing half.
        var backMean = Mean(backE);
        var directions = modeE.Select(m => Unit(Subtract(Mean(m), backMean))).ToList();
        var selection = new double[index.Count];
        for (int i = 0; i < index.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            double min = double.MaxValue;
            foreach (var d in directions) min = Math.Min(min, index.Dot(i, d));
            selection[i] = min;
        }
        var chosen = Enumerable.Range(0, index.Count).OrderByDescending(i => selection[i]).ThenBy(i => index.Synsets[i], StringComparer.Ordinal).Take(Tried).ToList();

        selectionScores?.Invoke(selection);
        Lap("choose");
        // 3. The scores, on the held-out half.
        var contexts = fireE.Concat(restE).ToArray();
        var labels = fireE.Select(_ => true).Concat(restE.Select(_ => false)).ToArray();
        var boot = new DocumentBootstrap(contexts.Length, SideScorer.Replicates, SideScorer.Seed);
        float[] Cosines(int i) => contexts.Select(c => (float)index.Dot(i, c)).ToArray();
        var chosenSet = chosen.ToHashSet();
        var randoms = Enumerable.Range(0, index.Count).Where(i => !chosenSet.Contains(i))
            .OrderBy(i => StableHash.Of($"random-gloss:{Seed}:{index.Synsets[i]}")).Take(RandomGlosses).ToList();
        var randomAuroc = randoms.Select(i => ExplanationMetrics.Auroc(Cosines(i), labels)).OrderBy(v => v).ToArray();
        double randomMean = randomAuroc.Length > 0 ? randomAuroc.Average() : double.NaN;
        double randomP95 = DocumentBootstrap.Percentile(randomAuroc, 0.95);
        var lexicon = b.Lexicon;
        var tried = new List<CoveringConcept>();
        foreach (int i in chosen)
        {
            var scores = Cosines(i);
            double auroc = ExplanationMetrics.Auroc(scores, labels);
            var (lo, hi) = boot.AurocInterval(scores, labels);
            var key = index.Synsets[i];
            tried.Add(new CoveringConcept
            {
                Synset = key,
                Label = lexicon.Contains(key) ? $"{lexicon.Name(key)} ({string.Join(", ", lexicon.Lemmas(key).Select(l => l.Replace('_', ' ')))})" : key,
                Gloss = lexicon.Contains(key) ? lexicon.Definition(key) : "",
                Selection = Math.Round(selection[i], 4),
                Auroc = new Score(Math.Round(auroc, 4), Math.Round(lo, 4), Math.Round(hi, 4), contexts.Length),
                P = Math.Round((1.0 + randomAuroc.Count(v => v >= auroc)) / (1.0 + randomAuroc.Length), 4),
                RandomMean = Math.Round(randomMean, 4), RandomP95 = Math.Round(randomP95, 4),
            });
        }
        var unionSet = union.ToHashSet();
        var unionScores = heldFire.Concat(heldRest).Select(t => unionSet.Contains(t) ? 1f : 0f).ToArray();
        var (ulo, uhi) = boot.AurocInterval(unionScores, labels);
        var unionAuroc = new Score(Math.Round(ExplanationMetrics.Auroc(unionScores, labels), 4), Math.Round(ulo, 4), Math.Round(uhi, 4), contexts.Length);
        var first = tried[0];
        Lap("score");
        return new MeaningCoverResult
        {
            Tried = tried, UnionAuroc = unionAuroc, Activating = heldFire.Count, NonActivating = heldRest.Count, Pool = index.Count, RandomGlosses = randomAuroc.Length,
            Covers = first.P < Alpha && first.Auroc.Value >= unionAuroc.Value - UnionTest.CoverSlack,
        };
    }

    /// <summary>Token <paramref name="t"/>'s context: its text, cut at white space to about <see cref="ContextChars"/>
    /// characters either side of the token.</summary>
    public static string Context(TokenTable table, int t)
    {
        var text = table.DocTexts[table.Doc[t]];
        int from = Math.Max(0, table.Start[t] - ContextChars), to = Math.Min(text.Length, table.End[t] + ContextChars);
        if (from > 0) { int sp = text.IndexOf(' ', from); if (sp >= 0 && sp < table.Start[t]) from = sp + 1; }
        if (to < text.Length) { int sp = text.LastIndexOf(' ', to - 1); if (sp >= table.End[t]) to = sp; }
        return text[from..to];
    }

    private static float[] Mean(float[][] vs)
    {
        var m = new float[vs[0].Length];
        foreach (var v in vs) System.Numerics.Tensors.TensorPrimitives.Add(m, v, m);
        System.Numerics.Tensors.TensorPrimitives.Divide(m, vs.Length, m);
        return m;
    }

    private static float[] Subtract(float[] a, float[] b) { var r = new float[a.Length]; System.Numerics.Tensors.TensorPrimitives.Subtract(a, b, r); return r; }

    private static float[] Unit(float[] v)
    {
        float n = System.Numerics.Tensors.TensorPrimitives.Norm(v);
        if (n > 0) System.Numerics.Tensors.TensorPrimitives.Divide(v, n, v);
        return v;
    }
}
