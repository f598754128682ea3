namespace InterpLsp.Tests.Model.Causal;

/// <summary>
/// A plain double-precision forward pass of a <see cref="TinyModel"/>, written line by line from the published
/// Hugging Face modelling code (modeling_gpt2.py, modeling_gpt_neox.py, modeling_llama.py / qwen2 / qwen3) on the raw
/// checkpoint tensors in their stored layouts: no TorchSharp, no code shared with the server. Slow; for a few tokens.
/// </summary>
public static class NaiveDecoderReference
{
    /// <summary>The residual stream after each block ([layer][position][hidden]) and the logits ([position][vocab]).</summary>
    public sealed record Result(double[][][] ResidPost, double[][] Logits);

    /// <summary>A vector added to the residual stream at every position, entering block <paramref name="Layer"/>
    /// (resid_pre) or leaving it (resid_post; what <see cref="Result.ResidPost"/> then holds).</summary>
    public sealed record ResidualAddition(int Layer, bool BeforeBlock, double[] Add);

    public static Result Run(TinyModel m, int[] ids, ResidualAddition? add = null) => m.Family switch
    {
        "GPT-2" => Gpt2(m, ids, add),
        "GPT-NeoX" => NeoX(m, ids, add),
        _ => Llama(m, ids, add),
    };

    private static void Steer(double[][] x, ResidualAddition? add, int layer, bool before)
    {
        if (add is null || add.Layer != layer || add.BeforeBlock != before) return;
        for (int t = 0; t < x.Length; t++) x[t] = Add(x[t], add.Add);
    }

    // ---- GPT-2 -------------------------------------------------------------------------------------------

    private static Result Gpt2(TinyModel m, int[] ids, ResidualAddition? add)
    {
        int d = m.Hidden, heads = (int)m.Config["n_head"]!, hd = d / heads, T = ids.Length;
        var x = new double[T][];
        for (int t = 0; t < T; t++) x[t] = Add(Row(m["wte.weight"], ids[t], d), Row(m["wpe.weight"], t, d));
        var resids = new double[m.Layers][][];
        for (int l = 0; l < m.Layers; l++)
        {
            string p = $"h.{l}.";
            Steer(x, add, l, before: true);
            var a = x.Select(r => LayerNorm(r, m[p + "ln_1.weight"], m[p + "ln_1.bias"], 1e-5)).ToArray();
            var qkv = a.Select(r => Conv1D(r, m[p + "attn.c_attn.weight"], m[p + "attn.c_attn.bias"], 3 * d)).ToArray();
            var z = Attention(T, heads, heads, hd,
                (t, h) => qkv[t][(h * hd)..((h + 1) * hd)], (t, h) => qkv[t][(d + h * hd)..(d + (h + 1) * hd)],
                (t, h) => qkv[t][(2 * d + h * hd)..(2 * d + (h + 1) * hd)]);
            for (int t = 0; t < T; t++) x[t] = Add(x[t], Conv1D(z[t], m[p + "attn.c_proj.weight"], m[p + "attn.c_proj.bias"], d));
            for (int t = 0; t < T; t++)
            {
                var n = LayerNorm(x[t], m[p + "ln_2.weight"], m[p + "ln_2.bias"], 1e-5);
                var h = Conv1D(n, m[p + "mlp.c_fc.weight"], m[p + "mlp.c_fc.bias"], 4 * d).Select(GeluTanh).ToArray();
                x[t] = Add(x[t], Conv1D(h, m[p + "mlp.c_proj.weight"], m[p + "mlp.c_proj.bias"], d));
            }
            Steer(x, add, l, before: false);
            resids[l] = x.Select(r => (double[])r.Clone()).ToArray();
        }
        var logits = x.Select(r => Linear(LayerNorm(r, m["ln_f.weight"], m["ln_f.bias"], 1e-5), m["wte.weight"], null, m.Vocab)).ToArray();
        return new Result(resids, logits);
    }

    // ---- GPT-NeoX ----------------------------------------------------------------------------------------

