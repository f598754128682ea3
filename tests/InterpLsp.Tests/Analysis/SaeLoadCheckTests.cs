using InterpLsp.Analysis.Saes;
using InterpLsp.Interp.Directions;

namespace InterpLsp.Tests.Analysis;

/// <summary><see cref="SaeLoadCheck"/> on hand-built SAEs (d_in 4, d_sae 16) whose FVU and L0 are known exactly.</summary>
public class SaeLoadCheckTests
{
    private const int DIn = 4, DSae = 16;

    /// <summary>An SAE from its features: encoder column, encoder bias, decoder row each; padded to d_sae 16 with dead
    /// features (zero encoder, bias -1, decoder row e0).</summary>
    private static SaeWeights Sae(IReadOnlyList<(float[] Enc, float Bias, float[] Dec)> features, string architecture = "standard",
        float[]? bDec = null, bool applyBDec = false, string normalization = "none", int k = 0, float[]? threshold = null,
        bool rescale = false, double? l0 = null, double? varianceExplained = null)
    {
        var all = features.Concat(Enumerable.Range(0, DSae - features.Count).Select(_ => (new float[DIn], -1f, new float[] { 1, 0, 0, 0 }))).ToList();
        return new SaeWeights(architecture, DIn, DSae, all.SelectMany(f => f.Item1).ToArray(), all.Select(f => f.Item2).ToArray(),
            all.SelectMany(f => f.Item3).ToArray(), bDec ?? new float[DIn], applyBDec, threshold, k, normalization, rescale,
            CenterWritingWeights: false, l0, varianceExplained, "blocks.0.hook_resid_pre", "m");
    }

    private static float[] E(int i, float scale = 1) { var v = new float[DIn]; v[i] = scale; return v; }

    /// <summary>Features +e_i and -e_i (i = 0..3): every x is reconstructed exactly, with one active feature per
    /// non-zero coordinate.</summary>
    private static List<(float[], float, float[])> PlusMinus(float encScale = 1, float decScale = 1) =>
        Enumerable.Range(0, DIn).Select(i => (E(i, encScale), 0f, E(i, decScale)))
            .Concat(Enumerable.Range(0, DIn).Select(i => (E(i, -encScale), 0f, E(i, -decScale)))).ToList();

