using InterpLsp.Interp.Activations;
using InterpLsp.Interp.Directions;

namespace InterpLsp.Tests.Directions;

/// <summary>SAE feature activations of the tiny SAE in <see cref="SaeTestFolder"/>, read through the spec
/// <c>DIR#feature[I]?raw-units</c> (SAELens's formulas in the trained units; the folded default is tested in
/// <see cref="SaeConventionTests"/>), against values worked out by hand (tolerance 1e-5 absolute).</summary>
public class SaeFeatureValueTests : LoaderTestBase
{
    private const double Tol = 1e-5;

    /// <summary>The hidden vector most tests use.</summary>
    private static readonly float[] X = [2, 3, -1, 1];

    private float[] Values(SaeTestFolder sae, float[] x)
    {
        sae.Write(Dir, "sae");
        return Enumerable.Range(0, 3).Select(i =>
        {
            var d = Load($"sae#feature[{i}]?raw-units");
            Assert.Equal(DirectionKind.SaeFeature, d.Kind);
            return new DirectionProjector(d).Value(x);
        }).ToArray();
    }

    private static void Near(double[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= Tol, $"feature {i}: expected {expected[i]}, got {actual[i]}");
    }

    [Fact]
    public void Standard_without_input_bias()
    {
        // pre0 = 1*2 + 0.5 = 2.5; pre1 = 2*3 - 1*1 - 1 = 4; pre2 = (2+3-1+1) - 2 = 3; ReLU keeps all.
        Near([2.5, 4, 3], Values(new SaeTestFolder(), X));
    }

    [Fact]
    public void Standard_with_input_bias_subtracts_b_dec_first()
    {
        // x - b_dec = [1, 3, -1, 0]: pre0 = 1 + 0.5 = 1.5; pre1 = 6 - 0 - 1 = 5; pre2 = (1+3-1+0) - 2 = 1.
        Near([1.5, 5, 1], Values(new SaeTestFolder { ApplyBDec = true }, X));
    }

    [Fact]
    public void Standard_clips_negative_pre_activations()
    {
        // x = [-3, 0, 0, 0]: pre0 = -3 + 0.5 = -2.5 -> 0; pre1 = 0 - 1 = -1 -> 0; pre2 = -3 - 2 = -5 -> 0.
        Near([0, 0, 0], Values(new SaeTestFolder(), [-3, 0, 0, 0]));
        // x = [-3, 1, 0, 0]: pre1 = 2 - 1 = 1 -> 1.
        Near([0, 1, 0], Values(new SaeTestFolder(), [-3, 1, 0, 0]));
    }

    [Fact]
    public void JumpRelu_is_zero_below_and_at_the_threshold_and_pre_above()
    {
        // pre = [2.5, 4, 3]; thresholds [2.5, 3.9, 3.1]: 2.5 is at (not above) -> 0; 4 > 3.9 -> 4; 3 < 3.1 -> 0.
        Near([0, 4, 0], Values(new SaeTestFolder { Architecture = "jumprelu", Threshold = [2.5f, 3.9f, 3.1f] }, X));
    }

    [Fact]
    public void JumpRelu_with_a_negative_threshold_still_applies_relu_as_saelens_does()
    {
        // x = [-3, 0, 0, 0]: pre0 = -2.5 > -3 passes the mask, but SAELens multiplies ReLU(pre) by it: 0.
        // pre1 = -1 > -2 likewise 0; pre2 = -5 < -4 -> 0.
        Near([0, 0, 0], Values(new SaeTestFolder { Architecture = "jumprelu", Threshold = [-3, -2, -4] }, [-3, 0, 0, 0]));
    }

    [Fact]
    public void JumpRelu_threshold_stored_as_log_threshold_is_exponentiated()
    {
        // threshold = exp(log 3.9) = 3.9 for feature 1 (pre 4 -> 4); exp(log 2.6) = 2.6 < 2.5? no: 2.5 <= 2.6 -> 0;
        // feature 2: exp(log 2.9) = 2.9 < 3 -> 3.
        var sae = new SaeTestFolder { Architecture = "jumprelu" };
        sae.Replace["log_threshold"] = new("log_threshold", [3], [MathF.Log(2.6f), MathF.Log(3.9f), MathF.Log(2.9f)]);
        Near([0, 4, 3], Values(sae, X));
    }

