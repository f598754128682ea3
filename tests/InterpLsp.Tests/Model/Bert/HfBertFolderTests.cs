using InterpLsp.Model.Bert;
using InterpLsp.Model.Embedded;
using InterpLsp.Model.HuggingFace;
using InterpLsp.Tests.Support;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Tests.Model.Bert;

/// <summary>
/// BERT Hugging Face folders: the embedded MiniLM written as one (export-model) reloads to the same tokens and the
/// same activations at every hook; a BertForMaskedLM's "bert."-prefixed weights and a WordPiece tokenizer.json load
/// to the same numbers as the plain layout; what our encoder does not compute is refused by name.
/// </summary>
[Collection(ModelCollection.Name)]
public sealed class HfBertFolderTests : IDisposable
{
    private readonly BertLanguageModel _embedded;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "interp-hfbert-" + Guid.NewGuid().ToString("N"));

    public HfBertFolderTests(ModelFixture fixture) => _embedded = fixture.Model;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static readonly string[] Texts =
    [
        "The warmer gases mixed slowly in the closed flask.",
        "Café naïve résumé — 日本語のテキスト, emoji 🙂🌡️, code: x[i] += f(y) // done   (spaces)\ttabs",
        "Pneumonoultramicroscopicsilicovolcanoconiosis and [SEP] [CLS] as plain text.",
    ];

    [Fact]
    public void The_embedded_MiniLM_exported_as_a_folder_reloads_to_the_same_tokens_and_activations_at_every_hook()
    {
        var folder = Path.Combine(_dir, "minilm");
        var written = HfBertExport.Write(_embedded, folder);
        Assert.Contains(written, f => f.EndsWith("model.safetensors", StringComparison.Ordinal));

        using var loaded = HfLanguageModels.Load(folder);
        var reloaded = Assert.IsType<BertLanguageModel>(loaded);
        Assert.Equal("minilm", reloaded.Info.Name);
        Assert.False(reloaded.Info.IsCausal);
        Assert.Equal(_embedded.Encoder.Config, reloaded.Encoder.Config);
        Assert.Equal(_embedded.HookPoints.Select(h => h.Name), reloaded.HookPoints.Select(h => h.Name));

        var windows = new List<int[]>();
        foreach (var text in Texts)
        {
            var a = _embedded.Tokenizer.Tokenize(text);
            Assert.Equal(a, reloaded.Tokenizer.Tokenize(text)); // ids and ranges
            windows.Add(a.Select(t => t.Id).ToArray());
        }
        var hooks = _embedded.HookPoints.Select(h => h.Name).ToArray();
        var expected = _embedded.Run(windows, hooks);
        var actual = reloaded.Run(windows, hooks);
        // The same float32 weights through the same code: equal up to the BLAS's summation order (MKL may pick
        // another kernel for another alignment), stated as 1e-5 absolute on values of order 1-10.
        for (int w = 0; w < windows.Count; w++)
            foreach (var h in hooks)
            {
                Assert.Equal(expected[w][h].Length, actual[w][h].Length);
                double max = expected[w][h].Zip(actual[w][h], (x, y) => Math.Abs(x - y)).Max();
                Assert.True(max <= 1e-5, $"{h}, text {w}: max |diff| {max}");
            }
    }

    [Fact]
    public void Export_refuses_a_folder_that_is_not_empty_and_writes_what_transformers_reads()
    {
        var folder = Path.Combine(_dir, "full");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "mine");
        var e = Assert.Throws<IOException>(() => HfBertExport.Write(_embedded, folder));
        Assert.Contains("not empty", e.Message);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(folder, "notes.txt")));

        var fresh = Path.Combine(_dir, "fresh");
        HfBertExport.Write(_embedded, fresh);
        var config = JObject.Parse(File.ReadAllText(Path.Combine(fresh, "config.json")));
        Assert.Equal("BertModel", (string)config["architectures"]![0]!);
        Assert.Equal(384, (int)config["hidden_size"]!);
        Assert.Equal(6, (int)config["num_hidden_layers"]!);
        var vocab = File.ReadAllLines(Path.Combine(fresh, "vocab.txt"));
        Assert.Equal(_embedded.WordPiece.VocabSize, vocab.Length);
        Assert.Equal("[CLS]", vocab[_embedded.WordPiece.ClsId]);
        using var weights = SafetensorsCheckpoint.Open([Path.Combine(fresh, "model.safetensors")]);
        Assert.Equal([384L, 384L], weights.ShapeOf("encoder.layer.5.attention.self.value.weight"));
        Assert.Equal([30522L, 384L], weights.ShapeOf("embeddings.word_embeddings.weight"));

        // The names are Hugging Face's own: every tensor written is the tensor of that name in the package's ONNX
        // graph (exported from transformers, which keeps the biases' and norms' names; a MatMul weight is named by
        // its bias), value for value.
        var graph = InterpLsp.Model.Onnx.OnnxModelReader.Read(EmbeddedMiniLm.ReadOnnxBytes());
        var byName = OnnxBertWeights.MatMulWeightsByName(graph);
        Assert.Equal(5 + 6 * 16, weights.Names.Count);
        foreach (var name in weights.Names)
        {
            var reference = byName.TryGetValue(name, out var mm) ? mm : graph.Tensors[name];
            Assert.Equal(reference.Dims, weights.ShapeOf(name));
            using var t = weights.Load(name, reference.Dims);
            Assert.True(reference.Data.AsSpan().SequenceEqual(t.data<float>().ToArray()), name);
        }
    }

    [Fact]
    public void A_masked_LM_checkpoint_with_a_WordPiece_tokenizer_json_equals_the_plain_layout()
    {
        var plain = TinyBert.Write(Path.Combine(_dir, "plain"), prefix: "", tokenizerJson: false);
        var mlm = TinyBert.Write(Path.Combine(_dir, "mlm"), prefix: "bert.", tokenizerJson: true);

        using var a = Assert.IsType<BertLanguageModel>(HfLanguageModels.Load(plain));
        using var b = Assert.IsType<BertLanguageModel>(HfLanguageModels.Load(mlm));
        Assert.Equal("BertForMaskedLM", JObject.Parse(File.ReadAllText(Path.Combine(mlm, "config.json")))["architectures"]![0]!.ToString());
        var text = "The warmer gases mixed. Gas warmer, MIXED!";
        var ta = a.Tokenizer.Tokenize(text);
        Assert.Equal(ta, b.Tokenizer.Tokenize(text));
        Assert.Contains(ta, t => t.Id == TinyBert.Vocab.IndexOf("##er"));
        Assert.DoesNotContain(ta, t => t.Id == a.WordPiece.UnkId);
        var ids = ta.Select(t => t.Id).ToArray();
        var hooks = new[] { "blocks.1.hook_resid_post", "blocks.0.mlp.hook_post", "hook_full_embed" };
        var ra = a.Run([ids], hooks)[0];
        var rb = b.Run([ids], hooks)[0];
        foreach (var h in hooks)
            Assert.True(ra[h].Zip(rb[h], (x, y) => Math.Abs(x - y)).Max() <= 1e-6, h); // same weights, same code
        Assert.Equal(TinyBert.Vocab.Count, HfLanguageModels.TokenizerOf(mlm).VocabSize);
    }

    [Theory]
    [InlineData("cased-config", "cased BERT tokenizer")]
    [InlineData("cased-json", "cased BERT tokenizer")]
    [InlineData("relu", "hidden_act 'relu'")]
    [InlineData("relative-positions", "position_embedding_type 'relative_key'")]
    [InlineData("missing-tensor", "'encoder.layer.1.output.dense.weight'")]
    [InlineData("bpe-tokenizer", "needs a WordPiece tokenizer")]
    [InlineData("no-cls", "no [CLS] token")]
    [InlineData("duplicate-id", "share id")]
    [InlineData("not-bert-weights", "not a BERT checkpoint")]
    [InlineData("heads", "not a multiple of num_attention_heads")]
    public void A_BERT_folder_our_encoder_would_misread_is_refused_naming_the_file_and_the_problem(string defect, string expected)
    {
        var folder = TinyBert.Write(Path.Combine(_dir, defect), prefix: "", tokenizerJson: defect is "cased-json" or "duplicate-id" or "bpe-tokenizer",
            defect: defect);
        var e = Assert.Throws<ModelFolderException>(() => { using var m = HfLanguageModels.Load(folder); });
        Assert.Contains(expected, e.Message);
        Assert.Contains(folder, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("vocab.txt", false)]
    [InlineData("tokenizer.json", true)]
    public void Hostile_tokenizer_files_are_refused_in_bounded_time(string file, bool tokenizerJson)
    {
        void Refused(string folder, string expected)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var e = Assert.Throws<ModelFolderException>(() => { using var m = HfLanguageModels.Load(folder); });
            Assert.Contains(file, e.Message);
            Assert.Contains(expected, e.Message);
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), $"took {sw.Elapsed}");
        }
        string Replace(string name)
        {
            var folder = TinyBert.Write(Path.Combine(_dir, $"{name}-{file}"), prefix: "", tokenizerJson: tokenizerJson);
            File.Delete(Path.Combine(folder, file));
            return folder;
        }

        var fifo = Replace("fifo");
        Assert.True(System.Diagnostics.Process.Start("mkfifo", Path.Combine(fifo, file))!.WaitForExit(5000));
        Refused(fifo, "named pipe");

        var zero = Replace("zero");
        File.CreateSymbolicLink(Path.Combine(zero, file), "/dev/zero");
        Refused(zero, "character device");

        var big = Replace("big");
        using (var f = File.Create(Path.Combine(big, file))) f.SetLength(HfWordPiece.MaxVocabBytes + 1);
        Refused(big, "the limit for this kind of file");

        if (tokenizerJson)
        {
            var deep = Replace("deep");
            File.WriteAllText(Path.Combine(deep, file), new string('[', 100_000));
            Refused(deep, "nested");
        }
        else
        {
            var binary = Replace("binary");
            File.WriteAllBytes(Path.Combine(binary, file), [0xFF, 0xFE, 0x00, 0x80, 0x0A]);
            Refused(binary, "UTF-8");
        }
    }
}

