using InterpLsp.Interp.IO;
using InterpLsp.Model.HuggingFace;
using InterpLsp.Model.Hooks;
using static TorchSharp.torch;
using H = InterpLsp.Model.Causal.DecoderHooks;

namespace InterpLsp.Model.Causal;

/// <summary>
/// GPT-NeoX (<c>GPTNeoXForCausalLM</c>: Pythia): LayerNorm, partial rotary (<c>rotary_pct</c> of each head),
/// query/key/value fused per head, and by default the parallel residual x + attn(ln1(x)) + mlp(ln2(x)) (so no
/// hook_resid_mid, as in TransformerLens); an untied unembedding (<c>embed_out</c>).
/// </summary>
public sealed class GptNeoXDecoder : Decoder
{
    private sealed record Layer(Tensor Ln1W, Tensor Ln1B, Tensor QkvW, Tensor? QkvB, Tensor DenseW, Tensor? DenseB,
        Tensor Ln2W, Tensor Ln2B, Tensor UpW, Tensor UpB, Tensor DownW, Tensor DownB);

    private readonly Tensor _embed, _lnfW, _lnfB, _unembed;
    private readonly Layer[] _layers;
    private readonly Rotary _rotary;
    private readonly double _eps;
    private readonly bool _parallel;
    private readonly bool _exactGelu;

    public override string Architecture => "GPT-NeoX";
    public override IReadOnlyList<HookSpec> EmbeddingHooks { get; } = [H.Embed];
    public override IReadOnlyList<HookSpec> BlockHooks { get; }

    public static DecoderShape ShapeOf(HfConfig c)
    {
        int hidden = c.PositiveInt("hidden_size");
        int heads = c.PositiveInt("num_attention_heads");
        if (hidden % heads != 0) throw new ModelFolderException(c.Path, $"hidden_size {hidden} is not a multiple of num_attention_heads {heads}");
        return new DecoderShape(c.PositiveInt("num_hidden_layers"), hidden, heads, heads, hidden / heads,
            c.OptionalPositiveInt("intermediate_size") ?? 4 * hidden, c.PositiveInt("vocab_size"), c.PositiveInt("max_position_embeddings"))
            .Checked(p => new ModelFolderException(c.Path, p));
    }

    public GptNeoXDecoder(HfConfig c, SafetensorsCheckpoint w) : base(ShapeOf(c))
    {
        var s = Shape;
        var act = c.OptionalString("hidden_act") ?? "gelu";
        _exactGelu = act switch
        {
            "gelu" => true,
            "gelu_new" or "gelu_fast" or "gelu_pytorch_tanh" => false,
            _ => throw new ModelFolderException(c.Path, $"hidden_act '{Echo.Input(act, 40)}' is not supported for GPT-NeoX (gelu, gelu_new are)"),
        };
        _eps = c.Double("layer_norm_eps", 1e-5);
        _parallel = c.Bool("use_parallel_residual", true);
        double pct = c.Double("rotary_pct", c.Double("partial_rotary_factor", 1.0));
        if (pct is <= 0 or > 1) throw new ModelFolderException(c.Path, $"rotary_pct {pct} is not in (0, 1]");
        int dims = (int)(s.HeadDim * pct);
        dims -= dims % 2;
        if (dims == 0) throw new ModelFolderException(c.Path, $"rotary_pct {pct} leaves no rotary dimension");
        _rotary = new Rotary(dims, Math.Min(s.MaxPositions, CausalLanguageModel.MaxContext), RopeConfig.InverseFrequencies(c, dims));
        BlockHooks = _parallel
            ? [H.ResidPre, H.Ln1Normalized, H.AttnZ, H.AttnOut, H.Ln2Normalized, H.MlpPre, H.MlpPost, H.MlpOut, H.ResidPost]
            : [H.ResidPre, H.Ln1Normalized, H.AttnZ, H.AttnOut, H.ResidMid, H.Ln2Normalized, H.MlpPre, H.MlpPost, H.MlpOut, H.ResidPost];
        Tensor L(string name, params long[] shape) => Keep(w.Load(name, shape));
        Tensor? Opt(string name, params long[] shape) => w.Contains(name) ? L(name, shape) : null;
        _embed = L("gpt_neox.embed_in.weight", s.Vocab, s.Hidden);
        _layers = new Layer[s.Layers];
        for (int l = 0; l < s.Layers; l++)
        {
            var p = $"gpt_neox.layers.{l}.";
            _layers[l] = new Layer(
                L(p + "input_layernorm.weight", s.Hidden), L(p + "input_layernorm.bias", s.Hidden),
                L(p + "attention.query_key_value.weight", 3 * s.Hidden, s.Hidden), Opt(p + "attention.query_key_value.bias", 3 * s.Hidden),
                L(p + "attention.dense.weight", s.Hidden, s.Hidden), Opt(p + "attention.dense.bias", s.Hidden),
                L(p + "post_attention_layernorm.weight", s.Hidden), L(p + "post_attention_layernorm.bias", s.Hidden),
                L(p + "mlp.dense_h_to_4h.weight", s.Intermediate, s.Hidden), L(p + "mlp.dense_h_to_4h.bias", s.Intermediate),
                L(p + "mlp.dense_4h_to_h.weight", s.Hidden, s.Intermediate), L(p + "mlp.dense_4h_to_h.bias", s.Hidden));
        }
        _lnfW = L("gpt_neox.final_layer_norm.weight", s.Hidden);
        _lnfB = L("gpt_neox.final_layer_norm.bias", s.Hidden);
        _unembed = Unembedding(w, c, "embed_out.weight", _embed);
    }