    [Fact]
    public void TopK_1_keeps_only_the_largest_pre_activation()
    {
        // pre = [2.5, 4, 3]: the largest is feature 1.
        Near([0, 4, 0], Values(new SaeTestFolder { Architecture = "topk", K = 1 }, X));
    }

    [Fact]
    public void TopK_2_keeps_the_two_largest()
    {
        // pre = [2.5, 4, 3]: features 1 and 2.
        Near([0, 4, 3], Values(new SaeTestFolder { Architecture = "topk", K = 2 }, X));
    }

    [Fact]
    public void TopK_ties_go_to_the_lower_index()
    {
        // x = [1, 1, 1, 0.5]: pre0 = 1 + 0.5 = 1.5; pre1 = 2 - 0.5 - 1 = 0.5; pre2 = 3.5 - 2 = 1.5 (a tie with 0).
        Near([1.5, 0, 0], Values(new SaeTestFolder { Architecture = "topk", K = 1 }, [1, 1, 1, 0.5f]));
        Near([1.5, 0, 1.5], Values(new SaeTestFolder { Architecture = "topk", K = 2 }, [1, 1, 1, 0.5f]));
    }

    [Fact]
    public void TopK_applies_relu_to_the_kept_features()
    {
        // x = [-3, 0, 0, 0]: pre = [-2.5, -1, -5]; k = 2 keeps features 1 and 0, both negative -> 0.
        Near([0, 0, 0], Values(new SaeTestFolder { Architecture = "topk", K = 2 }, [-3, 0, 0, 0]));
    }

    [Fact]
    public void TopK_with_rescale_acts_by_decoder_norm_ranks_and_scales_by_decoder_norms()
    {
        // |W_dec| = [1, 1, sqrt 2]: pre * norm = [2.5, 4, 3 sqrt 2 = 4.2426]; k = 1 keeps feature 2 with 4.2426.
        var sae = new SaeTestFolder { Architecture = "topk", K = 1, EditCfg = c => c["rescale_acts_by_decoder_norm"] = true };
        Near([0, 0, 3 * Math.Sqrt(2)], Values(sae, X));
        // The decoder row is folded to unit length, as SAELens's fold_W_dec_norm does.
        var d = Load("sae#feature[2]");
        Assert.Equal(1 / Math.Sqrt(2), d.Vector[2], 1e-6);
    }

    [Fact]
    public void Constant_norm_rescale_scales_x_to_norm_sqrt_d_in()
    {
        // |x| = sqrt(4 + 9 + 1 + 1) = sqrt 15; x' = x * sqrt(4) / sqrt 15 = x * 2 / sqrt 15.
        // pre0 = 2 * 2/sqrt15 + 0.5; pre1 = (2*3 - 1) * 2/sqrt15 - 1 = 10/sqrt15 - 1; pre2 = 5 * 2/sqrt15 - 2.
        double s = 2 / Math.Sqrt(15);
        Near([2 * s + 0.5, 5 * s - 1, 5 * s - 2], Values(new SaeTestFolder { Normalization = "constant_norm_rescale" }, X));
    }

    [Fact]
    public void Layer_norm_uses_the_unbiased_std_plus_eps()
    {
        // mean = 5/4 = 1.25; x - mean = [0.75, 1.75, -2.25, -0.25]; sum of squares = 0.5625 + 3.0625 + 5.0625 + 0.0625 = 8.75;
        // std (torch, divisor n-1) = sqrt(8.75 / 3); s = std + 1e-5.
        // pre0 = 0.75/s + 0.5; pre1 = (2*1.75 - (-0.25))/s - 1 = 3.75/s - 1; pre2 = (0.75+1.75-2.25-0.25)/s - 2 = -2 -> 0.
        double s = Math.Sqrt(8.75 / 3) + 1e-5;
        Near([0.75 / s + 0.5, 3.75 / s - 1, 0], Values(new SaeTestFolder { Normalization = "layer_norm" }, X));
    }

    [Fact]
    public void Layer_norm_comes_before_the_b_dec_subtraction()
    {
        // x' = LN(x) - b_dec = [0.75/s - 1, 1.75/s, -2.25/s, -0.25/s - 1] (s as above).
        // pre0 = 0.75/s - 1 + 0.5 = 0.4391 - 0.5 < 0 -> 0; pre1 = 2*1.75/s - (-0.25/s - 1) - 1 = 3.75/s; pre2 = 0/s - 2 - 2 = -4 -> 0.
        // (b_dec first would give LN([1, 3, -1, 0]) = [0.25, 2.25, -1.75, -0.75]/s, whose pre1 is (2*2.25 + 0.75)/s - 1 = 5.25/s - 1.)
        double s = Math.Sqrt(8.75 / 3) + 1e-5;
        Near([0, 3.75 / s, 0], Values(new SaeTestFolder { Normalization = "layer_norm", ApplyBDec = true }, X));
    }

