using InterpLsp.Interp.Directions;

namespace InterpLsp.Tests.Directions;

/// <summary>SAELens folders that cannot be read as SAE features: each fails with a one-line
/// <see cref="DirectionLoadException"/> naming the file and the problem.</summary>
public class SaeLensBadInputTests : LoaderTestBase
{
    private void Write(SaeTestFolder sae) => sae.Write(Dir, "sae");

    [Fact]
    public void Encoder_of_the_wrong_shape_names_tensor_shape_and_expected_shape()
    {
        var sae = new SaeTestFolder();
        sae.Replace["W_enc"] = new("W_enc", [4, 2], new float[8]);
        Write(sae);
        Fails("sae#feature[0]", "sae_weights.safetensors", "'W_enc'", "[4, 2]", "[4, 3]", "d_in 4", "d_sae 3");
    }

    [Fact]
    public void Transposed_encoder_is_refused()
    {
        var sae = new SaeTestFolder();
        sae.Replace["W_enc"] = new("W_enc", [3, 4], new float[12]);
        Write(sae);
        Fails("sae#feature[0]", "sae_weights.safetensors", "'W_enc'", "[3, 4]", "[4, 3]");
    }

    [Fact]
    public void Decoder_bias_and_threshold_shapes_are_checked()
    {
        var dec = new SaeTestFolder();
        dec.Replace["W_dec"] = new("W_dec", [2, 4], new float[8]);
        Write(dec);
        Fails("sae#feature[0]", "sae_weights.safetensors", "'W_dec'", "[2, 4]", "[3, 4]");

        var bias = new SaeTestFolder();
        bias.Replace["b_enc"] = new("b_enc", [4], new float[4]);
        Write(bias);
        Fails("sae#feature[0]", "sae_weights.safetensors", "'b_enc'", "[4]", "[3]");

        var threshold = new SaeTestFolder { Architecture = "jumprelu" };
        threshold.Replace["threshold"] = new("threshold", [2], [1, 2]);
        Write(threshold);
        Fails("sae#feature[0]", "sae_weights.safetensors", "'threshold'", "[2]", "[3]");
    }

    [Fact]
    public void Missing_tensor_is_named()
    {
        Write(new SaeTestFolder { Architecture = "jumprelu" });
        Fails("sae#feature[0]", "sae_weights.safetensors", "no tensor 'threshold'", "jumprelu");
    }

    [Fact]
    public void Cfg_widths_that_disagree_with_the_tensors_are_refused()
    {
        Write(new SaeTestFolder { EditCfg = c => c["d_sae"] = 5 });
        Fails("sae#feature[0]", "sae_weights.safetensors", "'W_enc'", "[4, 3]", "[4, 5]");
        Write(new SaeTestFolder { EditCfg = c => c.Remove("d_in") });
        Fails("sae#feature[0]", "cfg.json", "no integer d_in");
    }

    [Fact]
    public void Another_hook_width_names_both_widths()
    {
        Write(new SaeTestFolder { Hook = Mlp });
        Fails("sae#feature[0]", "sae_weights.safetensors", "d_in 4", "width 16", Mlp);
    }

    [Fact]
    public void Expected_average_only_in_without_a_folded_factor_says_so()
    {
        Write(new SaeTestFolder { Normalization = "expected_average_only_in" });
        Fails("sae#feature[0]", "cfg.json", "expected_average_only_in", "without a folded scaling factor");
        // The pre-6 boolean form means the same.
        Write(new SaeTestFolder { EditCfg = c => { c.Remove("metadata"); c["hook_name"] = Resid; c["normalize_activations"] = true; } });
        Fails("sae#feature[0]", "cfg.json", "expected_average_only_in");
    }

    [Fact]
    public void Unknown_normalization_lists_the_allowed_ones()
    {
        Write(new SaeTestFolder { Normalization = "rms" });
        Fails("sae#feature[0]", "cfg.json", "'rms'", "constant_norm_rescale", "layer_norm");
    }

    [Fact]
    public void Unknown_architecture_lists_the_known_ones()
    {
        Write(new SaeTestFolder { Architecture = "gated" });
        Fails("sae#feature[0]", "cfg.json", "architecture 'gated'", "standard, jumprelu, topk");
    }

