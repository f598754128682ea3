namespace InterpLsp.Model.Hooks;

/// <summary>The width a hook's vector has, in terms of the architecture's sizes: the residual width, the MLP's,
/// the attention heads' concatenated outputs (heads x head dimension, which need not equal the residual width), or
/// the two values of the next-token distribution (entropy, surprisal).</summary>
public enum HookWidth { Hidden, Intermediate, Attention, NextToken }

/// <summary>One hook of an architecture's table: its TransformerLens name (for a block hook, the part after
/// <c>blocks.{L}.</c>), its width and one line for people.</summary>
public sealed record HookSpec(string Suffix, HookWidth Width, string Description, bool PerBlock)
{
    /// <summary>The full name at block <paramref name="layer"/> (ignored for embedding hooks).</summary>
    public string At(int layer) => PerBlock ? $"blocks.{layer}.{Suffix}" : Suffix;
}

/// <summary>
/// TransformerLens's hook table for BERT (<c>HookedEncoder</c>, <c>BertBlock</c>): every hook named once, in
/// forward order. The forward pass records through these entries (<see cref="ActivationRecorder.Record(HookSpec,int,TorchSharp.torch.Tensor)"/>)
/// and <see cref="Points"/> lists them, so the list and what is recorded cannot drift apart.
/// </summary>
public static class BertHooks
{
    public static readonly HookSpec Embed = new("hook_embed", HookWidth.Hidden, "word embeddings", false);
    public static readonly HookSpec PosEmbed = new("hook_pos_embed", HookWidth.Hidden, "position embeddings", false);
    public static readonly HookSpec TokenTypeEmbed = new("hook_token_type_embed", HookWidth.Hidden, "token-type embeddings", false);
    public static readonly HookSpec FullEmbed = new("hook_full_embed", HookWidth.Hidden, "sum of embeddings after LayerNorm (input to block 0)", false);

    public static readonly HookSpec ResidPre = new("hook_resid_pre", HookWidth.Hidden, "residual stream entering the block", true);
    public static readonly HookSpec AttnOut = new("hook_attn_out", HookWidth.Hidden, "attention output (after the output projection)", true);
    public static readonly HookSpec ResidMid = new("hook_resid_mid", HookWidth.Hidden, "resid_pre + attn_out, before the first LayerNorm", true);
    public static readonly HookSpec Ln1Normalized = new("ln1.hook_normalized", HookWidth.Hidden, "resid_mid after the first LayerNorm (MLP input)", true);
    public static readonly HookSpec MlpPre = new("mlp.hook_pre", HookWidth.Intermediate, "MLP neurons before GELU", true);
    public static readonly HookSpec MlpPost = new("mlp.hook_post", HookWidth.Intermediate, "MLP neurons after GELU", true);
    public static readonly HookSpec MlpOut = new("hook_mlp_out", HookWidth.Hidden, "MLP output", true);
    public static readonly HookSpec ResidPost = new("hook_resid_post", HookWidth.Hidden, "normalized resid_mid + mlp_out, before the second LayerNorm", true);
    public static readonly HookSpec NormalizedResidPost = new("hook_normalized_resid_post", HookWidth.Hidden, "block output (Hugging Face hidden_states[L+1])", true);

    public static readonly IReadOnlyList<HookSpec> Embeddings = [Embed, PosEmbed, TokenTypeEmbed, FullEmbed];
    public static readonly IReadOnlyList<HookSpec> Block =
        [ResidPre, AttnOut, ResidMid, Ln1Normalized, MlpPre, MlpPost, MlpOut, ResidPost, NormalizedResidPost];

    /// <summary>Every hook point of a BERT encoder with these sizes, in forward order.</summary>
    public static IReadOnlyList<HookPoint> Points(int layers, int hidden, int intermediate)
    {
        int W(HookSpec s) => s.Width == HookWidth.Hidden ? hidden : intermediate;
        var list = Embeddings.Select(s => new HookPoint(s.At(-1), W(s), -1, s.Description)).ToList();
        for (int l = 0; l < layers; l++)
            list.AddRange(Block.Select(s => new HookPoint(s.At(l), W(s), l, s.Description)));
        return list;
    }
}
