using System.Diagnostics;
using InterpLsp.Analysis.ActivationStore;
using InterpLsp.Analysis.Corpora;
using InterpLsp.Analysis.Engine;
using InterpLsp.Analysis.Explain.Candidates;
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
/// are not stored), and the result is stored in the library with the scan it came from.
/// </summary>
public static class ExplainRun
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
            var result = Explainer.Explain(withOthers, nul!, values, direction.Name, direction.Hash, cancellation);
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

    /// <summary>Scores the user's own hypothesis (a word list, a regex or free text) against the direction at once.</summary>
    public static HypothesisResult Test(InterpEngine engine, DirectionLibrary? library, Direction direction, ICorpus? corpus,
        Hypothesis hypothesis, IProgress<ScanProgress>? progress, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        if (!Hypothesis.Kinds.Contains(hypothesis.Kind)) throw new ArgumentException($"a hypothesis is one of {string.Join(", ", Hypothesis.Kinds)}, not '{hypothesis.Kind}'");
        if (string.IsNullOrWhiteSpace(hypothesis.Value) && (hypothesis.Words is null || hypothesis.Words.Count == 0))
            throw new ArgumentException(hypothesis.Kind == "words" ? "an empty word list" : $"an empty {hypothesis.Kind}");
        lock (engine.Evidence.Gate)
        {
            var warnings = new List<string>();
            var (ev, b, nul, _, scan) = Prepare(engine, direction, corpus, progress, warnings, cancellation);
            if (scan is not null && library is not null) ScanRun.Keep(engine, library, scan);
            var values = ev.Values([direction], cancellation)[0];
            var stored = library is not null ? Stored(library, direction, out _) : null;
            var result = new HypothesisResult
            {
                Direction = direction.Name, DirectionHash = direction.Hash, Hook = ev.Hook, CorpusId = ev.CorpusId, Kind = hypothesis.Kind,
                Hypothesis = hypothesis.Value, Warnings = warnings,
            };
            IFeature? feature = hypothesis.Kind switch
            {
                "words" => new WordSetFeature(hypothesis.Words ?? HypothesisInput.SplitWords(hypothesis.Value)),
                "regex" => new RegexFeature(hypothesis.Value),
                _ => null,
            };
            FeatureValues? fv = feature?.Evaluate(ev.Table);
            var parts = new List<string>();
            foreach (var negative in new[] { false, true })
            {
                if (feature is null && negative) break; // the embedding scorer reads the positive side's contexts
                var side = new SideTarget(ev, values, negative, Explainer.Quantile);
                if (side.ProposeFires < SideExplainer.MinFires || side.HeldOutFires < SideExplainer.MinFires) continue;
                var field = new FieldScorer(side);
                if (feature is not null)
                {
                    var scorer = new SideScorer(side);
                    var c = new Candidate(feature, fv!, fv!.Holds ?? []);
                    var scored = SideExplainer.Full(scorer, field, nul!, c);
                    var (nowhere, everywhere) = scorer.Trivial();
                    int? rank = stored?.Sides.FirstOrDefault(s => s.Side == side.Side) is { } ss
                        ? 1 + ss.Candidates.Count(x => x.Scores.IoU.Value > scored.Scores.IoU.Value) : null;
                    result.Sides.Add(new HypothesisSide { Side = side.Side, Candidate = scored, FiresNowhere = nowhere, FiresEverywhere = everywhere, Rank = rank });
                    parts.Add($"{side.Side} side: {(scored.Significant ? "beats" : "does not beat")} the random-direction null (p {scored.P:F3}): "
                        + $"F1 {scored.Scores.F1}, IoU {scored.Scores.IoU} (random directions {scored.RandomDirections.F1:F2}, shuffled {scored.Shuffled.F1:F2})");
                }
                else if (!negative)
                {
                    result.Embedding = EmbeddingScorer.Score(engine.Model(), hypothesis.Value, ev.Table, field.Activating, field.NonActivating, cancellation, engine.RunInBackground);
                    parts.Add($"embedding scorer on the positive side: AUROC {result.Embedding.Auroc} (chance 0.50) on {result.Embedding.Activating} activating and {result.Embedding.NonActivating} non-activating texts");
                }
            }
            result.Verdict = parts.Count > 0 ? string.Join("; ", parts) : "the direction fires too rarely on either side to test a hypothesis";
            result.Seconds = Math.Round(clock.Elapsed.TotalSeconds, 2);
            return result;
        }
    }

    /// <summary>The evaluation harness on <paramref name="corpus"/> (null: what an absent spec means) at <paramref name="hook"/>
    /// (null: the engine's): see <see cref="InterpLsp.Analysis.Explain.Evaluation.ExplainEvaluation"/>.</summary>
    public static InterpLsp.Analysis.Explain.Evaluation.ExplainEvaluation.Report Evaluate(InterpEngine engine, ICorpus? corpus, string? hook,
        IReadOnlyList<string>? concepts, IReadOnlyList<(string, string)>? mixtures, int randomDirections,
        IProgress<ScanProgress>? progress, IProgress<string>? steps, CancellationToken cancellation)
    {
        lock (engine.Evidence.Gate)
        {
            var (b, nul) = BaseAt(engine, corpus, hook, withNull: true, progress, cancellation);
            return InterpLsp.Analysis.Explain.Evaluation.ExplainEvaluation.Run(b, nul!, concepts, mixtures, randomDirections, steps, cancellation);
        }
    }

    /// <summary>A planted direction (see <see cref="InterpLsp.Analysis.Explain.Evaluation.ExplainEvaluation.PlantVector"/>)
    /// for each concept, summed: the vector of a direction that fires on all of them.</summary>
    public static float[] Plant(InterpEngine engine, ICorpus? corpus, string? hook, IReadOnlyList<string> concepts, IProgress<ScanProgress>? progress, CancellationToken cancellation)
    {
        lock (engine.Evidence.Gate)
        {
            var (b, _) = BaseAt(engine, corpus, hook, withNull: false, progress, cancellation);
            var sum = new float[b.Evidence.Width];
            foreach (var c in concepts)
            {
                var v = InterpLsp.Analysis.Explain.Evaluation.ExplainEvaluation.PlantVector(b, InterpLsp.Analysis.Explain.Evaluation.ExplainEvaluation.Resolve(b.Lexicon, c));
                System.Numerics.Tensors.TensorPrimitives.Add(sum, v, sum);
            }
            return sum;
        }
    }

    /// <summary>The latest stored explanation of a direction (by its content hash); null when none, or when it
    /// cannot be read (the reason goes to <paramref name="problem"/>).</summary>
    public static ExplanationResult? Stored(DirectionLibrary library, Direction direction, out string? problem)
    {
        problem = null;
        var stored = library.LatestExplanation(direction.Hash);
        if (stored is null) return null;
        try
        {
            return ExplanationResult.FromJson(stored.ResultJson, $"explanation {stored.Id} in {library.DatabasePath}");
        }
        catch (ArgumentException e)
        {
            problem = e.Message;
            return null;
        }
    }

    /// <summary>Per token of <paramref name="table"/> (one document), the share of its value that the stored
    /// explanation's linear predictor does NOT account for, in [0, 1], on the side the token's value is on;
    /// NaN where the side has no coverage, the token is at or below the side's mean, or a term cannot be
    /// computed on this text (another direction's values; n-gram features before the corpus's evidence was loaded).</summary>
    public static double[] UnexplainedShares(InterpEngine engine, ExplanationResult explanation, TokenTable table, ReadOnlySpan<float> values)
    {
        var shares = new double[table.Count];
        Array.Fill(shares, double.NaN);
        foreach (var side in explanation.Sides)
        {
            if (side.Coverage is not { Terms.Count: > 0 } cov) continue;
            bool negative = side.Side == "negative";
            var cols = new List<float[]>();
            foreach (var id in cov.Terms)
            {
                var f = FeatureResolver.TryParse(id, engine.Evidence.BaseForCorpus(explanation.CorpusHash));
                if (f is null) { cols.Clear(); break; }
                try { cols.Add(f.Evaluate(table).ToDense()); }
                catch (NotSupportedException) { cols.Clear(); break; }
            }
            if (cols.Count != cov.Terms.Count) continue;
            for (int t = 0; t < table.Count; t++)
            {
                double y = negative ? -values[t] : values[t];
                if (y <= 0 || y <= cov.Mean) continue;
                double p = InterpLsp.Analysis.Explain.Coverage.GreedyCoverage.Predict(cols, [.. cov.Coefficients], cov.Intercept, t);
                shares[t] = 1 - Math.Clamp((p - cov.Mean) / (y - cov.Mean), 0, 1);
            }
        }
        return shares;
    }

    /// <summary>The candidate base (and, when asked, the null) of a corpus at a hook, for work that explains no
    /// library direction (the evaluation, planting); the evidence is opened through the hook's first neuron, a
    /// direction made here for that and never added to the session (it is no direction the user loaded).</summary>
    private static (CandidateBase Base, RandomNull? Null) BaseAt(InterpEngine engine, ICorpus? corpus, string? hook, bool withNull,
        IProgress<ScanProgress>? progress, CancellationToken cancellation)
    {
        var h = hook ?? engine.Selection.Hook;
        var model = engine.Model();
        var neuron = DirectionSpecParser.Load($"neuron:{h}:0", k => model.GetHook(k).Width, h) with { ModelId = engine.Selection.ModelId };
        var (_, b, nul, _, _) = Prepare(engine, neuron, corpus, progress, new List<string>(), cancellation, withNull: withNull);
        return (b, nul);
    }

    /// <summary>The evidence, its candidate base and (unless <paramref name="withNull"/> is false) its null, from the
    /// cache or built; the scan result when one had to run first.</summary>
    private static (ExplainEvidence, CandidateBase, RandomNull?, ICorpus, ScanResult?) Prepare(InterpEngine engine, Direction direction,
        ICorpus? corpus, IProgress<ScanProgress>? progress, List<string> warnings, CancellationToken cancellation,
        Dictionary<string, double>? timings = null, bool withNull = true)
    {
        var clock = Stopwatch.StartNew();
        void Lap(string phase) { if (timings is not null) timings[phase] = Math.Round(clock.Elapsed.TotalSeconds, 3); clock.Restart(); }
        var corp = corpus ?? CorpusResolver.Open(null); // absent: the resolver's one meaning
        var model = engine.Model();
        var hook = direction.Hook ?? engine.Selection.Hook;
        string modelId = direction.ModelId ?? model.Info.Name;
        var key = EvidenceCache.Key(modelId, corp.Hash, hook);
        ScanResult? scan = null;
        if (engine.Evidence.TryGet(key) is not { } cached)
        {
            var lexiconLoad = Task.Run(WordNetLexicon.Default, cancellation); // read while the evidence is read
            var ev = EvidenceLoader.Open(model, corp, direction, hook, ActivationStore.ActivationStore.Default(), progress, warnings, out scan, cancellation,
                engine.RunInBackground);
            Lap("evidence");
            try { Explainer.CheckSize(ev); } catch { ev.Dispose(); throw; } // before any work on evidence too small to split
            if (scan is not null && timings is not null) timings["scanned_first"] = 1;
            var lexicon = lexiconLoad.GetAwaiter().GetResult();
            Lap("lexicon");
            var b = new CandidateBase(ev, lexicon);
            Lap("candidate_base");
            engine.Evidence.Put(key, ev, b, null);
            cached = (ev, b, null);
        }
        var nul = cached.Null;
        if (nul is null && withNull)
        {
            progress?.Report(new ScanProgress(0, 0, 0, "computing the random-direction null (once per corpus and hook)"));
            nul = RandomNull.Build(cached.Base, Explainer.Quantile, Path.Combine(CacheDirectory.Root(), "explain-null"), warnings, cancellation);
            engine.Evidence.Put(key, cached.Evidence, cached.Base, nul);
            Lap("null");
        }
        return (cached.Evidence, cached.Base, nul, corp, scan);
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
