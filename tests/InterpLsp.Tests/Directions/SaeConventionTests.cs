using InterpLsp.Interp.Activations;
using InterpLsp.Interp.Directions;
using InterpLsp.Library;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Tests.Directions;

/// <summary>How SAE features are read as Neuronpedia reads them: decoder norms folded into the encoder by default
/// (<c>?raw-units</c> keeps the trained units), and the residual centred when the cfg asks for
/// <c>center_writing_weights</c> (<c>?raw-input</c>, <c>?centered-input</c> override). Every number is worked out by hand.</summary>
public class SaeConventionTests : LoaderTestBase
{
    private const double Tol = 1e-5;
    private static readonly float[] X = [2, 3, -1, 1];

    /// <summary>W_dec rows of norms 2, 0.5 and 1: [2,0,0,0], [0.25,0.25,0.25,0.25], [0,0,0,1]. The encoder is
    /// <see cref="SaeTestFolder"/>'s: pre = [2.5, 4, 3] on X.</summary>
    private static SaeTestFolder Norms2Half1(string architecture = "standard", float[]? threshold = null)
    {
        var sae = new SaeTestFolder { Architecture = architecture, Threshold = threshold };
        sae.Replace["W_dec"] = new("W_dec", [3, 4], [2, 0, 0, 0, /**/ 0.25f, 0.25f, 0.25f, 0.25f, /**/ 0, 0, 0, 1]);
        return sae;
    }

    private float[] Values(string spec, float[] x) =>
        Enumerable.Range(0, 3).Select(i => new DirectionProjector(Load(spec.Replace("{i}", i.ToString()))).Value(x)).ToArray();

    private static void Near(double[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= Tol, $"feature {i}: expected {expected[i]}, got {actual[i]}");
    }

    // ---- fold_W_dec_norm ----------------------------------------------------------------------------------

    [Fact]
    public void By_default_decoder_norms_are_folded_into_the_encoder()
    {
        Norms2Half1().Write(Dir, "sae");
        // trained: pre = [2.5, 4, 3]; folded: times |W_dec| = [2, 0.5, 1] -> [5, 2, 3].
        Near([5, 2, 3], Values("sae#feature[{i}]", X));
        var d1 = Load("sae#feature[1]");
        Assert.True(d1.Sae!.DecoderNormFolded);
        // W_enc[:, 1] = [0, 2, 0, -1] * 0.5; b_enc[1] = -1 * 0.5; W_dec[1] / 0.5 = [0.5, 0.5, 0.5, 0.5].
        Assert.Equal(new float[] { 0, 1, 0, -0.5f }, d1.Sae.EncoderRow);
        Assert.Equal(-0.5f, d1.Sae.EncoderBias);
        Assert.Equal(new float[] { 0.5f, 0.5f, 0.5f, 0.5f }, d1.Vector);
        Assert.Equal(new float[] { 1, 0, 0, 0 }, Load("sae#feature[0]").Vector);
        Assert.Contains("units: Neuronpedia's (decoder norms folded into the encoder)", d1.Sae.Describe(d1.Hook));
    }

    [Fact]
    public void Raw_units_keep_the_trained_activations()
    {
        Norms2Half1().Write(Dir, "sae");
        Near([2.5, 4, 3], Values("sae#feature[{i}]?raw-units", X));
        var d = Load("sae#feature[1]?raw-units");
        Assert.False(d.Sae!.DecoderNormFolded);
        Assert.Equal(new float[] { 0.25f, 0.25f, 0.25f, 0.25f }, d.Vector);
        Assert.Equal("sae#feature[1]?raw-units", d.Id);
        Assert.Contains("units: as trained (decoder norms not folded)", d.Sae.Describe(d.Hook));
        // the two readings are different directions
        Assert.NotEqual(Load("sae#feature[1]").Hash, d.Hash);
    }

    [Fact]
    public void A_jumprelu_threshold_is_folded_with_its_feature()
    {
        // trained thresholds [4, 1.9, 3.1] on pre [2.5, 4, 3]: only feature 1 fires, with 4.
        // folded: thresholds [8, 0.95, 3.1] on pre [5, 2, 3]: only feature 1 fires, with 2 = 4 * 0.5.
        Norms2Half1("jumprelu", [4, 1.9f, 3.1f]).Write(Dir, "sae");
        Near([0, 2, 0], Values("sae#feature[{i}]", X));
        Near([0, 4, 0], Values("sae#feature[{i}]?raw-units", X));
        Assert.Equal(8f, Load("sae#feature[0]").Sae!.Threshold);
        Assert.Equal(0.95f, Load("sae#feature[1]").Sae!.Threshold, 6);
    }

