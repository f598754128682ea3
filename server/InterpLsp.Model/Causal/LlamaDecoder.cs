using InterpLsp.Interp.IO;
using InterpLsp.Model.HuggingFace;
using InterpLsp.Model.Hooks;
using static TorchSharp.torch;
using H = InterpLsp.Model.Causal.DecoderHooks;

namespace InterpLsp.Model.Causal;

/// <summary>
/// The Llama family (<c>LlamaForCausalLM</c>, <c>MistralForCausalLM</c>, <c>Qwen2ForCausalLM</c>,
/// <c>Qwen3ForCausalLM</c>): RMSNorm, rotary on whole heads, grouped-query attention, SwiGLU MLP
/// (TransformerLens: mlp.hook_pre = gate projection, hook_pre_linear = up projection, hook_post = silu(gate) * up).
/// Qwen2 adds q/k/v biases; Qwen3 RMS-normalises each head's queries and keys before the rotation.
/// </summary>
public sealed class LlamaDecoder : Decoder
{
    private sealed record Layer(Tensor Ln1, Tensor Q, Tensor? Qb, Tensor K, Tensor? Kb, Tensor V, Tensor? Vb, Tensor O, Tensor? Ob,
        Tensor? QNorm, Tensor? KNorm, Tensor Ln2, Tensor Gate, Tensor Up, Tensor Down);

    private readonly Tensor _embed, _norm, _unembed;
    private readonly Layer[] _layers;
    private readonly Rotary _rotary;
    private readonly double _eps;

    public override string Architecture { get; }
    public override IReadOnlyList<HookSpec> EmbeddingHooks { get; } = [H.Embed];
    public override IReadOnlyList<HookSpec> BlockHooks { get; } =
        [H.ResidPre, H.Ln1Normalized, H.AttnZ, H.AttnOut, H.ResidMid, H.Ln2Normalized, H.MlpPre, H.MlpPreLinear, H.MlpPost, H.MlpOut, H.ResidPost];

    public static DecoderShape ShapeOf(HfConfig c)
    {
        int hidden = c.PositiveInt("hidden_size");
        int heads = c.PositiveInt("num_attention_heads");
        int headDim = c.OptionalPositiveInt("head_dim") ?? (hidden % heads == 0 ? hidden / heads
            : throw new ModelFolderException(c.Path, $"hidden_size {hidden} is not a multiple of num_attention_heads {heads} and no head_dim is given"));
        return new DecoderShape(c.PositiveInt("num_hidden_layers"), hidden, heads, c.OptionalPositiveInt("num_key_value_heads") ?? heads,
            headDim, c.PositiveInt("intermediate_size"), c.PositiveInt("vocab_size"), c.PositiveInt("max_position_embeddings"))
            .Checked(p => new ModelFolderException(c.Path, p));
    }

    /// <param name="family">Llama, Mistral, Qwen2 or Qwen3 (decides the biases and q/k norms)</param>
    public LlamaDecoder(HfConfig c, SafetensorsCheckpoint w, string family) : base(ShapeOf(c))
    {
        Architecture = family;
        var s = Shape;
        var act = c.OptionalString("hidden_act") ?? "silu";
        if (act != "silu") throw new ModelFolderException(c.Path, $"hidden_act '{Echo.Input(act, 40)}' is not supported ({family} uses silu)");
        if (c.Bool("mlp_bias", false)) throw new ModelFolderException(c.Path, "mlp_bias is not supported");
        _eps = c.Double("rms_norm_eps", 1e-6);
        // Rotary tables only as long as the longest window this tool runs (see CausalLanguageModel.MaxContext).
        _rotary = new Rotary(s.HeadDim, Math.Min(s.MaxPositions, CausalLanguageModel.MaxContext), RopeConfig.InverseFrequencies(c, s.HeadDim));
        bool qkvBias = family == "Qwen2" || c.Bool("attention_bias", false);
        bool oBias = family != "Qwen2" && c.Bool("attention_bias", false);
        bool qkNorm = family == "Qwen3";
        Tensor L(string name, params long[] shape) => Keep(w.Load(name, shape));
        long q = s.Heads * s.HeadDim, kv = s.KvHeads * s.HeadDim;
        _embed = L("model.embed_tokens.weight", s.Vocab, s.Hidden);
        _layers = new Layer[s.Layers];
        for (int l = 0; l < s.Layers; l++)
        {
            var p = $"model.layers.{l}.";
            var a = p + "self_attn.";
            _layers[l] = new Layer(
                L(p + "input_layernorm.weight", s.Hidden),
                L(a + "q_proj.weight", q, s.Hidden), qkvBias ? L(a + "q_proj.bias", q) : null,
                L(a + "k_proj.weight", kv, s.Hidden), qkvBias ? L(a + "k_proj.bias", kv) : null,
                L(a + "v_proj.weight", kv, s.Hidden), qkvBias ? L(a + "v_proj.bias", kv) : null,
                L(a + "o_proj.weight", s.Hidden, q), oBias ? L(a + "o_proj.bias", s.Hidden) : null,
                qkNorm ? L(a + "q_norm.weight", s.HeadDim) : null, qkNorm ? L(a + "k_norm.weight", s.HeadDim) : null,
                L(p + "post_attention_layernorm.weight", s.Hidden),
                L(p + "mlp.gate_proj.weight", s.Intermediate, s.Hidden),
                L(p + "mlp.up_proj.weight", s.Intermediate, s.Hidden),
                L(p + "mlp.down_proj.weight", s.Hidden, s.Intermediate));
        }
        _norm = L("model.norm.weight", s.Hidden);
        _unembed = Unembedding(w, c, "lm_head.weight", _embed);
    }

