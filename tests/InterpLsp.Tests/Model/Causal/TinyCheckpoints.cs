using InterpLsp.Interp.Directions;
using InterpLsp.Model.Causal;
using InterpLsp.Model.HuggingFace;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Tests.Model.Causal;

/// <summary>A tiny random checkpoint of one architecture, in the Hugging Face layout (names, shapes, config.json).</summary>
public sealed record TinyModel(string Family, JObject Config, IReadOnlyList<SafetensorsTensor> Tensors)
{
    public float[] this[string name] => Tensors.First(t => t.Name == name).Values;
    public int Vocab => (int)Config["vocab_size"]!;
    public int Layers => (int)(Config["n_layer"] ?? Config["num_hidden_layers"])!;
    public int Hidden => (int)(Config["n_embd"] ?? Config["hidden_size"])!;
}

/// <summary>
/// Writes tiny random checkpoints of each architecture (seeded; a few hundred KB) as Hugging Face folders:
/// config.json and model.safetensors, the tensors named and shaped as transformers saves them.
/// </summary>
public static class TinyCheckpoints
{
    public const int Vocab = 96;

    private sealed class Gen(int seed)
    {
        private readonly Random _r = new(seed);
        public readonly List<SafetensorsTensor> Tensors = new();

        public void Normal(string name, double scale, params long[] shape)
        {
            long n = shape.Aggregate(1L, (a, b) => a * b);
            var v = new float[n];
            for (long i = 0; i < n; i++)
            {
                double u1 = 1 - _r.NextDouble(), u2 = _r.NextDouble();
                v[i] = (float)(scale * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            }
            Tensors.Add(new SafetensorsTensor(name, shape, v));
        }

        /// <summary>A norm's weight near 1.</summary>
        public void NearOne(string name, long n)
        {
            Normal(name, 0.1, n);
            var v = Tensors[^1].Values;
            for (int i = 0; i < v.Length; i++) v[i] += 1;
        }
    }

    public static TinyModel Gpt2(int seed = 1, int hidden = 32, int layers = 2, int heads = 4, int positions = 64, int vocab = Vocab)
    {
        var g = new Gen(seed);
        g.Normal("wte.weight", 0.3, vocab, hidden);
        g.Normal("wpe.weight", 0.1, positions, hidden);
        for (int l = 0; l < layers; l++)
        {
            var p = $"h.{l}.";
            g.NearOne(p + "ln_1.weight", hidden); g.Normal(p + "ln_1.bias", 0.1, hidden);
            g.Normal(p + "attn.c_attn.weight", 0.2, hidden, 3 * hidden); g.Normal(p + "attn.c_attn.bias", 0.1, 3 * hidden);
            g.Normal(p + "attn.c_proj.weight", 0.2, hidden, hidden); g.Normal(p + "attn.c_proj.bias", 0.1, hidden);
            g.NearOne(p + "ln_2.weight", hidden); g.Normal(p + "ln_2.bias", 0.1, hidden);
            g.Normal(p + "mlp.c_fc.weight", 0.2, hidden, 4 * hidden); g.Normal(p + "mlp.c_fc.bias", 0.1, 4 * hidden);
            g.Normal(p + "mlp.c_proj.weight", 0.2, 4 * hidden, hidden); g.Normal(p + "mlp.c_proj.bias", 0.1, hidden);
        }
        g.NearOne("ln_f.weight", hidden); g.Normal("ln_f.bias", 0.1, hidden);
        var config = new JObject
        {
            ["architectures"] = new JArray("GPT2LMHeadModel"), ["model_type"] = "gpt2",
            ["vocab_size"] = vocab, ["n_embd"] = hidden, ["n_layer"] = layers, ["n_head"] = heads, ["n_positions"] = positions,
            ["n_inner"] = null, ["activation_function"] = "gelu_new", ["layer_norm_epsilon"] = 1e-5,
            ["bos_token_id"] = vocab - 1, ["eos_token_id"] = vocab - 1,
        };
        return new TinyModel("GPT-2", config, g.Tensors);
    }

    public static TinyModel NeoX(int seed = 2, int hidden = 32, int layers = 2, int heads = 4, int positions = 64,
        double rotaryPct = 0.5, bool parallel = true)
    {
        var g = new Gen(seed);
        int inter = 4 * hidden;
        g.Normal("gpt_neox.embed_in.weight", 0.3, Vocab, hidden);
        for (int l = 0; l < layers; l++)
        {
            var p = $"gpt_neox.layers.{l}.";
            g.NearOne(p + "input_layernorm.weight", hidden); g.Normal(p + "input_layernorm.bias", 0.1, hidden);
            g.NearOne(p + "post_attention_layernorm.weight", hidden); g.Normal(p + "post_attention_layernorm.bias", 0.1, hidden);
            g.Normal(p + "attention.query_key_value.weight", 0.2, 3 * hidden, hidden); g.Normal(p + "attention.query_key_value.bias", 0.1, 3 * hidden);
            g.Normal(p + "attention.dense.weight", 0.2, hidden, hidden); g.Normal(p + "attention.dense.bias", 0.1, hidden);
            g.Normal(p + "mlp.dense_h_to_4h.weight", 0.2, inter, hidden); g.Normal(p + "mlp.dense_h_to_4h.bias", 0.1, inter);
            g.Normal(p + "mlp.dense_4h_to_h.weight", 0.2, hidden, inter); g.Normal(p + "mlp.dense_4h_to_h.bias", 0.1, hidden);
        }
        g.NearOne("gpt_neox.final_layer_norm.weight", hidden); g.Normal("gpt_neox.final_layer_norm.bias", 0.1, hidden);
        g.Normal("embed_out.weight", 0.3, Vocab, hidden);
        var config = new JObject
        {
            ["architectures"] = new JArray("GPTNeoXForCausalLM"), ["model_type"] = "gpt_neox",
            ["vocab_size"] = Vocab, ["hidden_size"] = hidden, ["num_hidden_layers"] = layers, ["num_attention_heads"] = heads,
            ["intermediate_size"] = inter, ["max_position_embeddings"] = positions, ["rotary_pct"] = rotaryPct,
            ["rotary_emb_base"] = 10000, ["use_parallel_residual"] = parallel, ["hidden_act"] = "gelu",
            ["layer_norm_eps"] = 1e-5, ["tie_word_embeddings"] = false, ["bos_token_id"] = 0, ["eos_token_id"] = 0,
        };
        return new TinyModel("GPT-NeoX", config, g.Tensors);
    }

