using InterpLsp.Model.Causal;

namespace InterpLsp.Tests.Model.Causal;

/// <summary>
/// <see cref="LogitEffects"/> against a hand computation in plain loops over the tiny checkpoints' own tensors:
/// value[v] = Σ_i W_U[v, i] · g[i] · (d[i] − mean(d) for LayerNorm, 0 for RMSNorm).
/// </summary>
public sealed class LogitEffectsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "interplsp-logit-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    public static TheoryData<string> Families => new() { "gpt2", "neox", "llama-gqa", "mistral-tied", "qwen3" };

    private static float[] RandomDirection(int width, int seed)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, width).Select(_ => (float)(r.NextDouble() * 2 - 1)).ToArray();
    }

    /// <summary>The effect written out from the checkpoint: which tensor is W_U, which is the final norm's gain, and
    /// whether that norm is a LayerNorm.</summary>
    private static double[] Hand(TinyModel m, float[] d)
    {
        var (unembed, gain, centers) = m.Family switch
        {
            "GPT-2" => ("wte.weight", "ln_f.weight", true),
            "GPT-NeoX" => ("embed_out.weight", "gpt_neox.final_layer_norm.weight", true),
            _ => (m.Tensors.Any(t => t.Name == "lm_head.weight") ? "lm_head.weight" : "model.embed_tokens.weight", "model.norm.weight", false),
        };
        var u = m[unembed];
        var g = m[gain];
        int h = m.Hidden;
        double mean = 0;
        if (centers)
        {
            for (int i = 0; i < h; i++) mean += d[i];
            mean /= h;
        }
        var values = new double[m.Vocab];
        for (int v = 0; v < m.Vocab; v++)
        {
            double s = 0;
            for (int i = 0; i < h; i++) s += u[v * h + i] * g[i] * (d[i] - mean);
            values[v] = s;
        }
        return values;
    }

    private static void Close(double expected, double actual, string what)
    {
        if (!(Math.Abs(expected - actual) <= 1e-5 * (1 + Math.Abs(expected))))
            Assert.Fail($"{what}: expected {expected:G9}, got {actual:G9}");
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Values_and_top_tokens_equal_the_hand_computation(string family)
    {
        var m = DecoderForwardTests.Tiny(family);
        using var model = TinyCheckpoints.Load(m, Path.Combine(_dir, family));
        var d = RandomDirection(m.Hidden, 11);
        var hand = Hand(m, d);

        var all = LogitEffects.Values(model.Decoder, d);
        Assert.Equal(m.Vocab, all.Length);
        for (int v = 0; v < m.Vocab; v++) Close(hand[v], all[v], $"{family} token {v}");

        var result = LogitEffects.Of(model, d, top: 7);
        var up = Enumerable.Range(0, m.Vocab).OrderByDescending(v => hand[v]).Take(7).ToArray();
        var down = Enumerable.Range(0, m.Vocab).OrderBy(v => hand[v]).Take(7).ToArray();
        Assert.Equal(up, result.Promoted.Select(p => p.Id));
        Assert.Equal(down, result.Suppressed.Select(p => p.Id));
        var tokenizer = new CharTokenizer(m.Vocab);
        foreach (var (id, token, value) in result.Promoted.Concat(result.Suppressed))
        {
            Close(hand[id], value, $"{family} listed token {id}");
            Assert.Equal(tokenizer.IdToToken(id), token);
        }
        Assert.True(result.Promoted[0].Value > 0 && result.Suppressed[0].Value < 0);
    }

    [Fact]
    public void LayerNorm_models_ignore_the_all_ones_component_and_RMSNorm_models_do_not()
    {
        var d = RandomDirection(32, 12);
        var shifted = d.Select(x => x + 0.75f).ToArray();
        foreach (var family in new[] { "gpt2", "neox" })
        {
            using var model = TinyCheckpoints.Load(DecoderForwardTests.Tiny(family), Path.Combine(_dir, family));
            Assert.True(model.Decoder.FinalNormCenters);
            var a = LogitEffects.Values(model.Decoder, d);
            var b = LogitEffects.Values(model.Decoder, shifted);
            for (int v = 0; v < a.Length; v++) Close(a[v], b[v], $"{family} token {v}");
        }
        using var llama = TinyCheckpoints.Load(DecoderForwardTests.Tiny("llama-gqa"), Path.Combine(_dir, "llama"));
        Assert.False(llama.Decoder.FinalNormCenters);
        Assert.NotNull(llama.Decoder.FinalNormWeight);
        var la = LogitEffects.Values(llama.Decoder, d);
        var lb = LogitEffects.Values(llama.Decoder, shifted);
        Assert.True(la.Zip(lb).Max(p => Math.Abs(p.First - p.Second)) > 0.1);
    }

    [Fact]
    public void Centering_over_the_vocabulary_moves_every_value_alike()
    {
        var m = DecoderForwardTests.Tiny("neox");
        using var model = TinyCheckpoints.Load(m, Path.Combine(_dir, "neox"));
        var d = RandomDirection(m.Hidden, 13);
        var plain = LogitEffects.Values(model.Decoder, d);
        var centred = LogitEffects.Values(model.Decoder, d, centerVocab: true);
        double mean = plain.Average(v => (double)v);
        Assert.True(Math.Abs(mean) > 1e-3); // otherwise the check below says nothing
        for (int v = 0; v < plain.Length; v++) Close(plain[v] - mean, centred[v], $"token {v}");
        Assert.Equal(LogitEffects.Of(model, d, 5).Promoted.Select(p => p.Id), LogitEffects.Of(model, d, 5, centerVocab: true).Promoted.Select(p => p.Id));
    }

    [Fact]
    public void Bad_directions_and_counts_are_refused_clearly()
    {
        using var model = TinyCheckpoints.Load(DecoderForwardTests.Tiny("gpt2"), Path.Combine(_dir, "gpt2"));
        var e = Assert.Throws<ArgumentException>(() => LogitEffects.Of(model, new float[31]));
        Assert.Contains("31", e.Message);
        Assert.Contains("32", e.Message);
        var nan = new float[32];
        nan[4] = float.NaN;
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => LogitEffects.Of(model, nan)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => LogitEffects.Of(model, new float[32], top: 0));
        var everything = LogitEffects.Of(model, RandomDirection(32, 14), top: 1000);
        Assert.Equal(TinyCheckpoints.Vocab, everything.Promoted.Count);
        Assert.Equal(everything.Promoted.Select(p => p.Id).Reverse(), everything.Suppressed.Select(p => p.Id));
    }
}