    public override Tensor UnembedWeight => _unembed;

    public override Tensor Embed(Tensor ids, ActivationRecorder? rec, int offset) => TokenEmbeddings(_embed, ids, rec, offset);

    public override Tensor Block(int layer, Tensor resid, ActivationRecorder? rec, KvCache? cache)
    {
        int offset = cache?.Length ?? 0;
        var w = _layers[layer];
        var s = Shape;
        rec?.Record(H.ResidPre, layer, resid);
        var x = DecoderOps.RmsNorm(resid, w.Ln1, _eps);
        rec?.Record(H.Ln1Normalized, layer, x);
        var q = DecoderOps.SplitHeads(DecoderOps.Linear(x, w.Q, w.Qb), s.Heads);
        var k = DecoderOps.SplitHeads(DecoderOps.Linear(x, w.K, w.Kb), s.KvHeads);
        var v = DecoderOps.SplitHeads(DecoderOps.Linear(x, w.V, w.Vb), s.KvHeads);
        if (w.QNorm is not null) q = DecoderOps.RmsNorm(q, w.QNorm, _eps);
        if (w.KNorm is not null) k = DecoderOps.RmsNorm(k, w.KNorm!, _eps);
        var (keys, values, past) = DecoderOps.WithCache(cache, layer, _rotary.Apply(k, offset), v);
        var z = DecoderOps.CausalAttention(_rotary.Apply(q, offset), keys, values, past);
        rec?.Record(H.AttnZ, layer, z);
        var attnOut = DecoderOps.Linear(z, w.O, w.Ob);
        rec?.Record(H.AttnOut, layer, attnOut);
        var mid = resid + attnOut;
        rec?.Record(H.ResidMid, layer, mid);
        var y = DecoderOps.RmsNorm(mid, w.Ln2, _eps);
        rec?.Record(H.Ln2Normalized, layer, y);
        var gate = DecoderOps.Linear(y, w.Gate, null);
        rec?.Record(H.MlpPre, layer, gate);
        var up = DecoderOps.Linear(y, w.Up, null);
        rec?.Record(H.MlpPreLinear, layer, up);
        var post = DecoderOps.Silu(gate) * up;
        rec?.Record(H.MlpPost, layer, post);
        var mlpOut = DecoderOps.Linear(post, w.Down, null);
        rec?.Record(H.MlpOut, layer, mlpOut);
        var residPost = mid + mlpOut;
        rec?.Record(H.ResidPost, layer, residPost);
        return residPost;
    }

    public override Tensor FinalNorm(Tensor resid) => DecoderOps.RmsNorm(resid, _norm, _eps);
    public override Tensor? FinalNormWeight => _norm;
    public override bool FinalNormCenters => false;

    public override void Dispose()
    {
        _rotary.Dispose();
        base.Dispose();
    }
}
