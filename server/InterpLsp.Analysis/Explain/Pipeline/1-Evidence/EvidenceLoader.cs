using InterpLsp.Analysis.Engine;
using InterpLsp.Analysis.ActivationStore;
using InterpLsp.Analysis.Corpora;
using InterpLsp.Analysis.Explain.Evidence;
using InterpLsp.Analysis.Scans;
using InterpLsp.Interp.Directions;
using InterpLsp.Model;

namespace InterpLsp.Analysis.Explain.Pipeline;

/// <summary>Opens the evidence for a direction: the corpus's states at its hook from the activation store; when
/// they are not stored, a scan of the corpus for the direction is run first (with progress, cancellable), which
/// stores them and whose result is returned so the caller can keep it. That scan checkpoints like any other: killed
/// or cancelled, the next explain of the direction continues it (and its store entry) where it stopped.</summary>
public static class EvidenceLoader
{
    /// <param name="queue">Where the scan's forward passes run, one bounded step at a time (the engine's inference
    /// queue); null: on this thread (tests that hold a model of their own).</param>
    public static ExplainEvidence Open(ILanguageModel model, ICorpus corpus, Direction direction, string hook, ActivationStore.ActivationStore store,
        IProgress<ScanProgress>? progress, List<string> warnings, out ScanResult? scan, CancellationToken cancellation, ModelQueue? queue = null)
    {
        scan = null;
        string modelId = direction.ModelId ?? model.Info.Name;
        var entry = store.TryOpen(modelId, corpus.Hash, hook, ShardSpec.Whole, direction.Width, warnings);
        if (entry is null)
        {
            using var scanner = new CorpusScanner(model, corpus, [direction with { Hook = hook }],
                new ScanOptions { Store = store, CheckpointDirectory = CacheDirectory.Scans(), NeedsStore = true });
            warnings.AddRange(scanner.Warnings);
            scan = scanner.Run(progress, cancellation, queue);
            warnings.AddRange(scan.Warnings.Where(w => !warnings.Contains(w)));
            entry = store.TryOpen(modelId, corpus.Hash, hook, ShardSpec.Whole, direction.Width, warnings)
                ?? throw new ArgumentException($"the activation store ({store.Root}) did not keep the states of {corpus.Id} at {hook}, "
                    + $"which explanations read: {string.Join("; ", warnings.DefaultIfEmpty("no reason given"))}. "
                    + "Free space or raise INTERP_LSP_STORE_LIMIT_MB, then explain again");
        }
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        var genres = new Dictionary<string, CorpusGenre>(StringComparer.Ordinal);
        foreach (var d in corpus.Documents(cancellation))
        {
            texts[d.Key] = d.Text;
            if (d.Genre is { } g) genres[d.Key] = g;
        }
        try { return ExplainEvidence.Open(entry, texts, corpus.Id, corpus.Hash, warnings, genres); }
        catch { entry.Dispose(); throw; }
    }
}
