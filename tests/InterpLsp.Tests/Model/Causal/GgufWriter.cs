using System.Text;
using InterpLsp.Interp.Directions;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Tests.Model.Causal;

/// <summary>
/// Writes a <see cref="TinyModel"/> as a GGUF v3 file (all tensors F32, alignment 32) the way llama.cpp's
/// convert_hf_to_gguf.py converts that architecture, so that llama.cpp can serve as an independent reference:
/// <list type="bullet">
/// <item>GPT-2 → "gpt2": Conv1D weights ([in, out]) transposed to [out, in]; no output.weight (tied to token_embd).</item>
/// <item>GPT-NeoX → "gptneox": the fused query_key_value kept fused but regrouped from per-head [q k v] to
/// [all q; all k; all v]; rope dims = rotary_pct × head_dim; use_parallel_residual.</item>
/// <item>Llama/Mistral → "llama": q_proj and k_proj rows permuted per head (HF's half-split rotary to GGUF llama's
/// interleaved pairs).</item>
/// <item>Qwen2 → "qwen2" (NeoX rope, no permute, q/k/v biases); Qwen3 → "qwen3" (also q_norm / k_norm).</item>
/// </list>
/// The tokenizer is a 96-token byte-level BPE ("gpt2") vocabulary with no merges: enough for llama.cpp to load;
/// token ids are fed directly, so tokenization never matters. A tensor's GGUF dims are its HF shape reversed
/// (ne0 innermost), its bytes unchanged (row-major).
/// </summary>
public static class GgufWriter
{
    private const uint Alignment = 32;

    private enum ValueType : uint { UInt32 = 4, Int32 = 5, Float32 = 6, Bool = 7, String = 8, Array = 9 }

    /// <summary>The GGUF architecture name for a <see cref="TinyModel.Family"/>.</summary>
    public static string ArchOf(string family) => family switch
    {
        "GPT-2" => "gpt2",
        "GPT-NeoX" => "gptneox",
        "Llama" or "Mistral" => "llama",
        "Qwen2" => "qwen2",
        "Qwen3" => "qwen3",
        _ => throw new ArgumentException($"no GGUF architecture for {family}"),
    };

    public static void Write(TinyModel m, string path)
    {
        string arch = ArchOf(m.Family);
        var kv = new List<(string Key, ValueType Type, object Value)>();
        void U32(string k, long v) => kv.Add((k, ValueType.UInt32, (uint)v));
        void F32(string k, double v) => kv.Add((k, ValueType.Float32, (float)v));

        kv.Add(("general.architecture", ValueType.String, arch));
        kv.Add(("general.name", ValueType.String, "tiny-" + arch));
        U32("general.file_type", 0); // LLAMA_FTYPE_ALL_F32
        U32("general.alignment", Alignment);

        var c = m.Config;
        var tensors = new List<(string Name, long[] Ne, float[] Data)>();
        switch (m.Family)
        {
            case "GPT-2": Gpt2(m, c, arch, U32, F32, tensors); break;
            case "GPT-NeoX": NeoX(m, c, arch, U32, F32, kv, tensors); break;
            default: Llama(m, c, arch, U32, F32, tensors); break;
        }

        // Tokenizer: byte-level BPE over the first 96 bytes in GPT-2's byte-to-unicode mapping (distinct strings,
        // "Ċ" = newline among them), all normal tokens, no merges.
        kv.Add(("tokenizer.ggml.model", ValueType.String, "gpt2"));
        kv.Add(("tokenizer.ggml.pre", ValueType.String, "default"));
        kv.Add(("tokenizer.ggml.tokens", ValueType.Array,
            (ValueType.String, (object[])Enumerable.Range(0, m.Vocab).Select(b => (object)ByteToUnicode(b)).ToArray())));
        kv.Add(("tokenizer.ggml.token_type", ValueType.Array,
            (ValueType.Int32, Enumerable.Repeat((object)1, m.Vocab).ToArray())));
        kv.Add(("tokenizer.ggml.merges", ValueType.Array, (ValueType.String, Array.Empty<object>())));
        U32("tokenizer.ggml.bos_token_id", (int)c["bos_token_id"]!);
        U32("tokenizer.ggml.eos_token_id", (int)c["eos_token_id"]!);
        kv.Add(("tokenizer.ggml.add_bos_token", ValueType.Bool, false));

        WriteFile(path, kv, tensors);
    }