    private static Result NeoX(TinyModel m, int[] ids, ResidualAddition? add)
    {
        int d = m.Hidden, heads = (int)m.Config["num_attention_heads"]!, hd = d / heads, T = ids.Length;
        int rd = (int)(hd * (double)m.Config["rotary_pct"]!);
        bool parallel = (bool)m.Config["use_parallel_residual"]!;
        int inter = (int)m.Config["intermediate_size"]!;
        var x = Enumerable.Range(0, T).Select(t => Row(m["gpt_neox.embed_in.weight"], ids[t], d)).ToArray();
        var resids = new double[m.Layers][][];
        for (int l = 0; l < m.Layers; l++)
        {
            string p = $"gpt_neox.layers.{l}.";
            Steer(x, add, l, before: true);
            var a = x.Select(r => LayerNorm(r, m[p + "input_layernorm.weight"], m[p + "input_layernorm.bias"], 1e-5)).ToArray();
            var qkv = a.Select(r => Linear(r, m[p + "attention.query_key_value.weight"], m[p + "attention.query_key_value.bias"], 3 * d)).ToArray();
            // Per head h the fused output holds [q | k | v] of that head: columns h*3hd ...
            double[] Part(int t, int h, int which) => qkv[t][(h * 3 * hd + which * hd)..(h * 3 * hd + (which + 1) * hd)];
            var z = Attention(T, heads, heads, hd, (t, h) => Rotate(Part(t, h, 0), t, rd, 10000),
                (t, h) => Rotate(Part(t, h, 1), t, rd, 10000), (t, h) => Part(t, h, 2));
            var attn = z.Select(r => Linear(r, m[p + "attention.dense.weight"], m[p + "attention.dense.bias"], d)).ToArray();
            for (int t = 0; t < T; t++)
            {
                var mlpIn = parallel ? x[t] : Add(x[t], attn[t]);
                var n = LayerNorm(mlpIn, m[p + "post_attention_layernorm.weight"], m[p + "post_attention_layernorm.bias"], 1e-5);
                var h = Linear(n, m[p + "mlp.dense_h_to_4h.weight"], m[p + "mlp.dense_h_to_4h.bias"], inter).Select(GeluErf).ToArray();
                var mlp = Linear(h, m[p + "mlp.dense_4h_to_h.weight"], m[p + "mlp.dense_4h_to_h.bias"], d);
                x[t] = Add(Add(x[t], attn[t]), mlp);
            }
            Steer(x, add, l, before: false);
            resids[l] = x.Select(r => (double[])r.Clone()).ToArray();
        }
        var logits = x.Select(r => Linear(LayerNorm(r, m["gpt_neox.final_layer_norm.weight"], m["gpt_neox.final_layer_norm.bias"], 1e-5),
            m["embed_out.weight"], null, m.Vocab)).ToArray();
        return new Result(resids, logits);
    }

    // ---- Llama / Mistral / Qwen2 / Qwen3 -------------------------------------------------------------------

    private static Result Llama(TinyModel m, int[] ids, ResidualAddition? add)
    {
        int d = m.Hidden, heads = (int)m.Config["num_attention_heads"]!, kvHeads = (int)m.Config["num_key_value_heads"]!;
        int hd = (int?)m.Config["head_dim"] ?? d / heads, T = ids.Length, inter = (int)m.Config["intermediate_size"]!;
        double theta = (double)m.Config["rope_theta"]!, eps = (double)m.Config["rms_norm_eps"]!;
        bool qkNorm = m.Family == "Qwen3";
        float[]? Opt(string name) => m.Tensors.FirstOrDefault(t => t.Name == name)?.Values;
        var x = Enumerable.Range(0, T).Select(t => Row(m["model.embed_tokens.weight"], ids[t], d)).ToArray();
        var resids = new double[m.Layers][][];
        for (int l = 0; l < m.Layers; l++)
        {
            string p = $"model.layers.{l}.", a = p + "self_attn.";
            Steer(x, add, l, before: true);
            var n1 = x.Select(r => RmsNorm(r, m[p + "input_layernorm.weight"], eps)).ToArray();
            var q = n1.Select(r => Linear(r, m[a + "q_proj.weight"], Opt(a + "q_proj.bias"), heads * hd)).ToArray();
            var k = n1.Select(r => Linear(r, m[a + "k_proj.weight"], Opt(a + "k_proj.bias"), kvHeads * hd)).ToArray();
            var v = n1.Select(r => Linear(r, m[a + "v_proj.weight"], Opt(a + "v_proj.bias"), kvHeads * hd)).ToArray();
            double[] Head(double[] row, int h, string? norm)
            {
                var s = row[(h * hd)..((h + 1) * hd)];
                return norm is null ? s : RmsNorm(s, m[norm], eps);
            }
            var z = Attention(T, heads, kvHeads, hd,
                (t, h) => Rotate(Head(q[t], h, qkNorm ? a + "q_norm.weight" : null), t, hd, theta),
                (t, h) => Rotate(Head(k[t], h, qkNorm ? a + "k_norm.weight" : null), t, hd, theta),
                (t, h) => Head(v[t], h, null));
            for (int t = 0; t < T; t++)
            {
                x[t] = Add(x[t], Linear(z[t], m[a + "o_proj.weight"], null, d));
                var n2 = RmsNorm(x[t], m[p + "post_attention_layernorm.weight"], eps);
                var gate = Linear(n2, m[p + "mlp.gate_proj.weight"], null, inter);
                var up = Linear(n2, m[p + "mlp.up_proj.weight"], null, inter);
                var h = gate.Select((g, i) => g / (1 + Math.Exp(-g)) * up[i]).ToArray();
                x[t] = Add(x[t], Linear(h, m[p + "mlp.down_proj.weight"], null, d));
            }
            Steer(x, add, l, before: false);
            resids[l] = x.Select(r => (double[])r.Clone()).ToArray();
        }
        var head = Opt("lm_head.weight") ?? m["model.embed_tokens.weight"];
        var logits = x.Select(r => Linear(RmsNorm(r, m["model.norm.weight"], eps), head, null, m.Vocab)).ToArray();
        return new Result(resids, logits);
    }

