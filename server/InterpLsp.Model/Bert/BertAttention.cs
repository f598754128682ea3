using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace InterpLsp.Model.Bert;

/// <summary>Multi-head self-attention with a fused QKV projection and the output projection
/// (TransformerLens's <c>attn</c>; its output is <c>hook_attn_out</c>).</summary>
public sealed class BertAttention : Module<Tensor, Tensor?, Tensor>
{
    public readonly Linear qkv;
    public readonly Linear output;
    private readonly int _heads;
    private readonly int _headDim;

    public BertAttention(BertConfig cfg) : base(nameof(BertAttention))
    {
        qkv = Linear(cfg.Hidden, 3 * cfg.Hidden);
        output = Linear(cfg.Hidden, cfg.Hidden);
        _heads = cfg.Heads;
        _headDim = cfg.HeadDim;
        RegisterComponents();
    }

    /// <param name="x">[batch, tokens, hidden]</param>
    /// <param name="mask">additive [batch, 1, 1, tokens] (0 keep, -inf pad), or null when nothing is padded</param>
    public override Tensor forward(Tensor x, Tensor? mask)
    {
        long b = x.shape[0], t = x.shape[1];
        // [b, t, 3, heads, headDim] -> [3, b, heads, t, headDim]
        using var packed = qkv.forward(x).view(b, t, 3, _heads, _headDim).permute(2, 0, 3, 1, 4);
        using var q = packed[0];
        using var k = packed[1];
        using var v = packed[2];
        using var z = nn.functional.scaled_dot_product_attention(q, k, v, mask);
        using var merged = z.transpose(1, 2).reshape(b, t, _heads * _headDim);
        return output.forward(merged);
    }
}