    private static void Gpt2(TinyModel m, JObject c, string arch, Action<string, long> u32, Action<string, double> f32,
        List<(string, long[], float[])> t)
    {
        int d = m.Hidden, positions = (int)c["n_positions"]!;
        u32($"{arch}.context_length", positions);
        u32($"{arch}.embedding_length", d);
        u32($"{arch}.feed_forward_length", 4 * d);
        u32($"{arch}.block_count", m.Layers);
        u32($"{arch}.attention.head_count", (int)c["n_head"]!);
        f32($"{arch}.attention.layer_norm_epsilon", (double)c["layer_norm_epsilon"]!);

        Same(t, m, "wte.weight", "token_embd.weight");
        Same(t, m, "wpe.weight", "position_embd.weight");
        for (int l = 0; l < m.Layers; l++)
        {
            string p = $"h.{l}.", b = $"blk.{l}.";
            Same(t, m, p + "ln_1.weight", b + "attn_norm.weight"); Same(t, m, p + "ln_1.bias", b + "attn_norm.bias");
            Transposed(t, m, p + "attn.c_attn.weight", b + "attn_qkv.weight"); Same(t, m, p + "attn.c_attn.bias", b + "attn_qkv.bias");
            Transposed(t, m, p + "attn.c_proj.weight", b + "attn_output.weight"); Same(t, m, p + "attn.c_proj.bias", b + "attn_output.bias");
            Same(t, m, p + "ln_2.weight", b + "ffn_norm.weight"); Same(t, m, p + "ln_2.bias", b + "ffn_norm.bias");
            Transposed(t, m, p + "mlp.c_fc.weight", b + "ffn_up.weight"); Same(t, m, p + "mlp.c_fc.bias", b + "ffn_up.bias");
            Transposed(t, m, p + "mlp.c_proj.weight", b + "ffn_down.weight"); Same(t, m, p + "mlp.c_proj.bias", b + "ffn_down.bias");
        }
        Same(t, m, "ln_f.weight", "output_norm.weight"); Same(t, m, "ln_f.bias", "output_norm.bias");
    }

    private static void NeoX(TinyModel m, JObject c, string arch, Action<string, long> u32, Action<string, double> f32,
        List<(string Key, ValueType Type, object Value)> kv, List<(string, long[], float[])> t)
    {
        int d = m.Hidden, heads = (int)c["num_attention_heads"]!, hd = d / heads;
        u32($"{arch}.context_length", (int)c["max_position_embeddings"]!);
        u32($"{arch}.embedding_length", d);
        u32($"{arch}.block_count", m.Layers);
        u32($"{arch}.feed_forward_length", (int)c["intermediate_size"]!);
        u32($"{arch}.rope.dimension_count", (int)((double)c["rotary_pct"]! * hd));
        u32($"{arch}.attention.head_count", heads);
        kv.Add(($"{arch}.use_parallel_residual", ValueType.Bool, (bool?)c["use_parallel_residual"] ?? true));
        f32($"{arch}.attention.layer_norm_epsilon", (double)c["layer_norm_eps"]!);
        f32($"{arch}.rope.freq_base", (double?)c["rotary_emb_base"] ?? 10000);

        Same(t, m, "gpt_neox.embed_in.weight", "token_embd.weight");
        for (int l = 0; l < m.Layers; l++)
        {
            string p = $"gpt_neox.layers.{l}.", b = $"blk.{l}.";
            Same(t, m, p + "input_layernorm.weight", b + "attn_norm.weight"); Same(t, m, p + "input_layernorm.bias", b + "attn_norm.bias");
            // HF rows are [head][q|k|v][head_dim]; llama.cpp views [q of all heads | k ... | v ...].
            t.Add((b + "attn_qkv.weight", [d, 3 * d], RegroupQkv(m[p + "attention.query_key_value.weight"], heads, hd, d)));
            t.Add((b + "attn_qkv.bias", [3 * d], RegroupQkv(m[p + "attention.query_key_value.bias"], heads, hd, 1)));
            Same(t, m, p + "attention.dense.weight", b + "attn_output.weight"); Same(t, m, p + "attention.dense.bias", b + "attn_output.bias");
            Same(t, m, p + "post_attention_layernorm.weight", b + "ffn_norm.weight"); Same(t, m, p + "post_attention_layernorm.bias", b + "ffn_norm.bias");
            Same(t, m, p + "mlp.dense_h_to_4h.weight", b + "ffn_up.weight"); Same(t, m, p + "mlp.dense_h_to_4h.bias", b + "ffn_up.bias");
            Same(t, m, p + "mlp.dense_4h_to_h.weight", b + "ffn_down.weight"); Same(t, m, p + "mlp.dense_4h_to_h.bias", b + "ffn_down.bias");
        }
        Same(t, m, "gpt_neox.final_layer_norm.weight", "output_norm.weight"); Same(t, m, "gpt_neox.final_layer_norm.bias", "output_norm.bias");
        Same(t, m, "embed_out.weight", "output.weight");
    }