    [Fact]
    public void Folding_a_folded_sae_changes_nothing()
    {
        var folder = Norms2Half1("jumprelu", [4, 1.9f, 3.1f]).Write(Dir, "sae");
        var folded = SaeLensFolder.Read(folder, [0, 1, 2]);
        var export = Path.Combine(Dir.Path, "export");
        SaeLensFolder.Write(export, folded);
        var again = SaeLensFolder.Read(export, null);
        for (int c = 0; c < 3; c++)
        {
            Assert.Equal(folded[c].Vector, again[c].Vector);
            Assert.Equal(folded[c].Sae!.EncoderRow, again[c].Sae!.EncoderRow);
            Assert.Equal((folded[c].Sae!.EncoderBias, folded[c].Sae!.Threshold), (again[c].Sae!.EncoderBias, again[c].Sae!.Threshold));
            Assert.True(again[c].Sae!.DecoderNormFolded);
        }
    }

    [Fact]
    public void A_topk_sae_without_rescale_is_never_folded()
    {
        // Folding would change which k features win (SAELens and Neuronpedia refuse); pre [2.5, 4, 3], k = 1 keeps feature 1.
        var sae = Norms2Half1("topk");
        sae.K = 1;
        sae.Write(Dir, "sae");
        Near([0, 4, 0], Values("sae#feature[{i}]", X));
        Assert.False(Load("sae#feature[1]").Sae!.DecoderNormFolded);
    }

    [Fact]
    public void A_zero_decoder_row_folds_to_a_feature_that_never_fires()
    {
        var sae = new SaeTestFolder();
        sae.Replace["W_dec"] = new("W_dec", [3, 4], [1, 0, 0, 0, /**/ 0, 0, 0, 0, /**/ 0, 0, 1, 1]);
        sae.Write(Dir, "sae");
        var d = Load("sae#feature[1]");
        Assert.Equal(0f, new DirectionProjector(d).Value(X));
        Assert.Equal(new float[4], d.Vector);
        Assert.All(d.Sae!.EncoderRow.Append(d.Sae.EncoderBias), v => Assert.True(float.IsFinite(v)));
    }

    // ---- the residual convention --------------------------------------------------------------------------

    /// <summary>Encoder column 0 = [1, -1, 0, 0] (zero mean), column 1 = [1, 1, 1, 1] (constant), column 2 = [0, 0, 1, 0];
    /// b_enc = 0.5 each; W_dec rows of unit norm (so units do not matter).</summary>
    private string CenteringSae(bool? centerWritingWeights, string name = "sae", bool inMetadata = true)
    {
        var sae = new SaeTestFolder
        {
            EditCfg = cfg =>
            {
                if (centerWritingWeights is not bool c) return;
                var kwargs = new JObject { ["center_writing_weights"] = c };
                if (inMetadata) cfg["metadata"]!["model_from_pretrained_kwargs"] = kwargs;
                else cfg["model_from_pretrained_kwargs"] = kwargs;
            },
        };
        sae.Replace["W_enc"] = new("W_enc", [4, 3], [1, 1, 0, /**/ -1, 1, 0, /**/ 0, 1, 1, /**/ 0, 1, 0]);
        sae.Replace["b_enc"] = new("b_enc", [3], [0.5f, 0.5f, 0.5f]);
        sae.Replace["W_dec"] = new("W_dec", [3, 4], [1, 0, 0, 0, /**/ 0, 1, 0, 0, /**/ 0, 0, 1, 0]);
        return sae.Write(Dir, name);
    }

    /// <summary>x = [3, 2, -1, 1]: mean 1.25, centred [1.75, 0.75, -2.25, -0.25].</summary>
    private static readonly float[] Y = [3, 2, -1, 1];

