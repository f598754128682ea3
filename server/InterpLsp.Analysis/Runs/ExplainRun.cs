using System.Diagnostics;
using InterpLsp.Analysis.ActivationStore;
using InterpLsp.Analysis.Corpora;
using InterpLsp.Analysis.Engine;
using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Covering;
using InterpLsp.Analysis.Explain.Evidence;
using InterpLsp.Analysis.Explain.Features;
using InterpLsp.Analysis.Explain.Hypotheses;
using InterpLsp.Analysis.Explain.Pipeline;
using InterpLsp.Analysis.Explain.Results;
using InterpLsp.Analysis.Explain.Scoring;
using InterpLsp.Analysis.Explain.WordNet;
using InterpLsp.Analysis.Scans;
using InterpLsp.Interp.Directions;
using InterpLsp.Library;

namespace InterpLsp.Analysis.Runs;

/// <summary>
/// Candidate explanations of a direction, the same for <c>interp-lsp explain</c>, <c>interp-lsp test-explanation</c>
/// and the LSP's <c>interp.explain</c> / <c>interp.testExplanation</c>: the evidence comes from the activation
/// store (a scan, with progress and cancellable, is made first when the corpus's states at the direction's hook
/// are not stored), and the result is stored in the library with the scan it came from. One file a job: this one
/// explains; <c>ExplainRun.Hypothesis.cs</c> tests a user's hypothesis; <c>ExplainRun.Evaluation.cs</c> runs the
/// evaluation harness and plants directions; <c>ExplainRun.Stored.cs</c> reads stored explanations back (and the
/// hover's unexplained share); <c>ExplainRun.Prepare.cs</c> gets the evidence, its candidate base and its null.
/// </summary>
public static partial class ExplainRun
{
    /// <summary>Most other library directions tried as predictors.</summary>
    public const int MaxOtherDirections = 50;

    /// <summary>Explains <paramref name="direction"/> on <paramref name="corpus"/> (null: what an absent spec means,
    /// <see cref="CorpusResolver"/>) and
    /// stores the result when a library is given.</summary>
    public static ExplanationResult Explain(InterpEngine engine, DirectionLibrary? library, Direction direction, ICorpus? corpus,
        IProgress<ScanProgress>? progress, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        lock (engine.Evidence.Gate)
        {
            var warnings = new List<string>();
            var timings = new Dictionary<string, double>();
            var (ev, b, nul, corp, scan) = Prepare(engine, direction, corpus, progress, warnings, cancellation, timings);
            var lap = Stopwatch.StartNew();
            var withOthers = b.WithOthers(OtherDirections(engine, library, direction, ev, cancellation));
            var values = ev.Values([direction], cancellation)[0];
            timings["values"] = Math.Round(lap.Elapsed.TotalSeconds, 3);
            var result = Explainer.Explain(withOthers, nul!, values, direction.Name, direction.Hash, cancellation, ThresholdRule.HasNaturalBoundary(direction.Kind));
            lap.Restart();
            CoverByMeaning(engine, withOthers, result, cancellation);
            timings["meaning"] = Math.Round(lap.Elapsed.TotalSeconds, 3);
            foreach (var (k, v) in timings) result.Timings[k] = v;
            result.Warnings.AddRange(warnings);
            long? scanId = null;
            if (library is not null)
            {
                if (scan is not null) scanId = ScanRun.Keep(engine, library, scan).FirstOrDefault();
                else scanId = library.LatestScan(direction.Hash)?.Id;
                result.ScanId = scanId;
            }
            result.Seconds = Math.Round(clock.Elapsed.TotalSeconds, 2);
            library?.PutExplanation(direction.Hash, scanId, corp.Hash, ev.Hook, result.ToJson());
            return result;
        }
    }

    /// <summary>The covering search by meaning (<see cref="MeaningCover"/>) for the sides with modes, its embeddings on the
    /// engine's queue; where it cannot run (no gloss embeddings, or a selected model that is not the one that embedded
    /// them), one warning says why.</summary>
    public static void CoverByMeaning(InterpEngine engine, CandidateBase b, ExplanationResult result, CancellationToken cancellation)
    {
        if (!result.Sides.Any(s => s.Cover is not null && s.ModeMasks is { Count: >= 2 })) return;
        var clock = Stopwatch.StartNew();
        if (GlossIndex.Default(out var problem) is not { } index) { result.Warnings.Add($"no covering concepts by meaning: {problem}"); return; }
        result.Timings["meaning.index"] = Math.Round(clock.Elapsed.TotalSeconds, 3);
        var model = engine.Model();
        if (model.Info.Name != index.Model)
        {
            result.Warnings.Add($"no covering concepts by meaning: the glosses were embedded by {index.Model}, and the model in use is {model.Info.Name}");
            return;
        }
        var embedder = new SentenceEmbedder(model);
        MeaningCover.Run(b, result, index, (texts, c) => ModelQueues.RunOnce(engine.RunInBackground, "explain: covering concepts by meaning",
            (_, ct) => embedder.Embed(texts, ct), c), cancellation);
    }

    private static List<(IFeature, FeatureValues)> OtherDirections(InterpEngine engine, DirectionLibrary? library, Direction direction, ExplainEvidence ev, CancellationToken cancellation)
    {
        if (library is null) return [];
        var others = new List<Direction>();
        foreach (var entry in library.List())
        {
            if (others.Count >= MaxOtherDirections) break;
            if (entry.Hash == direction.Hash || entry.Hook != ev.Hook || entry.Width != ev.Width) continue;
            try { others.Add(library.Get(entry.Name)); }
            catch (ArgumentException) { }
        }
        if (others.Count == 0) return [];
        var values = ev.Values(others, cancellation);
        var result = new List<(IFeature, FeatureValues)>();
        for (int i = 0; i < others.Count; i++)
            foreach (var neg in new[] { false, true })
            {
                var f = new DirectionFeature(others[i].Name, others[i].Hash, neg, ev.Table, values[i]);
                result.Add((f, f.Evaluate(ev.Table)));
            }
        return result;
    }
}
