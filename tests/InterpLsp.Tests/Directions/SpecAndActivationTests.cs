using InterpLsp.Interp.Directions;
using InterpLsp.Interp.Activations;
namespace InterpLsp.Tests.Directions;

public class SpecAndActivationTests : LoaderTestBase
{
    [Fact]
    public void Missing_file() => Fails("nope.npy#3", "nope.npy", "file not found");

    [Fact]
    public void Unknown_extension()
    {
        Dir.File("v.txt", "1 2 3 4");
        Fails("v.txt", "v.txt", "unknown file type '.txt'");
    }

    [Fact]
    public void Bad_selector()
    {
        Dir.File("a.npy", Npy.Build("<f4", [2, 4], Le.F32(new float[8])));
        Fails("a.npy#W_dec[x]", "a.npy", "bad row index 'x'");
        Fails("a.npy#[1]]", "a.npy", "bad selector");
    }

    [Fact]
    public void Empty_hook_after_at() => Fails("a.npy@", "a.npy@", "empty hook");

    [Fact]
    public void File_name_with_hash_is_taken_literally_when_it_exists()
    {
        Dir.File("odd#1.npy", Npy.Build("<f4", [4], Le.F32(1, 2, 3, 4)));
        Assert.Equal(new[] { 1f, 2, 3, 4 }, Load("odd#1.npy").Vector);
    }

    [Fact]
    public void Absolute_path_and_selector_and_hook()
    {
        var p = Dir.File("sub dir/m.npy", Npy.Build("<f4", [2, 16], Le.F32(Enumerable.Range(0, 32).Select(i => (float)i).ToArray())));
        var d = DirectionSpecParser.Load($"{p}#1@{Mlp}", Width, null);
        Assert.Equal(16f, d.Vector[0]);
        Assert.Equal(Mlp, d.Hook);
        Assert.Equal("m#1", d.Name);
    }

    [Theory]
    [InlineData("12", null, 12)]
    [InlineData("[12]", null, 12)]
    [InlineData("W_dec[12]", "W_dec", 12)]
    [InlineData("blocks.0.w", "blocks.0.w", null)]
    public void Selector_syntax(string text, string? name, int? row)
    {
        var s = TensorSelector.Parse("f", text);
        Assert.Equal(name, s.Name);
        Assert.Equal(row, s.Row);
    }

    [Fact]
    public void Projection_activation_is_h_dot_unit_d()
    {
        var d = new Direction("x", "x", Resid, [3, 0, 4, 0], DirectionKind.Projection);
        Assert.Equal((3 * 1 + 4 * 2) / 5.0, new DirectionProjector(d).Value([1, 9, 2, 9]), 1e-5);
    }

    [Fact]
    public void Probe_activation_is_a_logit()
    {
        var d = new Direction("x", "x", Resid, [1, 2, 0, 0], DirectionKind.Probe, Bias: -1, Scale: 0.5f);
        Assert.Equal(0.5 * (1 + 4) - 1, new DirectionProjector(d).Value([1, 2, 3, 4]), 1e-5);
    }

    [Fact]
    public void Neuron_activation_reads_the_index()
    {
        var d = Load("neuron:blocks.3.mlp.hook_post:5");
        var h = Enumerable.Range(0, 16).Select(i => (float)i * 2).ToArray();
        Assert.Equal(10f, new DirectionProjector(d).Value(h));
    }
}