    // ---- pieces ------------------------------------------------------------------------------------------

    /// <summary>Causal softmax attention; query head h reads key/value head h / (heads / kvHeads) (repeat_kv).</summary>
    private static double[][] Attention(int T, int heads, int kvHeads, int hd,
        Func<int, int, double[]> q, Func<int, int, double[]> k, Func<int, int, double[]> v)
    {
        var z = Enumerable.Range(0, T).Select(_ => new double[heads * hd]).ToArray();
        int group = heads / kvHeads;
        for (int h = 0; h < heads; h++)
        {
            int kh = h / group;
            var keys = Enumerable.Range(0, T).Select(t => k(t, kh)).ToArray();
            var values = Enumerable.Range(0, T).Select(t => v(t, kh)).ToArray();
            for (int t = 0; t < T; t++)
            {
                var qt = q(t, h);
                var s = new double[t + 1];
                for (int j = 0; j <= t; j++) s[j] = Dot(qt, keys[j]) / Math.Sqrt(hd);
                double max = s.Max(), sum = 0;
                for (int j = 0; j <= t; j++) { s[j] = Math.Exp(s[j] - max); sum += s[j]; }
                for (int j = 0; j <= t; j++)
                    for (int i = 0; i < hd; i++) z[t][h * hd + i] += s[j] / sum * values[j][i];
            }
        }
        return z;
    }

    /// <summary>rotate_half on the first <paramref name="dims"/> entries at position <paramref name="pos"/>.</summary>
    private static double[] Rotate(double[] x, int pos, int dims, double theta)
    {
        var r = (double[])x.Clone();
        int half = dims / 2;
        for (int i = 0; i < half; i++)
        {
            double a = pos / Math.Pow(theta, 2.0 * i / dims);
            double c = Math.Cos(a), s = Math.Sin(a);
            r[i] = x[i] * c - x[i + half] * s;
            r[i + half] = x[i + half] * c + x[i] * s;
        }
        return r;
    }

    private static double[] Row(float[] w, int row, int cols) => Enumerable.Range(0, cols).Select(c => (double)w[row * cols + c]).ToArray();
    private static double[] Add(double[] a, double[] b) => a.Select((x, i) => x + b[i]).ToArray();
    private static double Dot(double[] a, double[] b) { double s = 0; for (int i = 0; i < a.Length; i++) s += a[i] * b[i]; return s; }

    /// <summary>nn.Linear: W stored [out, in].</summary>
    private static double[] Linear(double[] x, float[] w, float[]? b, int outDim)
    {
        var y = new double[outDim];
        for (int o = 0; o < outDim; o++)
        {
            double s = b?[o] ?? 0;
            for (int i = 0; i < x.Length; i++) s += w[o * x.Length + i] * x[i];
            y[o] = s;
        }
        return y;
    }

    /// <summary>GPT-2's Conv1D: W stored [in, out].</summary>
    private static double[] Conv1D(double[] x, float[] w, float[] b, int outDim)
    {
        var y = new double[outDim];
        for (int o = 0; o < outDim; o++)
        {
            double s = b[o];
            for (int i = 0; i < x.Length; i++) s += w[i * outDim + o] * x[i];
            y[o] = s;
        }
        return y;
    }

    private static double[] LayerNorm(double[] x, float[] w, float[] b, double eps)
    {
        double mean = x.Average(), variance = x.Select(v => (v - mean) * (v - mean)).Average();
        return x.Select((v, i) => (v - mean) / Math.Sqrt(variance + eps) * w[i] + b[i]).ToArray();
    }

    private static double[] RmsNorm(double[] x, float[] w, double eps)
    {
        double ms = x.Select(v => v * v).Average();
        return x.Select((v, i) => v / Math.Sqrt(ms + eps) * w[i]).ToArray();
    }

    private static double GeluTanh(double x) => 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));

    private static double GeluErf(double x) => 0.5 * x * (1 + Erf(x / Math.Sqrt(2)));

    /// <summary>erf by its Taylor series, to about 1e-10 for |x| ≤ 4.5.</summary>
    private static double Erf(double x)
    {
        if (Math.Abs(x) > 4.5) return Math.Sign(x); // |1 - erf| < 2e-10 there; the series would lose digits
        double sum = 0, term = x;
        for (int n = 0; n < 200; n++)
        {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
            if (Math.Abs(term) < 1e-17) break;
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }
}