/// <summary>A tiny random BERT (2 layers, width 16, a 24-token vocabulary) written as a Hugging Face folder, with an
/// optional defect for the bad-input tests.</summary>
internal static class TinyBert
{
    public static readonly List<string> Vocab =
        ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "warm", "##er", "gas", "##es", "mix", "##ed", ".", ",", "!", "a", "in", "hot", "cold", "##s", "flask", "water", "air", "fire"];

    public static string Write(string dir, string prefix, bool tokenizerJson, string defect = "")
    {
        Directory.CreateDirectory(dir);
        var cfg = new BertConfig { VocabSize = Vocab.Count, Hidden = 16, Layers = 2, Heads = 4, Intermediate = 32, MaxPositions = 40 };
        var config = new JObject
        {
            ["architectures"] = new JArray(prefix.Length > 0 ? "BertForMaskedLM" : "BertModel"),
            ["model_type"] = "bert",
            ["vocab_size"] = cfg.VocabSize, ["hidden_size"] = cfg.Hidden, ["num_hidden_layers"] = cfg.Layers,
            ["num_attention_heads"] = defect == "heads" ? 3 : cfg.Heads, ["intermediate_size"] = cfg.Intermediate,
            ["max_position_embeddings"] = cfg.MaxPositions, ["type_vocab_size"] = 2, ["layer_norm_eps"] = 1e-12,
            ["hidden_act"] = defect == "relu" ? "relu" : "gelu",
            ["position_embedding_type"] = defect == "relative-positions" ? "relative_key" : "absolute",
        };
        File.WriteAllText(Path.Combine(dir, "config.json"), config.ToString());

        TorchSharp.torch.manual_seed(11);
        using var model = new BertModel(cfg);
        var tensors = new List<InterpLsp.Interp.Directions.SafetensorsTensor>();
        foreach (var (name, value) in HfBert.Parameters(model))
        {
            if (defect == "missing-tensor" && name == "encoder.layer.1.output.dense.weight") continue;
            var n = defect == "not-bert-weights" ? "model." + name : prefix + name;
            tensors.Add(new(n, value.shape, value.contiguous().data<float>().ToArray()));
        }
        if (prefix.Length > 0) tensors.Add(new("cls.predictions.bias", [Vocab.Count], new float[Vocab.Count]));
        InterpLsp.Interp.Directions.SafetensorsWriter.Write(Path.Combine(dir, "model.safetensors"), tensors);

        var vocab = defect == "no-cls" ? Vocab.Where(t => t != "[CLS]").ToList() : Vocab;
        if (tokenizerJson)
        {
            var map = new JObject();
            for (int i = 0; i < vocab.Count; i++) map[vocab[i]] = defect == "duplicate-id" && i == 7 ? 6 : i;
            var json = new JObject
            {
                ["version"] = "1.0",
                ["normalizer"] = new JObject { ["type"] = "BertNormalizer", ["clean_text"] = true, ["handle_chinese_chars"] = true, ["strip_accents"] = null, ["lowercase"] = defect != "cased-json" },
                ["pre_tokenizer"] = new JObject { ["type"] = "BertPreTokenizer" },
                ["model"] = defect == "bpe-tokenizer"
                    ? new JObject { ["type"] = "BPE", ["vocab"] = map, ["merges"] = new JArray() }
                    : new JObject { ["type"] = "WordPiece", ["unk_token"] = "[UNK]", ["continuing_subword_prefix"] = "##", ["max_input_chars_per_word"] = 100, ["vocab"] = map },
            };
            File.WriteAllText(Path.Combine(dir, "tokenizer.json"), json.ToString());
        }
        else
        {
            File.WriteAllLines(Path.Combine(dir, "vocab.txt"), vocab);
            if (defect == "cased-config")
                File.WriteAllText(Path.Combine(dir, "tokenizer_config.json"), new JObject { ["do_lower_case"] = false }.ToString());
        }
        return dir;
    }
}
