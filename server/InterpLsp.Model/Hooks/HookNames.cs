namespace InterpLsp.Model.Hooks;

/// <summary>TransformerLens's hook names for BERT (<c>HookedEncoder</c>, <c>BertBlock</c>).</summary>
public static class HookNames
{
    public const string Embed = "hook_embed";
    public const string PosEmbed = "hook_pos_embed";
    public const string TokenTypeEmbed = "hook_token_type_embed";
    public const string FullEmbed = "hook_full_embed";

    public static string ResidPre(int layer) => $"blocks.{layer}.hook_resid_pre";
    public static string AttnOut(int layer) => $"blocks.{layer}.hook_attn_out";
    public static string ResidMid(int layer) => $"blocks.{layer}.hook_resid_mid";
    public static string Ln1Normalized(int layer) => $"blocks.{layer}.ln1.hook_normalized";
    public static string MlpPre(int layer) => $"blocks.{layer}.mlp.hook_pre";
    public static string MlpPost(int layer) => $"blocks.{layer}.mlp.hook_post";
    public static string MlpOut(int layer) => $"blocks.{layer}.hook_mlp_out";
    public static string ResidPost(int layer) => $"blocks.{layer}.hook_resid_post";
    public static string NormalizedResidPost(int layer) => $"blocks.{layer}.hook_normalized_resid_post";

    /// <summary>All hook points of a BERT encoder, in forward order.</summary>
    public static IReadOnlyList<HookPoint> ForBert(int layers, int hidden, int intermediate)
    {
        var list = new List<HookPoint>
        {
            new(Embed, hidden, -1, "word embeddings"),
            new(PosEmbed, hidden, -1, "position embeddings"),
            new(TokenTypeEmbed, hidden, -1, "token-type embeddings"),
            new(FullEmbed, hidden, -1, "sum of embeddings after LayerNorm (input to block 0)"),
        };
        for (int l = 0; l < layers; l++)
        {
            list.Add(new(ResidPre(l), hidden, l, "residual stream entering the block"));
            list.Add(new(AttnOut(l), hidden, l, "attention output (after the output projection)"));
            list.Add(new(ResidMid(l), hidden, l, "resid_pre + attn_out, before the first LayerNorm"));
            list.Add(new(Ln1Normalized(l), hidden, l, "resid_mid after the first LayerNorm (MLP input)"));
            list.Add(new(MlpPre(l), intermediate, l, "MLP neurons before GELU"));
            list.Add(new(MlpPost(l), intermediate, l, "MLP neurons after GELU"));
            list.Add(new(MlpOut(l), hidden, l, "MLP output"));
            list.Add(new(ResidPost(l), hidden, l, "normalized resid_mid + mlp_out, before the second LayerNorm"));
            list.Add(new(NormalizedResidPost(l), hidden, l, "block output (Hugging Face hidden_states[L+1])"));
        }
        return list;
    }
}
