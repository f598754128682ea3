using InterpLsp.Interp.Directions;
namespace InterpLsp.Tests.Directions;

public class NeuronSpecTests : LoaderTestBase
{
    [Fact]
    public void Neuron_is_one_hot_of_the_hook_width()
    {
        var d = Load("neuron:blocks.3.mlp.hook_post:12");
        Assert.Equal(DirectionKind.Neuron, d.Kind);
        Assert.Equal(Mlp, d.Hook);
        Assert.Equal(12, d.NeuronIndex);
        Assert.Equal(16, d.Vector.Length);
        Assert.Equal(1f, d.Vector[12]);
        Assert.Equal(1f, d.Vector.Sum());
        Assert.Equal("neuron:blocks.3.mlp.hook_post:12", d.Id);
    }

    [Fact]
    public void Neuron_without_hook_uses_default() =>
        Assert.Equal(Mlp, Load("neuron:3", defaultHook: Mlp).Hook);

    [Fact]
    public void Neuron_index_at_width_is_out_of_range() =>
        Fails("neuron:blocks.3.mlp.hook_post:16", "neuron:blocks.3.mlp.hook_post:16", "index 16", "16 neurons");

    [Fact]
    public void Neuron_unknown_hook() =>
        Assert.DoesNotContain("(Parameter", Fails("neuron:blocks.99.mlp.hook_post:1", "neuron:", "unknown hook 'blocks.99.mlp.hook_post'", "no hook named").Message);

    [Theory]
    [InlineData("neuron:blocks.3.mlp.hook_post:abc")]
    [InlineData("neuron:blocks.3.mlp.hook_post:-1")]
    [InlineData("neuron:blocks.3.mlp.hook_post:")]
    public void Neuron_bad_index(string spec) => Fails(spec, spec, "not a non-negative integer");

    [Fact]
    public void Neuron_without_any_hook() => FailsWith("neuron:4", null, "neuron:4", "no hook");

    [Fact]
    public void Empty_spec_fails() => Fails("  ", "--direction", "empty");
}
