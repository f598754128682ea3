using System.Diagnostics;
using InterpLsp.Analysis.ActivationStore;
using InterpLsp.Analysis.Corpora;
using InterpLsp.Analysis.Engine;
using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Evidence;
using InterpLsp.Analysis.Explain.Pipeline;
using InterpLsp.Analysis.Explain.Predictability;
using InterpLsp.Analysis.Explain.WordNet;
using InterpLsp.Analysis.Scans;
using InterpLsp.Interp.Directions;

namespace InterpLsp.Analysis.Runs;

/// <summary>The evidence, its candidate base and its null for a direction's corpus and hook: from the engine's cache, or built (scanning first when the states are not stored).</summary>
public static partial class ExplainRun
{
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
            ModelNextToken? nextToken;
            try
            {
                nextToken = ModelNextToken.Load(model, corp, ev, ActivationStore.ActivationStore.Default(), progress, warnings, cancellation,
                    engine.RunInBackground);
            }
            catch { ev.Dispose(); throw; }
            if (nextToken is not null) Lap("model_next_token");
            var b = new CandidateBase(ev, lexicon, nextToken: nextToken);
            Lap("candidate_base");
            engine.Evidence.Put(key, ev, b, null);
            cached = (ev, b, null);
        }
        var nul = cached.Null;
        if (nul is null && withNull)
        {
            progress?.Report(new ScanProgress(0, 0, 0, "computing the random-direction null (once per corpus and hook)"));
            nul = RandomNull.Build(cached.Base, Path.Combine(CacheDirectory.Root(), "explain-null"), warnings, cancellation);
            engine.Evidence.Put(key, cached.Evidence, cached.Base, nul);
            Lap("null");
        }
        return (cached.Evidence, cached.Base, nul, corp, scan);
    }
}
