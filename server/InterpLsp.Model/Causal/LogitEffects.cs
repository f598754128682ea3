using InterpLsp.Model.Hooks;
using TorchSharp;
using static TorchSharp.torch;

namespace InterpLsp.Model.Causal;

/// <summary>The tokens a direction promotes most (largest value first) and suppresses most (most negative first).</summary>
public sealed record LogitEffectsResult(
    IReadOnlyList<(int Id, string Token, float Value)> Promoted,
    IReadOnlyList<(int Id, string Token, float Value)> Suppressed);

/// <summary>
/// The direct effect on the logits of a direction d written into the residual stream: the "logit lens" of a
/// feature's decoder direction behind Neuronpedia's top positive and negative logits, in TransformerLens
/// <c>W_dec @ W_U</c> on a model loaded with <c>fold_ln</c> (its <c>from_pretrained</c> default): d projected
/// through the unembedding with the final norm's weight folded in:
/// <code>value[v] = Σ_i W_U[v, i] · g[i] · (d[i] − c)</code>
/// where g is the final norm's elementwise gain (LayerNorm's or RMSNorm's weight; 1 where the norm has none) and c
/// is d's mean for a LayerNorm model (LayerNorm centres its input, so the all-ones component of d never reaches the
/// logits; TransformerLens's <c>fold_ln</c> centres W_U's reading weights to the same effect) and 0 for an RMSNorm
/// model. d is centred before the gain is applied, as the norm does. Biases (the norm's, the unembedding's) add the
/// same amount whatever d is and are left out, as is the norm's 1/scale, which depends on the residual stream d is
/// added to: values are logits per unit of d at unit norm scale, comparable across tokens and directions of one model.
/// </summary>
public static class LogitEffects
{
    /// <summary>
    /// The <paramref name="top"/> tokens <paramref name="direction"/> promotes and suppresses most on
    /// <paramref name="model"/>. <paramref name="centerVocab"/>: subtract the mean over the vocabulary from every
    /// value (TransformerLens's <c>center_unembed</c>, its <c>from_pretrained</c> default; it moves every value by
    /// the same amount, so the tokens and their order do not change).
    /// </summary>
    /// <exception cref="ArgumentException">the direction is not as wide as the residual stream (the message names both
    /// widths) or holds a non-finite value</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="top"/> is below 1</exception>
    public static LogitEffectsResult Of(CausalLanguageModel model, float[] direction, int top = 10, bool centerVocab = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var values = Values(model.Decoder, direction, centerVocab);
        int k = Math.Min(top, values.Length);
        var order = Enumerable.Range(0, values.Length).ToArray();
        // Ties keep the lower id first.
        Array.Sort(order, (a, b) => values[a] != values[b] ? values[b].CompareTo(values[a]) : a.CompareTo(b));
        var promoted = order.Take(k).Select(id => (id, model.TokenText(id), values[id])).ToList();
        Array.Sort(order, (a, b) => values[a] != values[b] ? values[a].CompareTo(values[b]) : a.CompareTo(b));
        var suppressed = order.Take(k).Select(id => (id, model.TokenText(id), values[id])).ToList();
        return new LogitEffectsResult(promoted, suppressed);
    }

    /// <summary>The value of every token [vocab] (see the class), in vocabulary order.</summary>
    public static float[] Values(Decoder decoder, float[] direction, bool centerVocab = false)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        decoder.Shape.CheckResidualDirection(direction);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var unembed = decoder.UnembedWeight;
        var d = tensor(direction).to(unembed.dtype);
        if (decoder.FinalNormCenters) d = d - d.mean();
        if (decoder.FinalNormWeight is { } gain) d = d * gain;
        var values = unembed.matmul(d);
        if (centerVocab) values = values - values.mean();
        return ActivationRecorder.ToArray(values);
    }
}
