using System.Collections.Concurrent;
using InterpLsp.Interp.Directions;
using InterpLsp.Model;
using InterpLsp.Model.Causal;

namespace InterpLsp.Analysis.Engine;

/// <summary>
/// A direction's logit effects (<see cref="LogitEffects"/>: W_U . d through the final norm) where they mean something:
/// on a causal language model, for a vector written into the residual stream (at <c>hook_resid_pre/mid/post</c>,
/// <c>hook_attn_out</c>, <c>hook_mlp_out</c> or <c>hook_embed</c>, as wide as the stream). Cached by the direction's
/// hash (one vocabulary-sized product per direction).
/// </summary>
public sealed class DirectionLogits
{
    public const int Top = 10;

    private static readonly string[] WrittenToResidual = ["hook_resid_pre", "hook_resid_mid", "hook_resid_post", "hook_attn_out", "hook_mlp_out", "hook_embed"];

    private readonly ConcurrentDictionary<string, LogitEffectsResult> _cache = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="d"/> has logit effects on <paramref name="model"/>.</summary>
    public static bool Applies(ILanguageModel model, Direction d) =>
        model is CausalLanguageModel && d.Hook is { } hook && d.Kind != DirectionKind.Neuron
        && WrittenToResidual.Any(s => hook == s || hook.EndsWith("." + s, StringComparison.Ordinal))
        && d.Width == model.Info.Width;

    /// <summary>The effects, or null where they do not apply.</summary>
    public LogitEffectsResult? Of(ILanguageModel model, Direction d)
    {
        if (!Applies(model, d)) return null;
        var causal = (CausalLanguageModel)model;
        return _cache.GetOrAdd(d.Hash + "|" + causal.Info.Source, _ => LogitEffects.Of(causal, d.Vector, Top));
    }
}