    [Fact]
    public void Cfg_older_than_saelens_6_with_activation_fn_topk_is_topk()
    {
        // SAELens < 6: architecture "standard" with activation_fn_str "topk" and activation_fn_kwargs.k; hook_point at the
        // top level; normalize_activations false means none. k = 1 on pre = [2.5, 4, 3] keeps feature 1.
        var sae = new SaeTestFolder
        {
            EditCfg = c =>
            {
                c.Remove("metadata");
                c["hook_point"] = Resid;
                c["activation_fn_str"] = "topk";
                c["activation_fn_kwargs"] = new Newtonsoft.Json.Linq.JObject { ["k"] = 1 };
                c["normalize_activations"] = false;
            },
        };
        Near([0, 4, 0], Values(sae, X));
        Assert.Equal(Resid, Load("sae#feature[0]").Hook);
    }

    [Fact]
    public void Feature_carries_decoder_row_encoder_and_cfg_facts()
    {
        new SaeTestFolder { Architecture = "jumprelu", Threshold = [1, 2, 3], ApplyBDec = true, Model = "gpt2" }.Write(Dir, "sae");
        var d = Load("sae#feature[1]");
        Assert.Equal("sae#feature[1]", d.Id);
        Assert.Equal("sae#feature[1]", d.Name);
        Assert.Equal(Resid, d.Hook);
        Assert.Equal("gpt2", d.DeclaredModel);
        Assert.Equal(new float[] { 0, 1, 0, 0 }, d.Vector);
        var e = d.Sae!;
        Assert.Equal(("jumprelu", 1, -1f, 2f, "none"), (e.Architecture, e.FeatureIndex, e.EncoderBias, e.Threshold, e.Normalization));
        Assert.Equal(new float[] { 0, 2, 0, -1 }, e.EncoderRow);
        Assert.Equal(SaeTestFolder.BDec, e.InputBias);
        Assert.Null(e.AllEncoder);
    }

    [Fact]
    public void Decoder_row_syntax_stays_a_projection()
    {
        new SaeTestFolder().Write(Dir, "sae");
        var d = Load("sae#W_dec[2]");
        Assert.Equal(DirectionKind.Projection, d.Kind);
        Assert.Null(d.Sae);
        // h . d / |d| = (-1 + 1) / sqrt 2 = 0 for X; for [0,0,3,1]: 4 / sqrt 2.
        Assert.Equal(4 / Math.Sqrt(2), new DirectionProjector(d).Value([0, 0, 3, 1]), 1e-5);
    }

    [Fact]
    public void A_comma_list_loads_several_features_in_order()
    {
        new SaeTestFolder().Write(Dir, "sae");
        var all = DirectionSpecParser.LoadAll("sae#feature[2,0]", Width, Resid, Dir.Path);
        Assert.Equal(new[] { 2, 0 }, all.Select(d => d.Sae!.FeatureIndex));
        Assert.Equal(new[] { "sae#feature[2]", "sae#feature[0]" }, all.Select(d => d.Name));
        Assert.Equal(2, all.Select(d => d.Id).Distinct().Count());
        // The plain Load asks for one.
        Fails("sae#feature[2,0]", "sae#feature[2,0]", "2 SAE features");
        // A list elsewhere is refused.
        Fails("sae#W_dec[1,2]", "sae_weights.safetensors", "only to #feature");
    }

    [Fact]
    public void Read_without_a_choice_gives_every_feature_of_a_small_sae()
    {
        var folder = new SaeTestFolder { Hook = Mlp }.Write(Dir, "layer3");
        var all = SaeLensFolder.Read(folder, null);
        Assert.Equal(3, all.Count);
        Assert.Equal($"{folder}#feature[2]", all[2].Id);
        Assert.Equal("layer3#feature[2]", all[2].Name);
        Assert.Equal(Mlp, all[0].Hook);
        Assert.All(all, d => Assert.Equal(DirectionKind.SaeFeature, d.Kind));
        // The same reading as the spec: feature 1 of X.
        Assert.Equal(4f, new DirectionProjector(all[1]).Value(X), 1e-5);
    }
}
