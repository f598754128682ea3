using InterpLsp.Analysis.Engine;
using InterpLsp.Interp.Directions;
using InterpLsp.Tests.Support;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Tests.Directions;

/// <summary>SAE features through the engine with the embedded model (width 384): values of a seeded random SAE
/// equal a direct double-precision computation from the hidden states; another width or model is refused.</summary>
[Collection(ModelCollection.Name)]
public sealed class SaeEngineTests(ModelFixture fx) : IDisposable
{
    private const string Hook = "blocks.3.hook_resid_post";
    private const int DIn = 384, DSae = 8;
    private const string Text = "The kettle boiled over while the frozen lake cracked in the cold.";
    private readonly TempDir _dir = new();

    /// <summary>A seeded random SAE: W_enc, W_dec uniform in [-0.1, 0.1], biases in [-0.5, 0.5], b_dec in [-1, 1], thresholds in [0.1, 0.5].</summary>
    private sealed record Sae(float[] WEnc, float[] BEnc, float[] WDec, float[] BDec, float[] Threshold, int DIn)
    {
        public static Sae Random(int dIn = SaeEngineTests.DIn)
        {
            var rng = new Random(20240917);
            float U(double a) => (float)((rng.NextDouble() * 2 - 1) * a);
            return new Sae(Enumerable.Range(0, dIn * DSae).Select(_ => U(0.1)).ToArray(), Enumerable.Range(0, DSae).Select(_ => U(0.5)).ToArray(),
                Enumerable.Range(0, dIn * DSae).Select(_ => U(0.1)).ToArray(), Enumerable.Range(0, dIn).Select(_ => U(1)).ToArray(),
                Enumerable.Range(0, DSae).Select(_ => 0.3f + U(0.2)).ToArray(), dIn);
        }
    }

    private void Write(string name, Sae sae, string architecture, string normalization, bool applyBDec, int k = 0,
        string? model = "sentence-transformers/all-MiniLM-L6-v2")
    {
        var folder = Path.Combine(_dir.Path, name);
        Directory.CreateDirectory(folder);
        int dIn = sae.DIn;
        var tensors = new List<SafetensorsTensor> { new("W_enc", [dIn, DSae], sae.WEnc), new("b_enc", [DSae], sae.BEnc), new("W_dec", [DSae, dIn], sae.WDec), new("b_dec", [dIn], sae.BDec) };
        if (architecture == "jumprelu") tensors.Add(new("threshold", [DSae], sae.Threshold));
        SafetensorsWriter.Write(Path.Combine(folder, "sae_weights.safetensors"), tensors);
        var cfg = new JObject
        {
            ["architecture"] = architecture, ["d_in"] = dIn, ["d_sae"] = DSae, ["apply_b_dec_to_input"] = applyBDec,
            ["normalize_activations"] = normalization, ["metadata"] = new JObject { ["hook_name"] = Hook, ["model_name"] = model, ["sae_lens_version"] = "6.12.0" },
        };
        if (k > 0) cfg["k"] = k;
        File.WriteAllText(Path.Combine(folder, "cfg.json"), cfg.ToString());
    }

