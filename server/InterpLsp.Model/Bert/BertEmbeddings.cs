using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using InterpLsp.Model.Hooks;

namespace InterpLsp.Model.Bert;

/// <summary>word + position + token-type embeddings, then LayerNorm (hook_full_embed).</summary>
public sealed class BertEmbeddings : Module<Tensor, Tensor>
{
    public readonly Embedding word_embeddings;
    public readonly Embedding position_embeddings;
    public readonly Embedding token_type_embeddings;
    public readonly LayerNorm LayerNorm;

    public BertEmbeddings(BertConfig cfg) : base(nameof(BertEmbeddings))
    {
        word_embeddings = Embedding(cfg.VocabSize, cfg.Hidden);
        position_embeddings = Embedding(cfg.MaxPositions, cfg.Hidden);
        token_type_embeddings = Embedding(cfg.TypeVocabSize, cfg.Hidden);
        LayerNorm = nn.LayerNorm(cfg.Hidden, cfg.LayerNormEps);
        RegisterComponents();
    }

    public override Tensor forward(Tensor ids) => Run(ids, null);

    /// <param name="ids">[batch, tokens] int64, each row starting at position 0 with [CLS]</param>
    public Tensor Run(Tensor ids, ActivationRecorder? rec)
    {
        long t = ids.shape[1];
        using var positions = arange(t, dtype: ScalarType.Int64, device: ids.device).unsqueeze(0);
        using var types = zeros_like(ids);
        var embed = word_embeddings.forward(ids);
        var pos = position_embeddings.forward(positions);
        var type = token_type_embeddings.forward(types);
        rec?.Record(BertHooks.Embed, -1, embed);
        rec?.Record(BertHooks.PosEmbed, -1, pos.expand_as(embed));
        rec?.Record(BertHooks.TokenTypeEmbed, -1, type);
        var full = LayerNorm.forward(embed + pos + type);
        rec?.Record(BertHooks.FullEmbed, -1, full);
        return full;
    }
}
