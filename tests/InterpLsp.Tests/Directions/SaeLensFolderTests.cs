using InterpLsp.Interp.Directions;
namespace InterpLsp.Tests.Directions;

public class SaeLensFolderTests : LoaderTestBase
{
    private void WriteSae(string folder, string cfgJson)
    {
        var w = new Safetensors()
            .Add("W_enc", "F32", [4, 2], Le.F32(new float[8]))
            .Add("b_enc", "F32", [2], Le.F32(0, 0))
            .Add("W_dec", "F32", [2, 4], Le.F32(1, 2, 3, 4, 5, 6, 7, 8))
            .Add("b_dec", "F32", [4], Le.F32(0, 0, 0, 0))
            .Build();
        Dir.File($"{folder}/sae_weights.safetensors", w);
        Dir.File($"{folder}/cfg.json", cfgJson);
    }

    [Fact]
    public void Hook_comes_from_cfg_metadata()
    {
        WriteSae("layer8", """{"d_in": 4, "d_sae": 2, "architecture": "standard", "metadata": {"model_name": "gpt2", "hook_name": "blocks.8.hook_resid_pre", "hook_head_index": null}}""");
        var d = Load("layer8/sae_weights.safetensors#W_dec[1]", defaultHook: null);
        Assert.Equal("blocks.8.hook_resid_pre", d.Hook);
        Assert.Equal(new[] { 5f, 6, 7, 8 }, d.Vector);
        Assert.Equal("layer8#W_dec[1]", d.Name);
        Assert.Equal(DirectionKind.Projection, d.Kind);
    }

    [Fact]
    public void Older_cfg_with_top_level_hook_name()
    {
        WriteSae("old", """{"d_in": 4, "d_sae": 2, "hook_name": "blocks.2.hook_resid_pre", "hook_layer": 2}""");
        Assert.Equal("blocks.2.hook_resid_pre", Load("old/sae_weights.safetensors#0").Hook);
    }

    [Fact]
    public void Folder_path_means_its_sae_weights()
    {
        WriteSae("layer8", """{"metadata": {"hook_name": "blocks.8.hook_resid_pre"}}""");
        var d = Load("layer8#0", defaultHook: null);
        Assert.Equal(new[] { 1f, 2, 3, 4 }, d.Vector);
        Assert.Equal("blocks.8.hook_resid_pre", d.Hook);
    }

    [Fact]
    public void Cfg_hook_beats_default_but_not_override()
    {
        WriteSae("layer8", """{"metadata": {"hook_name": "blocks.8.hook_resid_pre"}}""");
        Assert.Equal("blocks.8.hook_resid_pre", Load("layer8#0", defaultHook: Resid).Hook);
        Assert.Equal(Resid, Load($"layer8#0@{Resid}").Hook);
    }

    [Fact]
    public void Cfg_hook_width_mismatch_names_both_widths()
    {
        WriteSae("mlp", """{"metadata": {"hook_name": "blocks.3.mlp.hook_post"}}""");
        Fails("mlp#W_dec[0]", "sae_weights.safetensors", "width 4", "width 16", Mlp);
    }

    [Fact]
    public void Cfg_unknown_hook()
    {
        WriteSae("x", """{"metadata": {"hook_name": "blocks.40.hook_resid_pre"}}""");
        Fails("x#0", "sae_weights.safetensors", "unknown hook 'blocks.40.hook_resid_pre'");
    }

    [Fact]
    public void Bad_cfg_json_names_cfg()
    {
        WriteSae("x", """{"metadata": {"hook_name": """);
        Fails("x#0", "cfg.json", "bad SAELens config JSON");
    }

    [Fact]
    public void Folder_without_weights()
    {
        Directory.CreateDirectory(Path.Combine(Dir.Path, "empty"));
        Fails("empty#0", "empty", "sae_weights.safetensors");
    }

    [Fact]
    public void Without_row_the_message_asks_for_one()
    {
        WriteSae("layer8", """{"metadata": {"hook_name": "blocks.8.hook_resid_pre"}}""");
        Fails("layer8", "sae_weights.safetensors", "W_dec", "#W_dec[ROW]");
    }
}