    public override Tensor UnembedWeight => _unembed;

    public override Tensor Embed(Tensor ids, ActivationRecorder? rec, int offset) => TokenEmbeddings(_embed, ids, rec, offset);

    public override Tensor Block(int layer, Tensor resid, ActivationRecorder? rec, KvCache? cache)
    {
        int offset = cache?.Length ?? 0;
        var w = _layers[layer];
        var s = Shape;
        long b = resid.shape[0], t = resid.shape[1];
        rec?.Record(H.ResidPre, layer, resid);
        var x = DecoderOps.LayerNorm(resid, w.Ln1W, w.Ln1B, _eps);
        rec?.Record(H.Ln1Normalized, layer, x);
        // [b, t, heads, 3 * headDim]: each head's q, k, v side by side.
        var qkv = DecoderOps.Linear(x, w.QkvW, w.QkvB).view(b, t, s.Heads, 3 * s.HeadDim).transpose(1, 2);
        var q = _rotary.Apply(qkv.narrow(3, 0, s.HeadDim), offset);
        var k = _rotary.Apply(qkv.narrow(3, s.HeadDim, s.HeadDim), offset);
        var v = qkv.narrow(3, 2 * s.HeadDim, s.HeadDim);
        var (keys, values, past) = DecoderOps.WithCache(cache, layer, k, v);
        var z = DecoderOps.CausalAttention(q, keys, values, past);
        rec?.Record(H.AttnZ, layer, z);
        var attnOut = DecoderOps.Linear(z, w.DenseW, w.DenseB);
        rec?.Record(H.AttnOut, layer, attnOut);
        Tensor mlpIn;
        Tensor? mid = null;
        if (_parallel) mlpIn = resid;
        else
        {
            mid = resid + attnOut;
            rec?.Record(H.ResidMid, layer, mid);
            mlpIn = mid;
        }
        var y = DecoderOps.LayerNorm(mlpIn, w.Ln2W, w.Ln2B, _eps);
        rec?.Record(H.Ln2Normalized, layer, y);
        var pre = DecoderOps.Linear(y, w.UpW, w.UpB);
        rec?.Record(H.MlpPre, layer, pre);
        var post = _exactGelu ? DecoderOps.Gelu(pre) : DecoderOps.GeluTanh(pre);
        rec?.Record(H.MlpPost, layer, post);
        var mlpOut = DecoderOps.Linear(post, w.DownW, w.DownB);
        rec?.Record(H.MlpOut, layer, mlpOut);
        var residPost = _parallel ? resid + attnOut + mlpOut : mid! + mlpOut;
        rec?.Record(H.ResidPost, layer, residPost);
        return residPost;
    }

    public override Tensor FinalNorm(Tensor resid) => DecoderOps.LayerNorm(resid, _lnfW, _lnfB, _eps);
    public override Tensor? FinalNormWeight => _lnfW;
    public override bool FinalNormCenters => true;

    public override void Dispose()
    {
        _rotary.Dispose();
        base.Dispose();
    }
}
