using InterpLsp.Interp.Directions;
using InterpLsp.Model.Embedded;
using Newtonsoft.Json.Linq;
using static TorchSharp.torch;

namespace InterpLsp.Model.HuggingFace;

/// <summary>
/// Writes a BERT encoder (the embedded MiniLM, or any loaded <see cref="BertLanguageModel"/>) as a Hugging Face
/// folder: config.json (<c>BertModel</c>), model.safetensors (F32, transformers' names and layouts), vocab.txt and
/// tokenizer_config.json (uncased). transformers' <c>BertModel.from_pretrained</c> reads it (the pooler, which
/// InterpLsp never computes, is not written and is newly initialised there), and so does InterpLsp's own
/// <c>--model DIR</c>, to the same numbers.
/// </summary>
public static class HfBertExport
{
    public static IReadOnlyList<string> Write(BertLanguageModel model, string directory)
    {
        var dir = Path.GetFullPath(directory);
        if (File.Exists(dir)) throw new IOException($"{dir}: is a file; export-model writes a new folder");
        if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
            throw new IOException($"{dir}: the folder is not empty; export-model writes only into a new or empty folder");
        Directory.CreateDirectory(dir);
        var c = model.Encoder.Config;
        var tok = model.WordPiece;
        var config = new JObject
        {
            ["architectures"] = new JArray("BertModel"),
            ["model_type"] = "bert",
            ["vocab_size"] = c.VocabSize,
            ["hidden_size"] = c.Hidden,
            ["num_hidden_layers"] = c.Layers,
            ["num_attention_heads"] = c.Heads,
            ["intermediate_size"] = c.Intermediate,
            ["max_position_embeddings"] = c.MaxPositions,
            ["type_vocab_size"] = c.TypeVocabSize,
            ["layer_norm_eps"] = c.LayerNormEps,
            ["hidden_act"] = "gelu",
            ["position_embedding_type"] = "absolute",
            ["hidden_dropout_prob"] = 0.1,
            ["attention_probs_dropout_prob"] = 0.1,
            ["initializer_range"] = 0.02,
            ["pad_token_id"] = tok.PadId,
            ["torch_dtype"] = "float32",
            ["interp_lsp_exported_from"] = model.Info.Name,
        };
        var tensors = new List<SafetensorsTensor>();
        using (NewDisposeScope())
            foreach (var (name, value) in HfBert.Parameters(model.Encoder))
                tensors.Add(new SafetensorsTensor(name, value.shape, value.contiguous().data<float>().ToArray()));
        var tokenizerConfig = new JObject
        {
            ["tokenizer_class"] = "BertTokenizer",
            ["do_lower_case"] = true,
            ["strip_accents"] = null,
            ["tokenize_chinese_chars"] = true,
            ["unk_token"] = "[UNK]",
            ["sep_token"] = "[SEP]",
            ["pad_token"] = "[PAD]",
            ["cls_token"] = "[CLS]",
            ["mask_token"] = "[MASK]",
            ["model_max_length"] = c.MaxPositions,
        };
        var written = new List<string>
        {
            WriteText(dir, HfModelFolder.Config, config.ToString()),
            WriteText(dir, "tokenizer_config.json", tokenizerConfig.ToString()),
            WriteText(dir, "vocab.txt", string.Join("\n", Enumerable.Range(0, tok.VocabSize).Select(tok.IdToToken)) + "\n"),
        };
        var weights = Path.Combine(dir, HfModelFolder.SingleWeights);
        SafetensorsWriter.Write(weights, tensors, new Dictionary<string, string> { ["format"] = "pt" });
        written.Add(weights);
        return written;
    }

    private static string WriteText(string dir, string name, string text)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