    /// <summary><paramref name="tokens"/> rows of uniform values in [offset - 1, offset + 1] (never exactly 0).</summary>
    private static float[] Hidden(int tokens, float offset = 0, int seed = 7)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, tokens * DIn).Select(_ => offset + (float)(r.NextDouble() * 1.8 - 0.9) + (r.Next(2) == 0 ? 0.1f : -0.1f)).ToArray();
    }

    [Fact]
    public void An_sae_that_reconstructs_exactly_has_fvu_0_and_l0_of_the_non_zero_coordinates()
    {
        var r = SaeLoadCheck.Run(Sae(PlusMinus()), Hidden(300), centered: false);
        Assert.Equal(SaeLoadCheck.MaxTokens, r.Tokens);
        Assert.InRange(r.Fvu, 0, 1e-10);
        Assert.Equal(4, r.L0);
        Assert.Null(r.Warning);
        Assert.True(r.Ok);
        Assert.Equal("SAE check on 256 tokens: FVU 0, L0 4.0", r.Summary);
        Assert.Equal("sane bounds", r.Expected);
    }

    [Fact]
    public void An_sae_that_never_fires_warns_naming_both_numbers()
    {
        // b_enc -100: nothing fires, the reconstruction is b_dec = 0. With x = 3 + u (u uniform, |u| <= 1) per
        // coordinate, FVU = sum |x|^2 / sum |x - mean|^2, about (9 + E u^2) / E u^2: far above 1.
        var dead = PlusMinus().Select(f => (f.Item1, -100f, f.Item3)).ToList();
        var hidden = Hidden(50, offset: 3);
        var r = SaeLoadCheck.Run(Sae(dead), hidden, centered: false);
        Assert.Equal(50, r.Tokens);
        Assert.Equal(0, r.L0);
        double sumSq = hidden.Sum(v => (double)v * v);
        var mean = Enumerable.Range(0, DIn).Select(c => Enumerable.Range(0, 50).Average(t => (double)hidden[t * DIn + c])).ToArray();
        double total = Enumerable.Range(0, 50 * DIn).Sum(i => Math.Pow(hidden[i] - mean[i % DIn], 2));
        Assert.True(Math.Abs(sumSq / total - r.Fvu) <= 1e-6 * r.Fvu, $"FVU {r.Fvu}, expected {sumSq / total}");
        Assert.True(r.Fvu > 10);
        Assert.StartsWith($"SAE check on 50 tokens: FVU {SaeLoadCheck.Format(r.Fvu)} (expected < 1), L0 0.0 (expected 0.5 to 8)", r.Warning);
        Assert.EndsWith(": the hook may be fed the wrong tensor", r.Warning);
    }

    [Fact]
    public void Too_many_active_features_warn()
    {
        // every one of 16 features fires on every token (bias 100): L0 16 > d_sae / 2.
        var all = Enumerable.Range(0, DSae).Select(i => (E(i % DIn), 100f, E(i % DIn))).ToList();
        var r = SaeLoadCheck.Run(Sae(all), Hidden(20), centered: false);
        Assert.Equal(16, r.L0);
        Assert.Contains("L0 16.0 (expected 0.5 to 8)", r.Warning);
    }

    [Fact]
    public void Declared_numbers_narrow_the_bounds()
    {
        var sae = Sae(PlusMinus(), l0: 20, varianceExplained: 0.99);
        var r = SaeLoadCheck.Run(sae, Hidden(40), centered: false);
        Assert.Equal((20 / 3.0, 8.0), (r.L0Low, r.L0High));          // [l0 / 3, 3 l0] within [0.5, d_sae / 2]
        Assert.Equal(0.11, r.FvuLimit, 10);                          // max(2 * 0.01, 0.01 + 0.1)
        Assert.Equal("cfg variance_explained 0.99, cfg l0 20", r.Expected);
        Assert.Contains("L0 4.0 (expected 6.667 to 8) [cfg variance_explained 0.99, cfg l0 20]", r.Warning);
        // a declared variance explained below 0 (SAELens's yaml has some) leaves the sane limit
        Assert.Equal(1, SaeLoadCheck.Judge(Sae(PlusMinus(), varianceExplained: -0.85), 10, 0.5, 4, false).FvuLimit);
        Assert.Null(SaeLoadCheck.Judge(Sae(PlusMinus(), varianceExplained: 0.5), 10, 0.9, 4, false).Warning);
        Assert.NotNull(SaeLoadCheck.Judge(Sae(PlusMinus(), varianceExplained: 0.9), 10, 0.25, 4, false).Warning);
    }

    /// <summary>Features ±u_k for an orthonormal basis u_1..u_3 of the zero-mean vectors of R^4: they reconstruct
    /// exactly what has zero mean, and nothing of the constant part.</summary>
    private static SaeWeights ZeroMeanSae()
    {
        float[][] u =
        [
            [1 / MathF.Sqrt(2), -1 / MathF.Sqrt(2), 0, 0],
            [1 / MathF.Sqrt(6), 1 / MathF.Sqrt(6), -2 / MathF.Sqrt(6), 0],
            [1 / MathF.Sqrt(12), 1 / MathF.Sqrt(12), 1 / MathF.Sqrt(12), -3 / MathF.Sqrt(12)],
        ];
        return Sae(u.Select(v => (v, 0f, v)).Concat(u.Select(v => (v.Select(x => -x).ToArray(), 0f, v.Select(x => -x).ToArray()))).ToList());
    }

    [Fact]
    public void An_sae_trained_on_the_centred_residual_passes_centred_and_fails_raw()
    {
        // hidden = c + 5 (per coordinate): centred it is c - mean(c), which the SAE reconstructs; raw, the constant part
        // (|5 * 1|^2 = 100 per token) is left over while the variance over tokens is only that of c.
        var sae = ZeroMeanSae();
        var hidden = Hidden(100, offset: 5);
        var centred = SaeLoadCheck.Run(sae, hidden, centered: true);
        Assert.InRange(centred.Fvu, 0, 1e-6);
        Assert.Equal(3, centred.L0);
        Assert.True(centred.Ok);
        Assert.True(centred.Centered);

        var raw = SaeLoadCheck.Run(sae, hidden, centered: false);
        Assert.True(raw.Fvu > 50, $"FVU {raw.Fvu}");
        Assert.NotNull(raw.Warning);

        var hinted = SaeLoadCheck.RunWithAlternative(sae, hidden, centered: false, residualHook: true);
        Assert.Contains($"; read as the centred residual it gives FVU {SaeLoadCheck.Format(centred.Fvu)}, L0 3.0 (spec option ?centered-input)", hinted.Warning);
        Assert.Equal(raw.Warning, SaeLoadCheck.RunWithAlternative(sae, hidden, centered: false, residualHook: false).Warning);
        // the other way round: the hint names raw-input
        var identity = Sae(PlusMinus());
        var off = Hidden(100, offset: 5);
        Assert.True(SaeLoadCheck.Run(identity, off, centered: true).Ok); // the identity reconstructs anything
        Assert.Null(SaeLoadCheck.RunWithAlternative(identity, off, centered: true, residualHook: true).Warning);
    }

    [Theory]
    [InlineData("constant_norm_rescale", false)]
    [InlineData("layer_norm", false)]
    [InlineData("none", true)]
    [InlineData("layer_norm", true)]
    public void Normalisation_and_b_dec_are_undone_in_the_reconstruction(string normalization, bool applyBDec)
    {
        // (decoding always adds b_dec, as SAELens's decode does: an identity SAE that does not subtract it has none)
        var sae = Sae(PlusMinus(), bDec: applyBDec ? [0.5f, -0.25f, 1, 2] : null, applyBDec: applyBDec, normalization: normalization);
        var r = SaeLoadCheck.Run(sae, Hidden(64, offset: 0.3f), centered: false);
        Assert.InRange(r.Fvu, 0, 1e-8);
    }

    [Fact]
    public void Topk_keeps_k_features_and_jumprelu_its_threshold()
    {
        var hidden = Hidden(64);
        var topk = SaeLoadCheck.Run(Sae(PlusMinus(), "topk", k: 2), hidden, centered: false);
        Assert.Equal(2, topk.L0);
        Assert.InRange(topk.Fvu, 0.01, 1);
        // threshold 0.5 on |x_i|: L0 is the count of coordinates beyond 0.5
        var threshold = Enumerable.Repeat(0.5f, DSae).ToArray();
        var jump = SaeLoadCheck.Run(Sae(PlusMinus(), "jumprelu", threshold: threshold), hidden, centered: false);
        Assert.Equal(hidden.Count(v => Math.Abs(v) > 0.5) / 64.0, jump.L0, 10);
    }

    [Fact]
    public void Topk_with_rescale_acts_by_decoder_norm_ranks_by_pre_times_decoder_norm()
    {
        // feature a: encoder e0, decoder 3 e0 (norm 3); feature b: encoder 2 e1, decoder 0.5 e1 (norm 0.5); k = 1.
        // Tokens [1, 1, 0, 0] and 0: mean [0.5, 0.5, 0, 0], total variance 1. On the first, pre = (1, 2):
        // without the rescale b wins, x̂ = 2 * 0.5 e1 = [0, 1, 0, 0], residual 1: FVU 1;
        // with it a wins (3 > 1), x̂ = (3 / 3) * 3 e0 = [3, 0, 0, 0], residual |(-2, 1)|^2 = 5: FVU 5.
        List<(float[], float, float[])> features = [(E(0), 0f, E(0, 3)), (E(1, 2), 0f, E(1, 0.5f))];
        float[] hidden = [1, 1, 0, 0, /**/ 0, 0, 0, 0];
        var plain = SaeLoadCheck.Run(Sae(features, "topk", k: 1), hidden, centered: false);
        Assert.Equal((1.0, 0.5), (plain.Fvu, plain.L0));
        var rescaled = SaeLoadCheck.Run(Sae(features, "topk", k: 1, rescale: true), hidden, centered: false);
        Assert.Equal((5.0, 0.5), (rescaled.Fvu, rescaled.L0));
    }

    [Fact]
    public void Too_few_tokens_give_no_fvu_and_misaligned_rows_are_refused()
    {
        var one = SaeLoadCheck.Run(Sae(PlusMinus()), Hidden(1), centered: false);
        Assert.True(double.IsNaN(one.Fvu));
        Assert.Equal("SAE check on 1 tokens: FVU n/a, L0 4.0", one.Summary);
        Assert.Throws<ArgumentException>(() => SaeLoadCheck.Run(Sae(PlusMinus()), new float[7], centered: false));
    }
}