    /// <summary>Every feature's pre-activation for one hidden row, in double precision, straight from the SAELens formulas.</summary>
    private static double[] PreActivations(ReadOnlySpan<float> h, float[] wEnc, float[] bEnc, float[]? bDec, string normalization)
    {
        var x = new double[DIn];
        for (int r = 0; r < DIn; r++) x[r] = h[r];
        if (normalization == "constant_norm_rescale")
        {
            double norm = Math.Sqrt(x.Sum(v => v * v));
            for (int r = 0; r < DIn; r++) x[r] *= Math.Sqrt(DIn) / norm;
        }
        else if (normalization == "layer_norm")
        {
            double mean = x.Average();
            double std = Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (DIn - 1));
            for (int r = 0; r < DIn; r++) x[r] = (x[r] - mean) / (std + 1e-5);
        }
        if (bDec is not null) for (int r = 0; r < DIn; r++) x[r] -= bDec[r];
        var pre = new double[DSae];
        for (int j = 0; j < DSae; j++)
        {
            double s = bEnc[j];
            for (int r = 0; r < DIn; r++) s += x[r] * wEnc[r * DSae + j];
            pre[j] = s;
        }
        return pre;
    }

    /// <summary>Writes the SAE, loads feature 1 through the engine's spec path and compares every token's value with
    /// <paramref name="expected"/> of the direct pre-activations (tolerance 1e-4 absolute + 1e-4 relative: float32
    /// sums of 384 products against double). Feature 1's bias is first set to minus the median of its pre-activations
    /// over the text (and jumprelu's threshold to their 75th percentile, both between two tokens' values), so that it fires on some tokens and not others.</summary>
    private void Compare(string architecture, string normalization, bool applyBDec, int k, Func<double[], Sae, double> expected)
    {
        var sae = Sae.Random();
        using var engine = new InterpEngine(new ModelRegistry().AddEmbedded(() => fx.Model));
        var a = engine.AnalyzeText(Text, Hook);
        float[]? bDec = applyBDec ? sae.BDec : null;
        var pre1 = Enumerable.Range(0, a.Tokens.Count).Select(t => PreActivations(a.Row(t), sae.WEnc, sae.BEnc, bDec, normalization)[1]).Order().ToArray();
        // Midpoints between neighbouring values, so that no token sits on the ReLU's or the threshold's edge.
        double Between(int i) => (pre1[i - 1] + pre1[i]) / 2;
        double median = Between(pre1.Length / 2);
        sae.BEnc[1] -= (float)median;
        sae.Threshold[1] = (float)(Between(pre1.Length * 3 / 4) - median);
        Write("sae", sae, architecture, normalization, applyBDec, k);

        var d = engine.LoadDirection("sae#feature[1]?raw-units", _dir.Path, makeActive: true);
        Assert.Equal(DirectionKind.SaeFeature, d.Kind);
        Assert.Equal(Hook, d.Hook);
        var values = a.Values(engine.Projector(d));
        int positive = 0;
        for (int t = 0; t < a.Tokens.Count; t++)
        {
            double want = expected(PreActivations(a.Row(t), sae.WEnc, sae.BEnc, bDec, normalization), sae);
            Assert.True(Math.Abs(values[t] - want) <= 1e-4 + 1e-4 * Math.Abs(want), $"token {t}: expected {want}, got {values[t]}");
            if (want > 0) positive++;
        }
        Assert.InRange(positive, 1, a.Tokens.Count - 1);
    }

    [Fact]
    public void Standard_feature_with_b_dec_and_constant_norm_rescale_equals_a_direct_computation() =>
        Compare("standard", "constant_norm_rescale", applyBDec: true, k: 0, (pre, _) => Math.Max(pre[1], 0));

    [Fact]
    public void TopK_feature_with_layer_norm_equals_a_direct_computation() =>
        Compare("topk", "layer_norm", applyBDec: false, k: 3,
            (pre, _) => pre.Count(p => p > pre[1]) < 3 ? Math.Max(pre[1], 0) : 0);

    [Fact]
    public void JumpRelu_feature_equals_a_direct_computation() =>
        Compare("jumprelu", "none", applyBDec: true, k: 0, (pre, sae) => pre[1] > sae.Threshold[1] ? Math.Max(pre[1], 0) : 0);

    [Fact]
    public void A_four_wide_sae_is_refused_naming_both_widths()
    {
        Write("narrow", Sae.Random(dIn: 4), "standard", "none", applyBDec: false);
        using var engine = new InterpEngine(new ModelRegistry().AddEmbedded(() => fx.Model));
        var e = Assert.Throws<DirectionLoadException>(() => engine.LoadDirection("narrow#feature[0]", _dir.Path, makeActive: true));
        Assert.Contains("d_in 4", e.Message);
        Assert.Contains("width 384", e.Message);
        Assert.Empty(engine.Directions.All);
    }

    [Fact]
    public void An_sae_made_for_another_model_is_refused_naming_it()
    {
        Write("gpt2", Sae.Random(), "standard", "none", applyBDec: false, model: "gpt2");
        using var engine = new InterpEngine(new ModelRegistry().AddEmbedded(() => fx.Model));
        var e = Assert.Throws<DirectionMismatchException>(() => engine.LoadDirection("gpt2#feature[0]", _dir.Path, makeActive: true));
        Assert.Contains("'gpt2'", e.Message);
        Assert.Contains(ModelRegistry.EmbeddedMiniLmId, e.Message);

        Write("mine", Sae.Random(), "standard", "none", applyBDec: false, model: "all-MiniLM-L6-v2");
        var d = engine.LoadDirection("mine#feature[0]", _dir.Path, makeActive: true);
        Assert.Equal(ModelRegistry.EmbeddedMiniLmId, d.ModelId);
    }

    /// <summary>Features ±e_i for every coordinate (768) plus 32 dead ones (d_sae 800): every hidden state is
    /// reconstructed exactly, with one feature per non-zero coordinate.</summary>
    private string WriteIdentity(string name, float encoderBias = 0)
    {
        const int n = 2 * DIn + 32;
        var wEnc = new float[DIn * n];
        var wDec = new float[n * DIn];
        var bEnc = new float[n];
        for (int i = 0; i < DIn; i++)
        {
            wEnc[i * n + i] = 1; wEnc[i * n + DIn + i] = -1;
            wDec[i * DIn + i] = 1; wDec[(DIn + i) * DIn + i] = -1;
        }
        for (int j = 0; j < n; j++) bEnc[j] = j < 2 * DIn ? encoderBias : -1;
        for (int j = 2 * DIn; j < n; j++) wDec[j * DIn] = 1;
        var folder = Path.Combine(_dir.Path, name);
        Directory.CreateDirectory(folder);
        SafetensorsWriter.Write(Path.Combine(folder, "sae_weights.safetensors"),
            [new("W_enc", [DIn, n], wEnc), new("b_enc", [n], bEnc), new("W_dec", [n, DIn], wDec), new("b_dec", [DIn], new float[DIn])]);
        var cfg = new JObject
        {
            ["architecture"] = "standard", ["d_in"] = DIn, ["d_sae"] = n, ["apply_b_dec_to_input"] = false,
            ["metadata"] = new JObject { ["hook_name"] = Hook, ["model_name"] = "all-MiniLM-L6-v2", ["sae_lens_version"] = "6.12.0" },
        };
        File.WriteAllText(Path.Combine(folder, "cfg.json"), cfg.ToString());
        return folder;
    }

    [Fact]
    public async Task Loading_an_sae_feature_checks_its_sae_once_on_real_hidden_states()
    {
        WriteIdentity("identity");
        using var engine = new InterpEngine(new ModelRegistry().AddEmbedded(() => fx.Model));
        var events = new System.Collections.Concurrent.ConcurrentQueue<SaeChecked>();
        engine.Events += e => { if (e is SaeChecked c) events.Enqueue(c); };
        var d = engine.LoadDirection("identity#feature[3]", _dir.Path, makeActive: true);
        var r = await engine.CheckSae(d);
        Assert.NotNull(r);
        Assert.Equal(256, r.Tokens);
        Assert.InRange(r.Fvu, 0, 1e-6);
        Assert.InRange(r.L0, 300, 384);
        Assert.True(r.Ok, r.Warning);
        // another feature of the same SAE at the same hook is not checked again
        var d7 = engine.LoadDirection("identity#feature[7]", _dir.Path, makeActive: false);
        Assert.Same(await engine.CheckSae(d7), r);
        var only = Assert.Single(events);
        Assert.Equal(d.Id, only.DirectionId);
    }

    [Fact]
    public async Task An_sae_that_never_fires_on_the_hooks_states_is_reported_with_both_numbers()
    {
        WriteIdentity("dead", encoderBias: -1000);
        using var engine = new InterpEngine(new ModelRegistry().AddEmbedded(() => fx.Model));
        var d = engine.LoadDirection("dead#feature[0]", _dir.Path, makeActive: true);
        var r = await engine.CheckSae(d);
        Assert.NotNull(r);
        Assert.Equal(0, r.L0);
        Assert.StartsWith("SAE check on 256 tokens: FVU ", r.Warning);
        Assert.Contains("L0 0.0 (expected 0.5 to 400)", r.Warning);
        Assert.Contains("the hook may be fed the wrong tensor", r.Warning);
        // a direction that is no SAE feature is not checked
        Assert.Null(await engine.CheckSae(engine.LoadDirection($"neuron:{Hook}:3", null, makeActive: false)));
    }

    public void Dispose() => _dir.Dispose();
}
