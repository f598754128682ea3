using InterpLsp.Model.HuggingFace;
using InterpLsp.Model.Hooks;
using static TorchSharp.torch;
using H = InterpLsp.Model.Causal.DecoderHooks;

namespace InterpLsp.Model.Causal;

/// <summary>
/// GPT-2 (<c>GPT2LMHeadModel</c>, <c>GPT2Model</c>): learned positions, pre-LayerNorm blocks, gelu_new, tied
/// unembedding. Its Conv1D weights are stored [in, out] and are transposed once on load.
/// </summary>
public sealed class Gpt2Decoder : Decoder
{
    private sealed record Layer(Tensor Ln1W, Tensor Ln1B, Tensor QkvW, Tensor QkvB, Tensor ProjW, Tensor ProjB,
        Tensor Ln2W, Tensor Ln2B, Tensor FcW, Tensor FcB, Tensor OutW, Tensor OutB);

    private readonly Tensor _wte, _wpe, _lnfW, _lnfB;
    private readonly Layer[] _layers;
    private readonly double _eps;

    public override string Architecture => "GPT-2";
    public override IReadOnlyList<HookSpec> EmbeddingHooks { get; } = [H.Embed, H.PosEmbed];
    public override IReadOnlyList<HookSpec> BlockHooks { get; } =
        [H.ResidPre, H.Ln1Normalized, H.AttnZ, H.AttnOut, H.ResidMid, H.Ln2Normalized, H.MlpPre, H.MlpPost, H.MlpOut, H.ResidPost];

    public static DecoderShape ShapeOf(HfConfig c)
    {
        int hidden = c.PositiveInt("n_embd", "hidden_size");
        int heads = c.PositiveInt("n_head", "num_attention_heads");
        if (hidden % heads != 0) throw new ModelFolderException(c.Path, $"n_embd {hidden} is not a multiple of n_head {heads}");
        return new DecoderShape(c.PositiveInt("n_layer", "num_hidden_layers"), hidden, heads, heads, hidden / heads,
            c.OptionalPositiveInt("n_inner") ?? 4 * hidden, c.PositiveInt("vocab_size"), c.PositiveInt("n_positions", "n_ctx", "max_position_embeddings"))
            .Checked(p => new ModelFolderException(c.Path, p));
    }

    public Gpt2Decoder(HfConfig c, SafetensorsCheckpoint w) : base(ShapeOf(c))
    {
        var act = c.OptionalString("activation_function") ?? "gelu_new";
        if (act is not ("gelu_new" or "gelu_pytorch_tanh"))
            throw new ModelFolderException(c.Path, $"activation_function '{InterpLsp.Interp.IO.Echo.Input(act, 40)}' is not supported for GPT-2 (gelu_new is)");
        if (c.Bool("scale_attn_by_inverse_layer_idx", false))
            throw new ModelFolderException(c.Path, "scale_attn_by_inverse_layer_idx is not supported");
        _eps = c.Double("layer_norm_epsilon", 1e-5);
        var s = Shape;
        // The hub's gpt2 stores names without a prefix; a GPT2LMHeadModel saved by transformers prefixes "transformer.".
        string prefix = w.Contains("wte.weight") ? "" : "transformer.";
        Tensor L(string name, params long[] shape) => Keep(w.Load(prefix + name, shape));
        Tensor Conv(string name, long rows, long cols) // Conv1D [in, out] → [out, in]
        {
            using var t = w.Load(prefix + name, rows, cols);
            return Keep(t.t().contiguous());
        }
        _wte = L("wte.weight", s.Vocab, s.Hidden);
        _wpe = L("wpe.weight", s.MaxPositions, s.Hidden);
        _layers = new Layer[s.Layers];
        for (int l = 0; l < s.Layers; l++)
        {
            var p = $"h.{l}.";
            _layers[l] = new Layer(
                L(p + "ln_1.weight", s.Hidden), L(p + "ln_1.bias", s.Hidden),
                Conv(p + "attn.c_attn.weight", s.Hidden, 3 * s.Hidden), L(p + "attn.c_attn.bias", 3 * s.Hidden),
                Conv(p + "attn.c_proj.weight", s.Hidden, s.Hidden), L(p + "attn.c_proj.bias", s.Hidden),
                L(p + "ln_2.weight", s.Hidden), L(p + "ln_2.bias", s.Hidden),
                Conv(p + "mlp.c_fc.weight", s.Hidden, s.Intermediate), L(p + "mlp.c_fc.bias", s.Intermediate),
                Conv(p + "mlp.c_proj.weight", s.Intermediate, s.Hidden), L(p + "mlp.c_proj.bias", s.Hidden));
        }
        _lnfW = L("ln_f.weight", s.Hidden);
        _lnfB = L("ln_f.bias", s.Hidden);
    }

    public override Tensor UnembedWeight => _wte;

    public override Tensor Embed(Tensor ids, ActivationRecorder? rec, int offset)
    {
        var tok = TokenEmbeddings(_wte, ids, rec, offset);
        long b = ids.shape[0], t = ids.shape[1];
        var pos = _wpe.narrow(0, offset, t).unsqueeze(0).expand(b, t, Shape.Hidden);
        rec?.Record(H.PosEmbed, -1, pos);
        return tok + pos;
    }

    public override Tensor Block(int layer, Tensor resid, ActivationRecorder? rec, KvCache? cache)
    {
        var w = _layers[layer];
        var s = Shape;
        rec?.Record(H.ResidPre, layer, resid);
        var x = DecoderOps.LayerNorm(resid, w.Ln1W, w.Ln1B, _eps);
        rec?.Record(H.Ln1Normalized, layer, x);
        var qkv = DecoderOps.Linear(x, w.QkvW, w.QkvB);
        var parts = qkv.split(s.Hidden, 2);
        var q = DecoderOps.SplitHeads(parts[0], s.Heads);
        var k = DecoderOps.SplitHeads(parts[1], s.Heads);
        var v = DecoderOps.SplitHeads(parts[2], s.Heads);
        var (keys, values, past) = DecoderOps.WithCache(cache, layer, k, v);
        var z = DecoderOps.CausalAttention(q, keys, values, past);
        rec?.Record(H.AttnZ, layer, z);
        var attnOut = DecoderOps.Linear(z, w.ProjW, w.ProjB);
        rec?.Record(H.AttnOut, layer, attnOut);
        var mid = resid + attnOut;
        rec?.Record(H.ResidMid, layer, mid);
        var y = DecoderOps.LayerNorm(mid, w.Ln2W, w.Ln2B, _eps);
        rec?.Record(H.Ln2Normalized, layer, y);
        var pre = DecoderOps.Linear(y, w.FcW, w.FcB);
        rec?.Record(H.MlpPre, layer, pre);
        var post = DecoderOps.GeluTanh(pre);
        rec?.Record(H.MlpPost, layer, post);
        var mlpOut = DecoderOps.Linear(post, w.OutW, w.OutB);
        rec?.Record(H.MlpOut, layer, mlpOut);
        var residPost = mid + mlpOut;
        rec?.Record(H.ResidPost, layer, residPost);
        return residPost;
    }

    public override Tensor FinalNorm(Tensor resid) => DecoderOps.LayerNorm(resid, _lnfW, _lnfB, _eps);
    public override Tensor? FinalNormWeight => _lnfW;
    public override bool FinalNormCenters => true;
}
