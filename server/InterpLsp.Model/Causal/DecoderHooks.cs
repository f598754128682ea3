using InterpLsp.Model.Hooks;

namespace InterpLsp.Model.Causal;

/// <summary>
/// TransformerLens's hook names for decoder-only models (<c>HookedTransformer</c>), so that an SAELens
/// <c>hook_name</c> loads against the same place; each architecture lists the ones it has, in forward order.
/// Plus <see cref="NextToken"/>: not a TransformerLens hook but the model's own next-token distribution summarised
/// per token as [entropy, surprisal] in nats.
/// </summary>
public static class DecoderHooks
{
    public static readonly HookSpec Embed = new("hook_embed", HookWidth.Hidden, "token embeddings", false);
    public static readonly HookSpec PosEmbed = new("hook_pos_embed", HookWidth.Hidden, "learned position embeddings", false);

    public static readonly HookSpec ResidPre = new("hook_resid_pre", HookWidth.Hidden, "residual stream entering the block", true);
    public static readonly HookSpec Ln1Normalized = new("ln1.hook_normalized", HookWidth.Hidden, "resid_pre after the attention's norm (attention input)", true);
    public static readonly HookSpec AttnZ = new("attn.hook_z", HookWidth.Attention, "each head's attention-weighted values, concatenated (before the output projection)", true);
    public static readonly HookSpec AttnOut = new("hook_attn_out", HookWidth.Hidden, "attention output (after the output projection)", true);
    public static readonly HookSpec ResidMid = new("hook_resid_mid", HookWidth.Hidden, "resid_pre + attn_out", true);
    public static readonly HookSpec Ln2Normalized = new("ln2.hook_normalized", HookWidth.Hidden, "the MLP's input after its norm", true);
    public static readonly HookSpec MlpPre = new("mlp.hook_pre", HookWidth.Intermediate, "MLP neurons before the activation (the gate's, for a gated MLP)", true);
    public static readonly HookSpec MlpPreLinear = new("mlp.hook_pre_linear", HookWidth.Intermediate, "a gated MLP's linear (up) projection", true);
    public static readonly HookSpec MlpPost = new("mlp.hook_post", HookWidth.Intermediate, "MLP neurons after the activation (times the up projection, for a gated MLP)", true);
    public static readonly HookSpec MlpOut = new("hook_mlp_out", HookWidth.Hidden, "MLP output", true);
    public static readonly HookSpec ResidPost = new("hook_resid_post", HookWidth.Hidden, "residual stream leaving the block", true);

    public static readonly HookSpec LnFinal = new("ln_final.hook_normalized", HookWidth.Hidden, "the last residual stream after the final norm (unembedding input)", false);
    public static readonly HookSpec NextToken = new(InterpLsp.Interp.Directions.DirectionSpecParser.NextTokenHook, HookWidth.NextToken,
        "the model's next-token distribution at each token: [0] entropy (nats), [1] surprisal -ln p(token | tokens before)", false);

    /// <summary>Every hook point of a decoder with these per-block specs, in forward order.</summary>
    public static IReadOnlyList<HookPoint> Points(IReadOnlyList<HookSpec> embeddings, IReadOnlyList<HookSpec> block,
        int layers, int hidden, int intermediate, int attention)
    {
        int W(HookSpec s) => s.Width switch
        {
            HookWidth.Hidden => hidden,
            HookWidth.Intermediate => intermediate,
            HookWidth.Attention => attention,
            _ => 2,
        };
        var list = embeddings.Select(s => new HookPoint(s.At(-1), W(s), -1, s.Description)).ToList();
        for (int l = 0; l < layers; l++)
            list.AddRange(block.Select(s => new HookPoint(s.At(l), W(s), l, s.Description)));
        // After the last block: layer index = layers, so that "stop after the last block needed" runs them all.
        list.Add(new HookPoint(LnFinal.At(-1), hidden, layers, LnFinal.Description));
        list.Add(new HookPoint(NextToken.At(-1), 2, layers, NextToken.Description));
        return list;
    }
}