    /// <param name="family">Llama, Mistral, Qwen2 or Qwen3</param>
    public static TinyModel Llama(string family = "Llama", int seed = 3, int hidden = 32, int layers = 2, int heads = 4,
        int kvHeads = 2, int positions = 64, int? headDim = null, bool tied = false, int vocab = Vocab)
    {
        var g = new Gen(seed);
        int hd = headDim ?? hidden / heads, inter = 3 * hidden;
        g.Normal("model.embed_tokens.weight", 0.3, vocab, hidden);
        for (int l = 0; l < layers; l++)
        {
            var p = $"model.layers.{l}.";
            var a = p + "self_attn.";
            g.NearOne(p + "input_layernorm.weight", hidden);
            g.Normal(a + "q_proj.weight", 0.2, heads * hd, hidden);
            g.Normal(a + "k_proj.weight", 0.2, kvHeads * hd, hidden);
            g.Normal(a + "v_proj.weight", 0.2, kvHeads * hd, hidden);
            if (family == "Qwen2")
            {
                g.Normal(a + "q_proj.bias", 0.1, heads * hd); g.Normal(a + "k_proj.bias", 0.1, kvHeads * hd); g.Normal(a + "v_proj.bias", 0.1, kvHeads * hd);
            }
            g.Normal(a + "o_proj.weight", 0.2, hidden, heads * hd);
            if (family == "Qwen3") { g.NearOne(a + "q_norm.weight", hd); g.NearOne(a + "k_norm.weight", hd); }
            g.NearOne(p + "post_attention_layernorm.weight", hidden);
            g.Normal(p + "mlp.gate_proj.weight", 0.2, inter, hidden);
            g.Normal(p + "mlp.up_proj.weight", 0.2, inter, hidden);
            g.Normal(p + "mlp.down_proj.weight", 0.2, hidden, inter);
        }
        g.NearOne("model.norm.weight", hidden);
        if (!tied) g.Normal("lm_head.weight", 0.3, vocab, hidden);
        var (arch, type) = family switch
        {
            "Qwen2" => ("Qwen2ForCausalLM", "qwen2"),
            "Qwen3" => ("Qwen3ForCausalLM", "qwen3"),
            "Mistral" => ("MistralForCausalLM", "mistral"),
            _ => ("LlamaForCausalLM", "llama"),
        };
        var config = new JObject
        {
            ["architectures"] = new JArray(arch), ["model_type"] = type,
            ["vocab_size"] = vocab, ["hidden_size"] = hidden, ["num_hidden_layers"] = layers, ["num_attention_heads"] = heads,
            ["num_key_value_heads"] = kvHeads, ["intermediate_size"] = inter, ["max_position_embeddings"] = positions,
            ["rope_theta"] = 10000.0, ["rms_norm_eps"] = 1e-6, ["hidden_act"] = "silu", ["tie_word_embeddings"] = tied,
            ["bos_token_id"] = 1, ["eos_token_id"] = 2,
        };
        if (headDim is int h) config["head_dim"] = h;
        return new TinyModel(family, config, g.Tensors);
    }

    /// <summary>Writes config.json and model.safetensors into <paramref name="dir"/> (created).</summary>
    public static string WriteFolder(TinyModel m, string dir)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "config.json"), m.Config.ToString());
        SafetensorsWriter.Write(Path.Combine(dir, "model.safetensors"), m.Tensors);
        return dir;
    }

    /// <summary>Writes <paramref name="m"/> into <paramref name="dir"/> and loads it as the server does, with a
    /// <see cref="CharTokenizer"/> and the config's BOS.</summary>
    public static CausalLanguageModel Load(TinyModel m, string dir)
    {
        var folder = WriteFolder(m, dir);
        var config = HfConfig.Read(Path.Combine(folder, "config.json"));
        using var weights = SafetensorsCheckpoint.Open([Path.Combine(folder, "model.safetensors")]);
        return new CausalLanguageModel(HfDecoders.DecoderOf(config, weights), new CharTokenizer(m.Vocab),
            config.TokenId("bos_token_id"), m.Family, folder, 0);
    }
}