    private static void Llama(TinyModel m, JObject c, string arch, Action<string, long> u32, Action<string, double> f32,
        List<(string, long[], float[])> t)
    {
        int d = m.Hidden, heads = (int)c["num_attention_heads"]!, kvHeads = (int?)c["num_key_value_heads"] ?? heads;
        int hd = (int?)c["head_dim"] ?? d / heads;
        u32($"{arch}.context_length", (int)c["max_position_embeddings"]!);
        u32($"{arch}.embedding_length", d);
        u32($"{arch}.block_count", m.Layers);
        u32($"{arch}.feed_forward_length", (int)c["intermediate_size"]!);
        u32($"{arch}.attention.head_count", heads);
        u32($"{arch}.attention.head_count_kv", kvHeads);
        u32($"{arch}.attention.key_length", hd);
        u32($"{arch}.attention.value_length", hd);
        u32($"{arch}.rope.dimension_count", hd);
        f32($"{arch}.rope.freq_base", (double)c["rope_theta"]!);
        f32($"{arch}.attention.layer_norm_rms_epsilon", (double)c["rms_norm_eps"]!);

        bool permute = arch == "llama"; // GGUF llama uses interleaved (GPT-J style) rope; qwen2/qwen3 use NeoX rope.
        Same(t, m, "model.embed_tokens.weight", "token_embd.weight");
        for (int l = 0; l < m.Layers; l++)
        {
            string p = $"model.layers.{l}.", a = p + "self_attn.", b = $"blk.{l}.";
            Same(t, m, p + "input_layernorm.weight", b + "attn_norm.weight");
            if (permute)
            {
                t.Add((b + "attn_q.weight", [d, heads * hd], PermuteRows(m[a + "q_proj.weight"], heads, hd, d)));
                t.Add((b + "attn_k.weight", [d, kvHeads * hd], PermuteRows(m[a + "k_proj.weight"], kvHeads, hd, d)));
            }
            else
            {
                Same(t, m, a + "q_proj.weight", b + "attn_q.weight");
                Same(t, m, a + "k_proj.weight", b + "attn_k.weight");
            }
            Same(t, m, a + "v_proj.weight", b + "attn_v.weight");
            if (Has(m, a + "q_proj.bias"))
            {
                if (permute) throw new NotSupportedException("q/k biases with a permuted llama");
                Same(t, m, a + "q_proj.bias", b + "attn_q.bias");
                Same(t, m, a + "k_proj.bias", b + "attn_k.bias");
                Same(t, m, a + "v_proj.bias", b + "attn_v.bias");
            }
            Same(t, m, a + "o_proj.weight", b + "attn_output.weight");
            if (Has(m, a + "q_norm.weight"))
            {
                Same(t, m, a + "q_norm.weight", b + "attn_q_norm.weight");
                Same(t, m, a + "k_norm.weight", b + "attn_k_norm.weight");
            }
            Same(t, m, p + "post_attention_layernorm.weight", b + "ffn_norm.weight");
            Same(t, m, p + "mlp.gate_proj.weight", b + "ffn_gate.weight");
            Same(t, m, p + "mlp.up_proj.weight", b + "ffn_up.weight");
            Same(t, m, p + "mlp.down_proj.weight", b + "ffn_down.weight");
        }
        Same(t, m, "model.norm.weight", "output_norm.weight");
        if (Has(m, "lm_head.weight")) Same(t, m, "lm_head.weight", "output.weight"); // tied: llama.cpp falls back to token_embd
    }

    private static bool Has(TinyModel m, string name) => m.Tensors.Any(x => x.Name == name);

    private static SafetensorsTensor Get(TinyModel m, string name) => m.Tensors.First(x => x.Name == name);

    /// <summary>Same bytes, dims reversed (HF [out, in] → GGUF ne [in, out]).</summary>
    private static void Same(List<(string, long[], float[])> t, TinyModel m, string hf, string gguf)
    {
        var s = Get(m, hf);
        t.Add((gguf, s.Shape.Reverse().ToArray(), s.Values));
    }

    /// <summary>A GPT-2 Conv1D weight stored [in, out] transposed to [out, in] (GGUF ne [in, out]).</summary>
    private static void Transposed(List<(string, long[], float[])> t, TinyModel m, string hf, string gguf)
    {
        var s = Get(m, hf);
        int rows = (int)s.Shape[0], cols = (int)s.Shape[1];
        var v = new float[s.Values.Length];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                v[j * rows + i] = s.Values[i * cols + j];
        t.Add((gguf, [rows, cols], v));
    }