    [Fact]
    public void Feature_index_out_of_range_names_d_sae()
    {
        Write(new SaeTestFolder());
        Fails("sae#feature[3]", "sae_weights.safetensors", "feature index 3", "d_sae 3");
        Assert.Throws<DirectionLoadException>(() => SaeLensFolder.Read(Path.Combine(Dir.Path, "sae"), [-1]));
    }

    [Fact]
    public void TopK_with_k_above_d_sae_is_refused()
    {
        Write(new SaeTestFolder { Architecture = "topk", K = 4 });
        Fails("sae#feature[0]", "cfg.json", "k 4", "d_sae 3");
    }

    [Fact]
    public void A_large_sae_needs_a_choice_of_features()
    {
        var folder = Path.Combine(Dir.Path, "big");
        Directory.CreateDirectory(folder);
        const int dSae = 65;
        SafetensorsWriter.Write(Path.Combine(folder, "sae_weights.safetensors"),
            [new("W_enc", [4, dSae], new float[4 * dSae]), new("b_enc", [dSae], new float[dSae]),
             new("W_dec", [dSae, 4], new float[4 * dSae]), new("b_dec", [4], new float[4])]);
        File.WriteAllText(Path.Combine(folder, "cfg.json"), $$"""{"d_in": 4, "d_sae": {{dSae}}, "hook_name": "{{Resid}}"}""");
        Fails("big#feature", "sae_weights.safetensors", "d_sae 65", "choose", "#feature[12]");
        Assert.Equal(64, Load("big#feature[64]").Sae!.FeatureIndex);
    }

    [Fact]
    public void A_safetensors_header_that_lies_about_sizes_is_refused()
    {
        Write(new SaeTestFolder());
        // W_enc claims 48 bytes of F32 [4, 3] but the header gives it only 40.
        var lying = new Safetensors()
            .Add("W_enc", "F32", [4, 3], Le.F32(new float[10]))
            .Add("b_enc", "F32", [3], Le.F32(0, 0, 0))
            .Add("W_dec", "F32", [3, 4], Le.F32(new float[12]))
            .Add("b_dec", "F32", [4], Le.F32(0, 0, 0, 0))
            .Build();
        Dir.File("sae/sae_weights.safetensors", lying);
        Fails("sae#feature[0]", "sae_weights.safetensors", "'W_enc'", "40 bytes", "needs 48");

        // A header length larger than the file.
        Dir.File("sae/sae_weights.safetensors", Safetensors.BuildRaw("{}", [], headerLengthOverride: 1 << 30));
        Fails("sae#feature[0]", "sae_weights.safetensors", "header length", "larger than the file");
    }

    [Fact]
    public void Non_finite_weights_are_named()
    {
        var sae = new SaeTestFolder();
        sae.Replace["b_enc"] = new("b_enc", [3], [0, float.NaN, 0]);
        Write(sae);
        Fails("sae#feature[0]", "sae_weights.safetensors", "b_enc", "NaN", "index 1");
    }

    [Fact]
    public void Feature_spec_without_cfg_json_is_an_ordinary_tensor_name()
    {
        Dir.File("plain.safetensors", new Safetensors().Add("W_dec", "F32", [2, 4], Le.F32(new float[8])).Build());
        Fails("plain.safetensors#feature[0]", "plain.safetensors", "no tensor named 'feature'");
    }

    [Fact]
    public void Bad_cfg_values_are_named()
    {
        Write(new SaeTestFolder { EditCfg = c => c["apply_b_dec_to_input"] = "yes" });
        Fails("sae#feature[0]", "cfg.json", "apply_b_dec_to_input");
        Write(new SaeTestFolder { EditCfg = c => c["d_in"] = 4.5 });
        Fails("sae#feature[0]", "cfg.json", "d_in", "not an integer");
        Write(new SaeTestFolder { EditCfg = c => { c.Remove("metadata"); c["activation_fn_str"] = "tanh-relu"; } });
        Fails("sae#feature[0]", "cfg.json", "activation_fn 'tanh-relu'");
    }
}
