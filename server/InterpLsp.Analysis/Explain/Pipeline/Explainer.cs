using System.Diagnostics;
using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Evidence;
using InterpLsp.Analysis.Explain.Results;

namespace InterpLsp.Analysis.Explain.Pipeline;

/// <summary>The whole explanation of one direction's values on the evidence: both sides, each against the same
/// random-direction null, under the rules of <see cref="ExplanationRules"/>.</summary>
public static class Explainer
{
    /// <summary>Fewest held-out texts and tokens an explanation is computed from.</summary>
    public const int MinDocuments = 40, MinTokens = 400;

    /// <param name="naturalBoundary">True when the direction's value has a natural boundary at 0 (a probe's logit, an
    /// SAE feature's activation: <see cref="ThresholdRule.HasNaturalBoundary"/>): 0 is tried as a threshold too.</param>
    public static ExplanationResult Explain(CandidateBase b, RandomNull nul, float[] values, string name, string hash, CancellationToken cancellation,
        bool naturalBoundary = false)
    {
        var clock = Stopwatch.StartNew();
        var ev = b.Evidence;
        CheckSize(ev);
        CheckValues(values);
        var result = new ExplanationResult
        {
            Direction = name, DirectionHash = hash, Hook = ev.Hook, ModelId = ev.ModelId, CorpusId = ev.CorpusId, CorpusHash = ev.CorpusHash,
            Documents = ev.Table.Documents, Tokens = ev.Table.Count,
            ProposeDocuments = ev.HeldOutDoc.Count(h => !h), HeldOutDocuments = ev.HeldOutDoc.Count(h => h),
            Rules = ExplanationRules.For(naturalBoundary) with { RandomDirections = RandomNull.Directions },
        };
        // The two sides are independent: explained at once, one per core.
        var timings = new[] { new Dictionary<string, double>(), new Dictionary<string, double>() };
        var sides = new ExplanationSide[2];
        Parallel.For(0, 2, new ParallelOptions { CancellationToken = cancellation }, i =>
            sides[i] = SideExplainer.Explain(b, values, i == 1, naturalBoundary, nul, cancellation, timings[i]));
        result.Sides.AddRange(sides);
        foreach (var f in b.Families.Families) if (f.Note(b) is { } note) result.Warnings.Add(note);
        foreach (var t in timings) foreach (var (k, v) in t) result.Timings[k] = v;
        result.Verdict = JoinVerdicts(result.Sides);
        result.Seconds = Math.Round(clock.Elapsed.TotalSeconds, 2);
        return result;
    }

    /// <summary>The explanation's verdict: each side's (the negative side's only when it fires), named.</summary>
    public static string JoinVerdicts(IEnumerable<ExplanationSide> sides) =>
        string.Join("; ", sides.Where(s => s.Side == "positive" || s.VerdictKind != "never_fires").Select(s => $"{s.Side} side: {s.Verdict}"));

    /// <summary>Refuses a direction whose values are all equal on the evidence: no threshold separates any token from
    /// the rest, so there is nothing to explain (and no verdict is made up).</summary>
    public static void CheckValues(float[] values)
    {
        if (values.Length == 0) return;
        float first = values[0];
        foreach (var v in values) if (!(v == first)) return;
        throw new ArgumentException($"no threshold exists: the direction's value is {first:G6} on all {values.Length:N0} tokens of the evidence, "
            + "so no token is above or below any other and there is nothing to explain (is the direction all zeros, or the hook's states constant?)");
    }

    /// <summary>Refuses evidence too small to split, naming the sizes needed.</summary>
    public static void CheckSize(ExplainEvidence ev)
    {
        int heldDocs = ev.HeldOutDoc.Count(h => h), proposeDocs = ev.HeldOutDoc.Length - heldDocs;
        int heldTokens = 0;
        for (int t = 0; t < ev.Table.Count; t++) if (ev.IsHeldOut(t)) heldTokens++;
        CheckSizes(ev.CorpusId, proposeDocs, heldDocs, ev.Table.Count - heldTokens, heldTokens);
    }

    public static void CheckSizes(string corpusId, int proposeDocs, int heldDocs, int proposeTokens, int heldTokens)
    {
        if (Math.Min(heldDocs, proposeDocs) < MinDocuments || Math.Min(heldTokens, proposeTokens) < MinTokens)
            throw new ArgumentException($"the corpus {corpusId} is too small to split into a half that proposes explanations and a half that scores them: "
                + $"{proposeDocs} and {heldDocs} texts, {proposeTokens} and {heldTokens} tokens; each half needs at least {MinDocuments} texts and {MinTokens} tokens "
                + $"(about {2 * MinDocuments} texts in all)");
    }
}
