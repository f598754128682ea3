using InterpLsp.Model;
using InterpLsp.Model.Hooks;
using InterpLsp.Tests.Support;

namespace InterpLsp.Tests.Model;

/// <summary>Hook points carry TransformerLens's names and the values its BertBlock defines.</summary>
[Collection(ModelCollection.Name)]
public class HookTests(ModelFixture fx)
{
    private const float Tol = 1e-4f;
    private int[] Ids(string text) => fx.Model.Tokenizer.Tokenize(text).Select(t => t.Id).ToArray();

    private Dictionary<string, float[]> Capture(string text, params string[] hooks) =>
        fx.Model.Run(new[] { Ids(text) }, hooks)[0].ToDictionary(kv => kv.Key, kv => kv.Value);

    [Fact]
    public void Hook_names_follow_transformer_lens()
    {
        var names = fx.Model.HookPoints.Select(h => h.Name).ToHashSet();
        foreach (var n in new[] { "hook_embed", "hook_pos_embed", "hook_token_type_embed", "hook_full_embed" })
            Assert.Contains(n, names);
        for (int l = 0; l < 6; l++)
            foreach (var s in new[] { "hook_resid_pre", "hook_attn_out", "hook_resid_mid", "hook_mlp_out", "mlp.hook_post", "hook_resid_post", "hook_normalized_resid_post" })
                Assert.Contains($"blocks.{l}.{s}", names);
        Assert.Equal(1536, fx.Model.GetHook("blocks.3.mlp.hook_post").Width);
        Assert.Equal(384, fx.Model.GetHook("blocks.3.hook_resid_post").Width);
    }

    [Fact]
    public void Unknown_hook_names_the_nearest()
    {
        var e = Assert.Throws<UnknownHookException>(() => fx.Model.GetHook("blocks.3.hook_resid_pots"));
        Assert.Contains("blocks.3.hook_resid_post", e.Message);
    }

    [Fact]
    public void Residual_identities_hold()
    {
        const string text = "Heat flows from the warmer body to the colder one.";
        var h = Capture(text, "hook_full_embed", "blocks.0.hook_resid_pre", "blocks.1.hook_attn_out", "blocks.1.hook_resid_pre",
            "blocks.1.hook_resid_mid", "blocks.1.ln1.hook_normalized", "blocks.1.hook_mlp_out", "blocks.1.hook_resid_post",
            "blocks.1.hook_normalized_resid_post", "blocks.2.hook_resid_pre", "blocks.1.mlp.hook_pre", "blocks.1.mlp.hook_post");
        Close(h["hook_full_embed"], h["blocks.0.hook_resid_pre"]);
        Close(Add(h["blocks.1.hook_resid_pre"], h["blocks.1.hook_attn_out"]), h["blocks.1.hook_resid_mid"]);
        Close(Add(h["blocks.1.ln1.hook_normalized"], h["blocks.1.hook_mlp_out"]), h["blocks.1.hook_resid_post"]);
        Close(h["blocks.1.hook_normalized_resid_post"], h["blocks.2.hook_resid_pre"]);
        // exact-erf GELU between the neuron hooks
        var pre = h["blocks.1.mlp.hook_pre"];
        var post = h["blocks.1.mlp.hook_post"];
        for (int i = 0; i < pre.Length; i += 97)
            Assert.Equal(0.5 * pre[i] * (1 + Erf(pre[i] / Math.Sqrt(2))), post[i], Tol); // absolute tolerance, not rounding
    }

    [Fact]
    public void Early_exit_gives_the_same_values_as_the_full_pass()
    {
        const string text = "Two gases mixing in a closed box will never separate on their own.";
        var early = Capture(text, "blocks.2.hook_normalized_resid_post");
        var full = Capture(text, "blocks.2.hook_normalized_resid_post", "blocks.5.hook_normalized_resid_post");
        Assert.Single(early);
        Close(early["blocks.2.hook_normalized_resid_post"], full["blocks.2.hook_normalized_resid_post"]);
    }

    [Fact]
    public void Batched_padded_windows_equal_single_runs()
    {
        string[] texts = { "Short one.", "A somewhat longer sentence about the weather in spring and autumn.", "Mid length text here." };
        var ids = texts.Select(Ids).ToArray();
        const string hook = "blocks.5.hook_normalized_resid_post";
        var batched = fx.Model.Run(ids, new[] { hook });
        for (int i = 0; i < ids.Length; i++)
        {
            var single = fx.Model.Run(new[] { ids[i] }, new[] { hook })[0][hook];
            Assert.Equal(ids[i].Length * 384, batched[i][hook].Length);
            Close(single, batched[i][hook]);
        }
    }

    [Fact]
    public void Window_longer_than_the_model_is_refused()
    {
        var ids = Enumerable.Repeat(1996, 511).ToArray();
        var e = Assert.Throws<ArgumentException>(() => fx.Model.Run(new[] { ids }, new[] { "hook_embed" }));
        Assert.Contains("510", e.Message);
    }

    private static float[] Add(float[] a, float[] b) => a.Zip(b, (x, y) => x + y).ToArray();

    private static void Close(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        float max = 0;
        for (int i = 0; i < expected.Length; i++) max = Math.Max(max, Math.Abs(expected[i] - actual[i]));
        Assert.True(max <= Tol, $"max abs diff {max}");
    }

    // Abramowitz-Stegun 7.1.26 is too coarse; use a series/continued fraction via Math functions.
    private static double Erf(double x)
    {
        // erf via the complementary error function's high-precision rational approximation (W. J. Cody).
        double t = 1.0 / (1.0 + 0.5 * Math.Abs(x));
        double y = 1 - t * Math.Exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
                   t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? y : -y;
    }
}