    /// <summary>GPT-NeoX's fused rows [head][3][head_dim] (× cols) regrouped to [3][head][head_dim] (× cols).</summary>
    private static float[] RegroupQkv(float[] w, int heads, int hd, int cols)
    {
        var v = new float[w.Length];
        for (int h = 0; h < heads; h++)
            for (int k = 0; k < 3; k++)
                for (int i = 0; i < hd; i++)
                    Array.Copy(w, ((h * 3 + k) * hd + i) * cols, v, ((k * heads + h) * hd + i) * cols, cols);
        return v;
    }

    /// <summary>
    /// The converter's llama permute: rows of each head viewed [2][head_dim/2] and swapped to [head_dim/2][2], so the
    /// rotary pairs (i, i + head_dim/2) of HF's rotate_half become adjacent rows (2i, 2i + 1).
    /// </summary>
    private static float[] PermuteRows(float[] w, int heads, int hd, int cols)
    {
        var v = new float[w.Length];
        int half = hd / 2;
        for (int h = 0; h < heads; h++)
            for (int j = 0; j < 2; j++)
                for (int i = 0; i < half; i++)
                    Array.Copy(w, (h * hd + j * half + i) * cols, v, (h * hd + i * 2 + j) * cols, cols);
        return v;
    }

    /// <summary>GPT-2's bytes_to_unicode: printable bytes map to themselves, the others to U+0100 onwards in order.</summary>
    private static string ByteToUnicode(int b)
    {
        static bool Printable(int x) => (x >= '!' && x <= '~') || (x >= 0xA1 && x <= 0xAC) || (x >= 0xAE && x <= 0xFF);
        if (Printable(b)) return ((char)b).ToString();
        int n = 0;
        for (int x = 0; x < b; x++) if (!Printable(x)) n++;
        return ((char)(256 + n)).ToString();
    }

    // ---- the file ----------------------------------------------------------------------------------------

    private static void WriteFile(string path, List<(string Key, ValueType Type, object Value)> kv, List<(string Name, long[] Ne, float[] Data)> tensors)
    {
        using var w = new BinaryWriter(File.Create(path), Encoding.UTF8);
        w.Write("GGUF"u8.ToArray());
        w.Write(3u);
        w.Write((ulong)tensors.Count);
        w.Write((ulong)kv.Count);
        foreach (var (key, type, value) in kv)
        {
            Str(w, key);
            w.Write((uint)type);
            if (type == ValueType.Array)
            {
                var (elem, items) = ((ValueType, object[]))value;
                w.Write((uint)elem);
                w.Write((ulong)items.Length);
                foreach (var item in items) Scalar(w, elem, item);
            }
            else Scalar(w, type, value);
        }
        ulong offset = 0;
        foreach (var (name, ne, data) in tensors)
        {
            if (ne.Aggregate(1L, (a, b) => a * b) != data.Length) throw new InvalidOperationException($"{name}: shape and data differ");
            Str(w, name);
            w.Write((uint)ne.Length);
            foreach (var n in ne) w.Write((ulong)n);
            w.Write(0u); // GGML_TYPE_F32
            w.Write(offset);
            offset = Align(offset + (ulong)data.Length * 4);
        }
        Pad(w);
        long start = w.BaseStream.Position;
        foreach (var (_, _, data) in tensors)
        {
            foreach (var x in data) w.Write(x);
            Pad(w, start);
        }
    }

    private static ulong Align(ulong x) => (x + Alignment - 1) / Alignment * Alignment;

    private static void Pad(BinaryWriter w, long start = 0)
    {
        long pos = w.BaseStream.Position - start;
        long target = (long)Align((ulong)pos);
        for (long i = pos; i < target; i++) w.Write((byte)0);
    }

    private static void Str(BinaryWriter w, string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        w.Write((ulong)bytes.Length);
        w.Write(bytes);
    }

    private static void Scalar(BinaryWriter w, ValueType type, object v)
    {
        switch (type)
        {
            case ValueType.UInt32: w.Write((uint)v); break;
            case ValueType.Int32: w.Write((int)v); break;
            case ValueType.Float32: w.Write((float)v); break;
            case ValueType.Bool: w.Write((bool)v ? (byte)1 : (byte)0); break;
            case ValueType.String: Str(w, (string)v); break;
            default: throw new NotSupportedException(type.ToString());
        }
    }
}
