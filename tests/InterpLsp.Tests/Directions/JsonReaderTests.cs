using InterpLsp.Interp.Directions;
namespace InterpLsp.Tests.Directions;

public class JsonReaderTests : LoaderTestBase
{
    [Fact]
    public void Single_vector_with_name_and_hook()
    {
        var path = Dir.File("sent.json", """{"name": "sentiment", "hook": "blocks.3.mlp.hook_post", "vector": [0.1, -2.5, 3, 1e-3, 0,0,0,0,0,0,0,0,0,0,0,7]}""");
        var d = Load("sent.json");
        Assert.Equal("sentiment", d.Name);
        Assert.Equal(Mlp, d.Hook);
        Assert.Equal(DirectionKind.Projection, d.Kind);
        Assert.Equal(new[] { 0.1f, -2.5f, 3f, 1e-3f }, d.Vector[..4]);
        Assert.Equal(7f, d.Vector[15]);
        Assert.Equal(path, d.Source);
        Assert.Equal("sent.json", d.Id);
    }

    [Fact]
    public void Bias_and_scale_make_a_probe()
    {
        Dir.File("p.json", """{"vector": [1, 2, 3, 4], "bias": -0.5, "scale": 2}""");
        var d = Load("p.json");
        Assert.Equal(DirectionKind.Probe, d.Kind);
        Assert.Equal(-0.5f, d.Bias);
        Assert.Equal(2f, d.Scale);
        Assert.Equal(Resid, d.Hook); // from the default
        Assert.Equal("p", d.Name);
    }

    [Fact]
    public void Explicit_kind_projection_wins_over_bias()
    {
        Dir.File("p.json", """{"vector": [1, 2, 3, 4], "bias": 1, "kind": "Projection"}""");
        Assert.Equal(DirectionKind.Projection, Load("p.json").Kind);
    }

    [Fact]
    public void SaeDashboard_vectors_row0_by_default_and_row_by_index()
    {
        Dir.File("vs.json", """{"vectors": [[1,0,0,0],[0,2,0,0],[0,0,3,0]], "hook_point": "blocks.2.hook_resid_pre", "hook_layer": 2}""");
        Assert.Equal(new[] { 1f, 0, 0, 0 }, Load("vs.json").Vector);
        var d = Load("vs.json#2");
        Assert.Equal(new[] { 0f, 0, 3, 0 }, d.Vector);
        Assert.Equal("blocks.2.hook_resid_pre", d.Hook);
        Assert.Equal("vs#2", d.Name);
    }

    [Fact]
    public void SaeDashboard_saved_form_with_config_and_bare_hook_name()
    {
        Dir.File("vs.json", """{"vectors": [[1,0,0,0],[0,2,0,0]], "config": {"hook_name": "hook_resid_pre", "hook_layer": 8, "vector_names": ["a", "b"]}}""");
        var d = Load("vs.json#[1]", defaultHook: null);
        Assert.Equal("blocks.8.hook_resid_pre", d.Hook);
        Assert.Equal("b", d.Name);
    }

    [Fact]
    public void Vectors_row_out_of_range() => Fails2("vs.json#3", """{"vectors": [[1,0,0,0]]}""", "row index 3", "1 rows");

    [Fact]
    public void Row_on_single_vector() => Fails2("v.json#1", """{"vector": [1,0,0,0]}""", "single", "does not apply");

    [Fact]
    public void Tensor_name_on_json() => Fails2("v.json#W_dec", """{"vector": [1,0,0,0]}""", "safetensors");

    [Fact]
    public void Bad_json() => Fails2("v.json", """{"vector": [1, 2,""", "bad JSON");

    [Fact]
    public void Root_not_object() => Fails2("v.json", "[1,2,3,4]", "not an object");

    [Fact]
    public void No_vector_field() => Fails2("v.json", """{"vec": [1,2,3,4]}""", "\"vector\"", "\"vectors\"");

    [Fact]
    public void Nested_vector_is_wrong_rank() => Fails2("v.json", """{"vector": [[1,2],[3,4]]}""", "not 1-D");

    [Fact]
    public void String_element() => Fails2("v.json", """{"vector": [1, "x", 3, 4]}""", "element 1", "not a number");

    [Fact]
    public void NaN_reports_index() => Fails2("v.json", """{"vector": [1, 2, NaN, 4]}""", "NaN at index 2");

    [Fact]
    public void Infinity_reports_index() => Fails2("v.json", """{"vector": [1, -Infinity, 3, 4]}""", "-infinity at index 1");

    [Fact]
    public void Double_out_of_float_range_is_infinity() => Fails2("v.json", """{"vector": [1, 2, 3, 1e300]}""", "infinity at index 3");

    [Fact]
    public void All_zero_vector() => Fails2("v.json", """{"vector": [0, 0, 0.0, -0]}""", "all zeros");

    [Fact]
    public void Width_mismatch_states_both_numbers() => Fails2("v.json", """{"vector": [1, 2, 3]}""", "width 3", "width 4", Resid);

    [Fact]
    public void Unknown_hook_from_file() => Fails2("v.json", """{"hook": "blocks.7.hook_nope", "vector": [1,2,3,4]}""", "unknown hook 'blocks.7.hook_nope'", "no hook named");

    [Fact]
    public void Non_finite_bias() => Fails2("v.json", """{"vector": [1,2,3,4], "bias": NaN}""", "bias");

    [Fact]
    public void Bad_kind() => Fails2("v.json", """{"vector": [1,2,3,4], "kind": "neuron"}""", "\"kind\"");

    [Fact]
    public void No_hook_anywhere()
    {
        Dir.File("v.json", """{"vector": [1,2,3,4]}""");
        FailsWith("v.json", null, "v.json", "no hook", "@HOOK");
    }

    [Fact]
    public void Hook_override_beats_file_hook()
    {
        Dir.File("v.json", """{"hook": "blocks.3.mlp.hook_post", "vector": [1,2,3,4]}""");
        Assert.Equal(Resid, Load($"v.json@{Resid}").Hook);
    }

    private void Fails2(string spec, string json, params string[] words)
    {
        var file = spec.Split('#', '@')[0];
        Dir.File(file, json);
        Fails(spec, file, words);
    }
}
