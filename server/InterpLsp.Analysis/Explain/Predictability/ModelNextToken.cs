using InterpLsp.Analysis.Corpora;
using InterpLsp.Analysis.Engine;
using InterpLsp.Analysis.Explain.Evidence;
using InterpLsp.Analysis.Explain.Pipeline;
using InterpLsp.Analysis.Scans;
using InterpLsp.Interp.Directions;
using InterpLsp.Model;

namespace InterpLsp.Analysis.Explain.Predictability;

/// <summary>A causal model's own next-token entropy and surprisal (nats) on every token of an evidence table, for the
/// predictability family (<see cref="Features.ModelPredictabilityFeature"/>).</summary>
public sealed record ModelNextToken(string ModelId, float[] Entropy, float[] Surprisal)
{
    /// <summary>The values for the tokens of <paramref name="ev"/>, read from the activation store's entry at
    /// <c>next_token</c> for the same model and corpus, which a scan computes first when it is not stored (a full
    /// forward pass over the corpus, once per model and corpus). Null for a model that is not causal, for evidence at
    /// <c>next_token</c> itself, and when the two tables disagree on a document's tokens (said in
    /// <paramref name="warnings"/>).</summary>
    public static ModelNextToken? Load(ILanguageModel model, ICorpus corpus, ExplainEvidence ev, ActivationStore.ActivationStore store,
        IProgress<ScanProgress>? progress, List<string> warnings, CancellationToken cancellation, ModelQueue? queue = null)
    {
        const string hook = DirectionSpecParser.NextTokenHook;
        if (!model.Info.IsCausal || ev.Hook == hook || model.HookPoints.All(h => h.Name != hook)) return null;
        var entropy = Neuron(0, "entropy (nats)", ev.ModelId);
        var surprisal = Neuron(1, "surprisal (nats)", ev.ModelId);
        progress?.Report(new ScanProgress(0, 0, 0, "reading the model's next-token entropy and surprisal on the corpus (once per model and corpus)"));
        using var next = EvidenceLoader.Open(model, corpus, entropy, hook, store, progress, warnings, out _, cancellation, queue);
        var values = next.Values([entropy, surprisal], cancellation);

        var t2 = next.Table;
        var docOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int d = 0; d < t2.Documents; d++) docOf[t2.DocKeys[d]] = d;
        var t1 = ev.Table;
        var e = new float[t1.Count];
        var s = new float[t1.Count];
        for (int d = 0; d < t1.Documents; d++)
        {
            int a = t1.DocFirst[d], n = t1.DocFirst[d + 1] - a;
            if (!docOf.TryGetValue(t1.DocKeys[d], out int d2) || t2.DocFirst[d2 + 1] - t2.DocFirst[d2] != n
                || t1.Start[a] != t2.Start[t2.DocFirst[d2]])
            {
                warnings.Add($"the model's next-token values are left out of the candidates: the stored states at {hook} do not hold the same tokens as those at {ev.Hook} (document {t1.DocKeys[d]})");
                return null;
            }
            Array.Copy(values[0], t2.DocFirst[d2], e, a, n);
            Array.Copy(values[1], t2.DocFirst[d2], s, a, n);
        }
        return new ModelNextToken(ev.ModelId, e, s);
    }

    private static Direction Neuron(int index, string name, string modelId)
    {
        var v = new float[2];
        v[index] = 1;
        return new Direction($"neuron:{DirectionSpecParser.NextTokenHook}:{index}", name, DirectionSpecParser.NextTokenHook, v,
            DirectionKind.Neuron, NeuronIndex: index) { ModelId = modelId };
    }
}
