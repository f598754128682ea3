using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using InterpLsp.Model.Hooks;

namespace InterpLsp.Model.Bert;

/// <summary>A post-LayerNorm BERT encoder (embeddings + blocks) whose forward pass captures named hooks
/// and stops after the last block it needs.</summary>
public sealed class BertModel : Module<Tensor, Tensor?, Tensor>
{
    public readonly BertEmbeddings embeddings;
    public readonly ModuleList<BertBlock> blocks;
    public BertConfig Config { get; }

    public BertModel(BertConfig cfg) : base(nameof(BertModel))
    {
        Config = cfg;
        embeddings = new BertEmbeddings(cfg);
        blocks = new ModuleList<BertBlock>(Enumerable.Range(0, cfg.Layers).Select(l => new BertBlock(cfg, l)).ToArray());
        RegisterComponents();
    }

    /// <summary>The full forward: last block's output ([batch, tokens, hidden]).</summary>
    public override Tensor forward(Tensor ids, Tensor? keyMask) => Run(ids, keyMask, null, Config.Layers - 1);

    /// <summary>Runs the embeddings and blocks 0..<paramref name="lastBlock"/> (-1: embeddings only).</summary>
    /// <param name="ids">[batch, tokens] int64</param>
    /// <param name="keyMask">[batch, tokens] bool, true for real tokens; null when no row is padded</param>
    public Tensor Run(Tensor ids, Tensor? keyMask, ActivationRecorder? rec, int lastBlock)
    {
        Tensor? additive = null;
        if (keyMask is not null)
        {
            // [b, 1, 1, t]: 0 where attended, -inf on padding keys (padding queries are ignored downstream).
            additive = zeros(keyMask.shape[0], 1, 1, keyMask.shape[1], dtype: ScalarType.Float32, device: ids.device)
                .masked_fill_(keyMask.logical_not().view(keyMask.shape[0], 1, 1, keyMask.shape[1]), float.NegativeInfinity);
        }
        var h = ForwardStage.Run(() => embeddings.Run(ids, rec));
        for (int l = 0; l <= lastBlock && l < blocks.Count; l++)
        {
            var block = blocks[l];
            h = ForwardStage.Next(h, x => block.Run(x, additive, rec));
        }
        return h;
    }
}