    [Fact]
    public void Cfg_center_writing_weights_picks_the_centred_residual()
    {
        CenteringSae(true);
        var d = Load("sae#feature[0]");
        Assert.Equal(ResidualConvention.Centered, d.Sae!.Input);
        Assert.True(d.Sae.CentersAt(d.Hook));
        // zero-mean row: the same either way, (3 - 2) + 0.5 = (1.75 - 0.75) + 0.5 = 1.5.
        // constant row: raw 5 + 0.5 = 5.5, centred 0 + 0.5 = 0.5. column 2: raw -1 + 0.5 < 0; centred -2.25 + 0.5 < 0.
        Near([1.5, 0.5, 0], Values("sae#feature[{i}]", Y));
        Near([1.5, 5.5, 0], Values("sae#feature[{i}]?raw-input", Y));
        Assert.Contains("input: centered residual (center_writing_weights: h - mean(h) per token)", d.Sae.Describe(d.Hook));
        Assert.Contains("input: raw residual", Load("sae#feature[0]?raw-input").Sae!.Describe(Resid));
        // the centred reading is another direction (its hash says so), and its id keeps the option
        Assert.NotEqual(d.Hash, Load("sae#feature[0]?raw-input").Hash);
        Assert.Equal("sae#feature[0]?raw-input", Load("sae#feature[0]?raw-input").Id);
    }

    [Fact]
    public void Older_cfg_with_top_level_model_from_pretrained_kwargs_is_read_too()
    {
        CenteringSae(true, inMetadata: false);
        Assert.Equal(ResidualConvention.Centered, Load("sae#feature[1]").Sae!.Input);
    }

    [Fact]
    public void Without_the_cfg_key_or_with_false_the_residual_is_raw_unless_the_spec_asks()
    {
        CenteringSae(null, "plain");
        CenteringSae(false, "off");
        Near([1.5, 5.5, 0], Values("plain#feature[{i}]", Y));
        Near([1.5, 5.5, 0], Values("off#feature[{i}]", Y));
        Assert.Equal(ResidualConvention.Raw, Load("plain#feature[1]").Sae!.Input);
        Near([1.5, 0.5, 0], Values("plain#feature[{i}]?centered-input", Y));
        Assert.Equal(ResidualConvention.Centered, Load("plain#feature[1]?centered-input,raw-units").Sae!.Input);
    }

    [Fact]
    public void Centring_applies_only_at_hooks_written_by_centred_weights()
    {
        foreach (var hook in new[] { "blocks.8.hook_resid_pre", "blocks.0.hook_resid_mid", "blocks.11.hook_resid_post", "hook_embed",
                     "hook_pos_embed", "blocks.3.hook_attn_out", "blocks.3.hook_mlp_out" })
            Assert.True(ResidualHooks.WritesResidual(hook), hook);
        foreach (var hook in new[] { "blocks.3.mlp.hook_post", "blocks.3.attn.hook_z", "ln_final.hook_normalized", "hook_full_embed",
                     "blocks.3.hook_normalized_resid_post", "blocks.3.ln2.hook_normalized", "", "resid_post" })
            Assert.False(ResidualHooks.WritesResidual(hook), hook);
        Assert.False(ResidualHooks.WritesResidual(null));

        var e = new SaeEncoder("standard", 0, [1, 1, 1, 1], 0, Input: ResidualConvention.Centered);
        Assert.True(e.CentersAt("blocks.2.hook_resid_pre"));
        Assert.False(e.CentersAt("blocks.3.mlp.hook_post"));
        Assert.Contains("input: raw (center_writing_weights does not change blocks.3.mlp.hook_post)", e.Describe("blocks.3.mlp.hook_post"));
        // at a neuron hook the constant row reads the raw value
        var d = new Direction("x", "x", "blocks.3.mlp.hook_post", [1, 0, 0, 0], DirectionKind.SaeFeature) { Sae = e };
        Assert.Equal(5f, new DirectionProjector(d).Value(Y));
        Assert.Equal(0f, new DirectionProjector(d with { Hook = "blocks.2.hook_resid_pre" }).Value(Y), 6);
    }

    [Fact]
    public void Centring_comes_before_normalisation_and_b_dec()
    {
        // layer_norm centres by itself, so with it the convention changes nothing; with b_dec it subtracts after centring:
        // centred Y - b_dec [1, 0, 0, 1] = [0.75, 0.75, -2.25, -1.25]: column 0 -> 0 + 0.5; column 1 -> -2 + 0.5 < 0.
        var folder = CenteringSae(true);
        var cfgPath = Path.Combine(folder, "cfg.json");
        var cfg = JObject.Parse(File.ReadAllText(cfgPath));
        cfg["apply_b_dec_to_input"] = true;
        File.WriteAllText(cfgPath, cfg.ToString());
        Near([0.5, 0, 0], Values("sae#feature[{i}]", Y));
        cfg["normalize_activations"] = "layer_norm";
        File.WriteAllText(cfgPath, cfg.ToString());
        Near(Values("sae#feature[{i}]?raw-input", Y).Select(v => (double)v).ToArray(), Values("sae#feature[{i}]", Y));
    }

