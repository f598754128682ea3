using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace InterpLsp.Model.Causal;

/// <summary>The tensor operations the decoders share, each as the Hugging Face modelling code computes it.</summary>
public static class DecoderOps
{
    /// <summary>x W^T + b, W stored [out, in] (Hugging Face's nn.Linear layout).</summary>
    public static Tensor Linear(Tensor x, Tensor w, Tensor? b) => F.linear(x, w, b);

    public static Tensor LayerNorm(Tensor x, Tensor w, Tensor b, double eps) =>
        F.layer_norm(x, new[] { x.shape[^1] }, w, b, eps);

    /// <summary>Llama's RMSNorm: x / sqrt(mean(x^2) + eps), times the weight.</summary>
    public static Tensor RmsNorm(Tensor x, Tensor w, double eps)
    {
        using var ms = x.square().mean(new long[] { -1 }, keepdim: true);
        using var inv = (ms + eps).rsqrt();
        using var n = x * inv;
        return n * w;
    }

    /// <summary>GPT-2's gelu_new (the tanh approximation).</summary>
    public static Tensor GeluTanh(Tensor x)
    {
        using var cube = x.pow(3);
        using var inner = (x + cube * 0.044715) * Math.Sqrt(2.0 / Math.PI);
        using var t = inner.tanh();
        using var onePlus = t + 1.0;
        return x * onePlus * 0.5;
    }

    /// <summary>Exact (erf) GELU.</summary>
    public static Tensor Gelu(Tensor x) => F.gelu(x);

    public static Tensor Silu(Tensor x) => F.silu(x);

    /// <summary>Causal multi-head attention: q [b, heads, t, d], k and v [b, kvHeads, past + t, d] (grouped: each key/value
    /// head serves heads/kvHeads query heads, as repeat_kv does; <paramref name="past"/> cached positions come first, see
    /// <see cref="KvCache"/>); returns z [b, t, heads * d] (TransformerLens's hook_z, flattened). Query i (position
    /// past + i) attends to keys 0..past + i. Right padding needs no mask: a real token never attends to a later position.</summary>
    public static Tensor CausalAttention(Tensor q, Tensor k, Tensor v, int past = 0)
    {
        long b = q.shape[0], heads = q.shape[1], t = q.shape[2], d = q.shape[3];
        long groups = heads / k.shape[1];
        using var kk = groups == 1 ? k.alias() : k.repeat_interleave(groups, dim: 1);
        using var vv = groups == 1 ? v.alias() : v.repeat_interleave(groups, dim: 1);
        Tensor z;
        if (past == 0) z = F.scaled_dot_product_attention(q, kk, vv, is_casual: true);
        else if (t == 1) z = F.scaled_dot_product_attention(q, kk, vv); // the newest position sees every key
        else
        {
            using var mask = ones(t, past + t, dtype: ScalarType.Bool).tril(past);
            z = F.scaled_dot_product_attention(q, kk, vv, attn_mask: mask);
        }
        using (z) return z.transpose(1, 2).reshape(b, t, heads * d);
    }

    /// <summary>Keys and values for attention: the cache's (with these appended) when there is one, else these.</summary>
    public static (Tensor K, Tensor V, int Past) WithCache(KvCache? cache, int layer, Tensor k, Tensor v)
    {
        if (cache is null) return (k, v, 0);
        int past = cache.Length;
        var (keys, values) = cache.Append(layer, k, v);
        return (keys, values, past);
    }

    /// <summary>[b, t, heads * d] → [b, heads, t, d].</summary>
    public static Tensor SplitHeads(Tensor x, long heads)
    {
        long b = x.shape[0], t = x.shape[1];
        return x.view(b, t, heads, x.shape[2] / heads).transpose(1, 2);
    }
}
