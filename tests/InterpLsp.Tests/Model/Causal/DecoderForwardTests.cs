using InterpLsp.Model.Causal;
using InterpLsp.Model.HuggingFace;

namespace InterpLsp.Tests.Model.Causal;

/// <summary>
/// Every decoder architecture against the plain double-precision reference written from the Hugging Face modelling
/// code (<see cref="NaiveDecoderReference"/>), on tiny random checkpoints written as Hugging Face folders: the
/// residual stream after every block, the logits, and the next-token entropy and surprisal. Tolerance: 2e-4
/// absolute + relative (float32 against double over two blocks).
/// </summary>
public sealed class DecoderForwardTests : IDisposable
{
    private const double Tolerance = 2e-4;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "interplsp-dec-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    public static TheoryData<string> Families => new() { "gpt2", "neox", "neox-sequential", "llama-gqa", "mistral-tied", "qwen2", "qwen3" };

    public static TinyModel Tiny(string name) => name switch
    {
        "gpt2" => TinyCheckpoints.Gpt2(),
        "neox" => TinyCheckpoints.NeoX(),
        "neox-sequential" => TinyCheckpoints.NeoX(seed: 5, rotaryPct: 0.25, parallel: false),
        "llama-gqa" => TinyCheckpoints.Llama("Llama", kvHeads: 2),
        "mistral-tied" => TinyCheckpoints.Llama("Mistral", seed: 6, kvHeads: 1, tied: true),
        "qwen2" => TinyCheckpoints.Llama("Qwen2", seed: 7, kvHeads: 2),
        "qwen3" => TinyCheckpoints.Llama("Qwen3", seed: 8, heads: 4, kvHeads: 2, headDim: 16),
        _ => throw new ArgumentException(name),
    };

    private CausalLanguageModel Load(TinyModel m, string name)
    {
        var folder = TinyCheckpoints.WriteFolder(m, Path.Combine(_dir, name));
        var config = HfConfig.Read(Path.Combine(folder, "config.json"));
        using var weights = SafetensorsCheckpoint.Open([Path.Combine(folder, "model.safetensors")]);
        var bos = config.TokenId("bos_token_id");
        return new CausalLanguageModel(HfDecoders.DecoderOf(config, weights), new CharTokenizer(m.Vocab), bos, name, folder, 0);
    }

    private static void Close(double expected, double actual, string what)
    {
        if (!(Math.Abs(expected - actual) <= Tolerance * (1 + Math.Abs(expected))))
            Assert.Fail($"{what}: expected {expected:G9}, got {actual:G9}");
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Residual_stream_and_logits_equal_the_reference(string family)
    {
        var m = Tiny(family);
        using var model = Load(m, family);
        int[] window = [5, 17, 3, 60, 42, 8, 8, 91 % (m.Vocab - 2), 0, 33];
        var input = model.InputIds(window).Select(x => (int)x).ToArray();
        var reference = NaiveDecoderReference.Run(m, input);

        var hooks = Enumerable.Range(0, m.Layers).Select(l => $"blocks.{l}.hook_resid_post").ToArray();
        var ours = model.Run([window], hooks)[0];
        for (int l = 0; l < m.Layers; l++)
            for (int t = 0; t < window.Length; t++)
                for (int i = 0; i < m.Hidden; i++)
                    Close(reference.ResidPost[l][t + 1][i], ours[hooks[l]][t * m.Hidden + i], $"{family} resid_post {l} token {t} dim {i}");

        var logits = model.LogitsOf(input);
        for (int t = 0; t < input.Length; t++)
            for (int v = 0; v < m.Vocab; v++)
                Close(reference.Logits[t][v], logits[t * m.Vocab + v], $"{family} logit {v} at {t}");
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Entropy_and_surprisal_equal_those_of_the_reference_logits(string family)
    {
        var m = Tiny(family);
        using var model = Load(m, family);
        int[] window = [9, 1, 44, 2, 70, 13];
        var input = model.InputIds(window).Select(x => (int)x).ToArray();
        var reference = NaiveDecoderReference.Run(m, input);
        var next = model.Run([window], [DecoderHooks.NextToken.Suffix])[0][DecoderHooks.NextToken.Suffix];
        Assert.Equal(window.Length * 2, next.Length);
        for (int t = 0; t < window.Length; t++)
        {
            var logp = LogSoftmax(reference.Logits[t + 1]);
            double entropy = -logp.Sum(x => Math.Exp(x) * x);
            double surprisal = -LogSoftmax(reference.Logits[t])[window[t]]; // the BOS row predicts token 0
            Close(entropy, next[2 * t], $"{family} entropy at {t}");
            Close(surprisal, next[2 * t + 1], $"{family} surprisal at {t}");
        }
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void A_later_token_never_changes_an_earlier_activation_and_batching_changes_nothing(string family)
    {
        var m = Tiny(family);
        using var model = Load(m, family);
        int[] a = [4, 8, 15, 16, 23, 42];
        int[] b = [4, 8, 15, 16, 23, 50]; // last token differs
        int[] shortOne = [7, 7];
        string hook = $"blocks.{m.Layers - 1}.hook_resid_post";
        var together = model.Run([a, b, shortOne], [hook, "next_token"]);
        var alone = model.Run([a], [hook])[0][hook];
        var aloneShort = model.Run([shortOne], [hook])[0][hook];
        int d = m.Hidden;
        for (int i = 0; i < 5 * d; i++)
        {
            Assert.Equal(together[0][hook][i], together[1][hook][i], 1e-5f);
            Assert.Equal(alone[i], together[0][hook][i], 1e-5f);
        }
        Assert.NotEqual(together[0][hook][5 * d], together[1][hook][5 * d]);
        for (int i = 0; i < aloneShort.Length; i++) Assert.Equal(aloneShort[i], together[2][hook][i], 1e-5f);
    }

    [Fact]
    public void Hook_table_has_TransformerLens_names_and_widths()
    {
        using var qwen3 = Load(Tiny("qwen3"), "qwen3");
        Assert.Equal(64, qwen3.GetHook("blocks.1.attn.hook_z").Width); // 4 heads x head_dim 16, not hidden 32
        Assert.Equal(96, qwen3.GetHook("blocks.0.mlp.hook_pre_linear").Width);
        Assert.Equal(2, qwen3.GetHook("next_token").Width);
        Assert.Equal(32, qwen3.GetHook("ln_final.hook_normalized").Width);
        using var neox = Load(Tiny("neox"), "neox");
        Assert.DoesNotContain(neox.HookPoints, h => h.Name.EndsWith("hook_resid_mid", StringComparison.Ordinal)); // parallel
        using var gpt2 = Load(Tiny("gpt2"), "gpt2");
        Assert.Contains(gpt2.HookPoints, h => h.Name == "hook_pos_embed");
        var e = Assert.Throws<InterpLsp.Model.UnknownHookException>(() => gpt2.GetHook("blocks.0.hook_resid_psot"));
        Assert.Contains("blocks.0.hook_resid_post", e.Message);
    }

    private static double[] LogSoftmax(double[] x)
    {
        double max = x.Max();
        double lse = max + Math.Log(x.Sum(v => Math.Exp(v - max)));
        return x.Select(v => v - lse).ToArray();
    }
}