    [Fact]
    public void Bad_options_are_refused_naming_them()
    {
        CenteringSae(true);
        Fails("sae#feature[0]?fast", "sae_weights.safetensors", "unknown option 'fast'", "raw-units");
        Fails("sae#feature[0]?raw-input,centered-input", "sae_weights.safetensors", "exclude each other");
        Fails("sae#feature[0]?raw-units,raw-units", "sae_weights.safetensors", "twice");
        Fails("sae#feature[0]?", "sae#feature[0]?", "empty option");
        Fails("sae#W_dec[0]?raw-units", "sae_weights.safetensors", "only to #feature");
    }

    [Fact]
    public void Options_and_hook_together_and_in_lists()
    {
        CenteringSae(true);
        var d = Load($"sae#feature[1]?raw-input@{Resid}");
        Assert.Equal(ResidualConvention.Raw, d.Sae!.Input);
        var all = DirectionSpecParser.LoadAll("sae#feature[1,0]?raw-input,raw-units", Width, Resid, Dir.Path);
        Assert.All(all, x => Assert.Equal(ResidualConvention.Raw, x.Sae!.Input));
        Assert.All(all, x => Assert.False(x.Sae!.DecoderNormFolded));
        Assert.EndsWith("#feature[1]?raw-units,raw-input", all[0].Id);
        // the id loads the same direction again
        Assert.Equal(all[0].Hash, DirectionSpecParser.Load(all[0].Id, Width, Resid, Dir.Path).Hash);
    }

    [Fact]
    public void Centred_features_are_written_with_center_writing_weights_and_read_back_centred()
    {
        var folder = CenteringSae(true);
        var features = SaeLensFolder.Read(folder, [1, 0]);
        var export = Path.Combine(Dir.Path, "export");
        SaeLensFolder.Write(export, features);
        var cfg = JObject.Parse(File.ReadAllText(Path.Combine(export, "cfg.json")));
        Assert.True((bool)cfg["metadata"]!["model_from_pretrained_kwargs"]!["center_writing_weights"]!);
        var again = SaeLensFolder.Read(export, null);
        Assert.All(again, d => Assert.Equal(ResidualConvention.Centered, d.Sae!.Input));
        Assert.Equal(new DirectionProjector(features[0]).Value(Y), new DirectionProjector(again[0]).Value(Y));
        // a raw and a centred feature are not one SAE
        var raw = SaeLensFolder.Read(folder, [0], new SaeReadOptions(Input: ResidualConvention.Raw));
        Assert.Contains("input Raw", Assert.Throws<ArgumentException>(() => SaeLensFolder.Write(Path.Combine(Dir.Path, "mixed"), [features[0], raw[0]])).Message);
    }

    [Fact]
    public void The_library_keeps_both_conventions()
    {
        var folder = CenteringSae(true);
        Norms2Half1().Write(Dir, "norms");
        var centred = SaeLensFolder.Read(folder, [1])[0] with { ModelId = "m" };
        var folded = SaeLensFolder.Read(Path.Combine(Dir.Path, "norms"), [1])[0] with { ModelId = "m" };
        var raw = SaeLensFolder.Read(Path.Combine(Dir.Path, "norms"), [1], new SaeReadOptions(FoldDecoderNorm: false))[0] with { ModelId = "m" };
        using var lib = DirectionLibrary.Open(Path.Combine(Dir.Path, "lib"));
        lib.Put(centred, "centred", new MadeBy("test"));
        lib.Put(folded, "folded", new MadeBy("test"));
        lib.Put(raw, "raw", new MadeBy("test"));
        var c = lib.Get("centred");
        Assert.Equal(ResidualConvention.Centered, c.Sae!.Input);
        Assert.Equal(centred.Hash, c.Hash);
        Assert.Equal(new DirectionProjector(centred).Value(Y), new DirectionProjector(c).Value(Y));
        Assert.True(lib.Get("folded").Sae!.DecoderNormFolded);
        Assert.Equal(ResidualConvention.Raw, lib.Get("folded").Sae!.Input);
        Assert.False(lib.Get("raw").Sae!.DecoderNormFolded);
    }
}
