using InterpLsp.Model.Hooks;
using static TorchSharp.torch;

namespace InterpLsp.Model.Causal;

/// <summary>
/// A decoder-only transformer's weights and forward pass, split so that <see cref="CausalLanguageModel"/> can stop
/// after the last block a request needs: <see cref="Embed"/>, then <see cref="Block"/> per layer, then
/// <see cref="FinalNorm"/> and <see cref="Unembed"/>. Each records its TransformerLens hooks. Weights are plain
/// tensors loaded from a checkpoint (no training, no modules); the caller runs every call in a dispose scope.
/// </summary>
public abstract class Decoder : IDisposable
{
    private readonly List<Tensor> _weights = new();

    protected Decoder(DecoderShape shape) => Shape = shape;

    public DecoderShape Shape { get; }

    /// <summary>The architecture's name for people (GPT-2, GPT-NeoX, Llama, Qwen2, ...).</summary>
    public abstract string Architecture { get; }

    public abstract IReadOnlyList<HookSpec> EmbeddingHooks { get; }
    public abstract IReadOnlyList<HookSpec> BlockHooks { get; }

    /// <summary>ids [b, t] (int64, positions 0..t-1) → the residual stream entering block 0 [b, t, hidden].</summary>
    public Tensor Embed(Tensor ids, ActivationRecorder? rec) => Embed(ids, rec, 0);

    /// <summary>The embeddings of tokens at positions <paramref name="offset"/>.. (after the positions a
    /// <see cref="KvCache"/> holds).</summary>
    public abstract Tensor Embed(Tensor ids, ActivationRecorder? rec, int offset);

    /// <summary>Block <paramref name="layer"/>: resid_pre [b, t, hidden] → resid_post, causal.</summary>
    public Tensor Block(int layer, Tensor resid, ActivationRecorder? rec) => Block(layer, resid, rec, null);

    /// <summary>Block <paramref name="layer"/> for new positions after those <paramref name="cache"/> holds (null: none),
    /// appending their keys and values to it.</summary>
    public abstract Tensor Block(int layer, Tensor resid, ActivationRecorder? rec, KvCache? cache);

    /// <summary>The final norm (ln_final.hook_normalized).</summary>
    public abstract Tensor FinalNorm(Tensor resid);

    /// <summary>The final norm's elementwise gain [hidden] (LayerNorm's or RMSNorm's weight), or null for a norm
    /// without one. A direction's logit effect reads through it (<see cref="LogitEffects"/>).</summary>
    public abstract Tensor? FinalNormWeight { get; }

    /// <summary>Whether the final norm subtracts its input's mean (LayerNorm) or not (RMSNorm): a LayerNorm model
    /// cannot see a direction's component along the all-ones vector.</summary>
    public abstract bool FinalNormCenters { get; }

    /// <summary>The unembedding W_U as [vocab, hidden] (tied to the token embeddings where the model ties them).</summary>
    public abstract Tensor UnembedWeight { get; }

    public virtual Tensor? UnembedBias => null;

    /// <summary>Logits [.., vocab] of normalized final states.</summary>
    public Tensor Unembed(Tensor normalized) => DecoderOps.Linear(normalized, UnembedWeight, UnembedBias);

    /// <summary>Every hook point, in forward order.</summary>
    public IReadOnlyList<HookPoint> HookPoints => DecoderHooks.Points(EmbeddingHooks, BlockHooks,
        Shape.Layers, Shape.Hidden, Shape.Intermediate, Shape.AttentionWidth);

    /// <summary>The token embeddings of ids [b, t] from <paramref name="table"/> [vocab, hidden], recorded as
    /// <c>hook_embed</c>; more positions than the model has is an error.</summary>
    protected Tensor TokenEmbeddings(Tensor table, Tensor ids, ActivationRecorder? rec, int offset = 0)
    {
        long b = ids.shape[0], t = ids.shape[1];
        if (offset + t > Shape.MaxPositions)
            throw new ArgumentException($"the model has {Shape.MaxPositions} positions; got {offset + t} tokens");
        var tok = table.index_select(0, ids.flatten()).view(b, t, Shape.Hidden);
        rec?.Record(DecoderHooks.Embed, -1, tok);
        return tok;
    }

    /// <summary>The unembedding stored as <paramref name="name"/> [vocab, hidden], else the token embeddings where the
    /// config ties them (<c>tie_word_embeddings</c>), else an error naming both.</summary>
    protected Tensor Unembedding(HuggingFace.SafetensorsCheckpoint w, HuggingFace.HfConfig c, string name, Tensor embeddings) =>
        w.Contains(name) ? Keep(w.Load(name, Shape.Vocab, Shape.Hidden))
            : c.Bool("tie_word_embeddings", false) ? embeddings
            : throw new HuggingFace.ModelFolderException(c.Path, $"no '{name}' and tie_word_embeddings is not set");

    /// <summary>Keeps <paramref name="t"/> to be disposed with the model.</summary>
    protected Tensor Keep(Tensor t)
    {
        _weights.Add(t);
        return t;
    }

    public virtual void Dispose()
    {
        foreach (var w in _weights) w.Dispose();
        _weights.Clear();
    }
}
