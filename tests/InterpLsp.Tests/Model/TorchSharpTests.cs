using TorchSharp;
using static TorchSharp.torch;

namespace InterpLsp.Tests.Model;

public class TorchSharpTests
{
    [Fact]
    public void Native_library_loads_and_multiplies()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 2, 3, 4 }, new long[] { 2, 2 });
        var b = tensor(new float[] { 5, 6, 7, 8 }, new long[] { 2, 2 });
        var c = a.matmul(b);
        Assert.Equal(new float[] { 19, 22, 43, 50 }, c.data<float>().ToArray());
    }
}
