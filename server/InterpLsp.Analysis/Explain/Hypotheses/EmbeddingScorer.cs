using InterpLsp.Analysis.Explain.Evidence;
using InterpLsp.Analysis.Explain.Results;
using InterpLsp.Analysis.Explain.Scoring;
using InterpLsp.Model;

namespace InterpLsp.Analysis.Explain.Hypotheses;

/// <summary>
/// delphi's embedding scorer for a free-text hypothesis: the cosine similarity between the embedding of the
/// hypothesis and the embedding of each context (the embedded sentence model, mean pooled, unit length) is used
/// to tell activating contexts from non-activating ones; the score is the AUROC (ties half, chance 0.5), with a
/// bootstrap interval over the contexts.
/// </summary>
public static class EmbeddingScorer
{
    /// <param name="queue">Where the embedding's forward passes run (the engine's inference queue, as one step: the
    /// model batches the texts by length, so one step keeps every embedding what it is in one call); null: on this
    /// thread.</param>
    public static EmbeddingScore Score(ILanguageModel model, string hypothesis, TokenTable table, IReadOnlyList<int> activating, IReadOnlyList<int> nonActivating,
        CancellationToken cancellation, Engine.ModelQueue? queue = null)
    {
        if (string.IsNullOrWhiteSpace(hypothesis)) throw new ArgumentException("an empty hypothesis text");
        if (activating.Count == 0 || nonActivating.Count == 0)
            throw new ArgumentException($"the embedding scorer needs activating and non-activating texts; this direction has {activating.Count} and {nonActivating.Count}");
        var embedder = new SentenceEmbedder(model);
        var texts = new List<string> { hypothesis };
        texts.AddRange(activating.Select(d => table.DocTexts[d]));
        texts.AddRange(nonActivating.Select(d => table.DocTexts[d]));
        var e = queue is null ? embedder.Embed(texts, cancellation)
            : Engine.ModelQueues.RunOnce(queue, "test an explanation: embedding the texts", (_, ct) => embedder.Embed(texts, ct), cancellation);
        int n = texts.Count - 1;
        var scores = new float[n];
        var labels = new bool[n];
        for (int i = 0; i < n; i++) { scores[i] = (float)SentenceEmbedder.Cosine(e[0], e[i + 1]); labels[i] = i < activating.Count; }
        var (lo, hi) = new DocumentBootstrap(n, Pipeline.SideScorer.Replicates, Pipeline.SideScorer.Seed).AurocInterval(scores, labels);
        return new EmbeddingScore
        {
            Auroc = new Score(ExplanationMetrics.Auroc(scores, labels), lo, hi, n), Activating = activating.Count, NonActivating = nonActivating.Count,
        };
    }
}
