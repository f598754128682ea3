using System.Diagnostics;
using InterpLsp.Interp.IO;
using InterpLsp.Model.Bert;
using InterpLsp.Model.Embedded;
using static TorchSharp.torch;

namespace InterpLsp.Model.HuggingFace;

/// <summary>
/// A BERT encoder of a Hugging Face folder (<c>BertModel</c>, or <c>BertForMaskedLM</c> whose encoder weights carry
/// the prefix <c>bert.</c>; its masked-LM head and a pooler are not read) as a <see cref="BertLanguageModel"/>: the
/// same forward pass and hook points as the embedded MiniLM, with the uncased WordPiece tokenizer of the folder.
/// </summary>
public static class HfBert
{
    /// <summary>Reads the encoder's shape from config.json; what our encoder does not compute is refused by name.</summary>
    public static BertConfig ConfigOf(HfConfig c)
    {
        var act = c.OptionalString("hidden_act") ?? "gelu";
        if (act != "gelu")
            throw new ModelFolderException(c.Path, $"hidden_act '{Echo.Input(act, 40)}' is not supported; InterpLsp's BERT computes the exact (erf) 'gelu'");
        var positions = c.OptionalString("position_embedding_type") ?? "absolute";
        if (positions != "absolute")
            throw new ModelFolderException(c.Path, $"position_embedding_type '{Echo.Input(positions, 40)}' is not supported (only 'absolute')");
        var config = new BertConfig
        {
            VocabSize = c.PositiveInt("vocab_size"),
            Hidden = c.PositiveInt("hidden_size"),
            Layers = c.PositiveInt("num_hidden_layers"),
            Heads = c.PositiveInt("num_attention_heads"),
            Intermediate = c.PositiveInt("intermediate_size"),
            MaxPositions = c.PositiveInt("max_position_embeddings"),
            TypeVocabSize = c.OptionalPositiveInt("type_vocab_size") ?? 2,
            LayerNormEps = c.Double("layer_norm_eps", 1e-12),
        };
        if (config.Hidden % config.Heads != 0)
            throw new ModelFolderException(c.Path, $"hidden_size {config.Hidden} is not a multiple of num_attention_heads {config.Heads}");
        if (config.MaxPositions < 3)
            throw new ModelFolderException(c.Path, $"max_position_embeddings {config.MaxPositions} leaves no room for a token between [CLS] and [SEP]");
        return config;
    }

    /// <summary>Loads the encoder and the tokenizer of <paramref name="folder"/>.</summary>
    public static BertLanguageModel Load(HfModelFolder folder, HfConfig config, string name, CancellationToken cancellation = default)
    {
        var sw = Stopwatch.StartNew();
        var shape = ConfigOf(config);
        var tokenizer = HfWordPiece.Load(folder);
        if (tokenizer.VocabSize > shape.VocabSize)
            throw new ModelFolderException(folder.Directory, $"the tokenizer has {tokenizer.VocabSize} tokens but the model's vocabulary only {shape.VocabSize}");
        Native.MklShim.EnsureLoaded();
        var model = new BertModel(shape);
        try
        {
            using (var weights = SafetensorsCheckpoint.Open(folder.WeightFiles, cancellation))
                LoadWeights(model, weights, folder.Directory);
            var info = new ModelInfo(name, "bert", $"Hugging Face folder {folder.Directory} ({config.Architecture})",
                shape.Layers, shape.Hidden, shape.VocabSize, shape.MaxPositions, IsCausal: false, sw.Elapsed.TotalSeconds);
            return new BertLanguageModel(model, tokenizer, info);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The Hugging Face name of each parameter of <paramref name="model"/> (without a prefix), in the layout
    /// transformers saves (<c>Linear</c> weights [out, in]); the fused QKV projection is three tensors there.</summary>
    public static IEnumerable<(string Name, Tensor Value)> Parameters(BertModel model)
    {
        var e = model.embeddings;
        yield return ("embeddings.word_embeddings.weight", e.word_embeddings.weight!);
        yield return ("embeddings.position_embeddings.weight", e.position_embeddings.weight!);
        yield return ("embeddings.token_type_embeddings.weight", e.token_type_embeddings.weight!);
        yield return ("embeddings.LayerNorm.weight", e.LayerNorm.weight!);
        yield return ("embeddings.LayerNorm.bias", e.LayerNorm.bias!);
        long h = model.Config.Hidden;
        string[] qkv = ["query", "key", "value"];
        for (int l = 0; l < model.blocks.Count; l++)
        {
            var b = model.blocks[l];
            var p = $"encoder.layer.{l}.";
            for (int i = 0; i < 3; i++)
            {
                yield return ($"{p}attention.self.{qkv[i]}.weight", b.attn.qkv.weight!.narrow(0, i * h, h));
                yield return ($"{p}attention.self.{qkv[i]}.bias", b.attn.qkv.bias!.narrow(0, i * h, h));
            }
            yield return ($"{p}attention.output.dense.weight", b.attn.output.weight!);
            yield return ($"{p}attention.output.dense.bias", b.attn.output.bias!);
            yield return ($"{p}attention.output.LayerNorm.weight", b.ln1.weight!);
            yield return ($"{p}attention.output.LayerNorm.bias", b.ln1.bias!);
            yield return ($"{p}intermediate.dense.weight", b.mlp_in.weight!);
            yield return ($"{p}intermediate.dense.bias", b.mlp_in.bias!);
            yield return ($"{p}output.dense.weight", b.mlp_out.weight!);
            yield return ($"{p}output.dense.bias", b.mlp_out.bias!);
            yield return ($"{p}output.LayerNorm.weight", b.ln2.weight!);
            yield return ($"{p}output.LayerNorm.bias", b.ln2.bias!);
        }
    }

    /// <summary>Copies every parameter from the checkpoint (names with or without <c>bert.</c>); a missing tensor or
    /// another shape is an error naming the file and the tensor.</summary>
    public static void LoadWeights(BertModel model, SafetensorsCheckpoint weights, string folder)
    {
        const string first = "embeddings.word_embeddings.weight";
        var prefix = weights.FirstPresent(first, "bert." + first) is { } found ? found[..^first.Length]
            : throw new ModelFolderException(folder, $"the weights have no '{first}' (nor 'bert.{first}'): not a BERT checkpoint");
        using var scope = NewDisposeScope(); // the loaded copies and the QKV views; the parameters were made before it
        using var _ = no_grad();
        foreach (var (name, target) in Parameters(model))
        {
            target.copy_(weights.Load(prefix + name, target.shape));
        }
    }
}
