using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using InterpLsp.Model.Hooks;

namespace InterpLsp.Model.Bert;

/// <summary>
/// One post-LayerNorm BERT block, with TransformerLens's <c>BertBlock</c> hook points:
/// resid_mid = resid_pre + attn(resid_pre); n = ln1(resid_mid); resid_post = n + mlp(n);
/// normalized_resid_post = ln2(resid_post) (= Hugging Face's hidden_states[L + 1]).
/// </summary>
public sealed class BertBlock : Module<Tensor, Tensor?, Tensor>
{
    public readonly BertAttention attn;
    public readonly LayerNorm ln1;
    public readonly Linear mlp_in;
    public readonly GELU gelu;
    public readonly Linear mlp_out;
    public readonly LayerNorm ln2;
    private readonly int _layer;

    public BertBlock(BertConfig cfg, int layer) : base($"{nameof(BertBlock)}{layer}")
    {
        _layer = layer;
        attn = new BertAttention(cfg);
        ln1 = LayerNorm(cfg.Hidden, cfg.LayerNormEps);
        mlp_in = Linear(cfg.Hidden, cfg.Intermediate);
        gelu = GELU(); // exact erf GELU, as the ONNX graph computes it
        mlp_out = Linear(cfg.Intermediate, cfg.Hidden);
        ln2 = LayerNorm(cfg.Hidden, cfg.LayerNormEps);
        RegisterComponents();
    }

    public override Tensor forward(Tensor residPre, Tensor? mask) => Run(residPre, mask, null);

    public Tensor Run(Tensor residPre, Tensor? mask, ActivationRecorder? rec)
    {
        var L = _layer;
        rec?.Record(BertHooks.ResidPre, L, residPre);
        var attnOut = attn.forward(residPre, mask);
        rec?.Record(BertHooks.AttnOut, L, attnOut);
        var residMid = residPre + attnOut;
        rec?.Record(BertHooks.ResidMid, L, residMid);
        var normalizedMid = ln1.forward(residMid);
        rec?.Record(BertHooks.Ln1Normalized, L, normalizedMid);
        var pre = mlp_in.forward(normalizedMid);
        rec?.Record(BertHooks.MlpPre, L, pre);
        var post = gelu.forward(pre);
        rec?.Record(BertHooks.MlpPost, L, post);
        var mlpOut = mlp_out.forward(post);
        rec?.Record(BertHooks.MlpOut, L, mlpOut);
        var residPost = normalizedMid + mlpOut;
        rec?.Record(BertHooks.ResidPost, L, residPost);
        var normalizedPost = ln2.forward(residPost);
        rec?.Record(BertHooks.NormalizedResidPost, L, normalizedPost);
        return normalizedPost;
    }
}
