using InterpLsp.Model.Verification;
using InterpLsp.Tests.Support;

namespace InterpLsp.Tests.Model;

/// <summary>Our TorchSharp forward equals the package's ONNX Runtime output (the same check as
/// <c>interp-lsp verify-model</c>).</summary>
[Collection(ModelCollection.Name)]
public class ModelVerificationTests(ModelFixture fx)
{
    [Fact]
    public void Forward_matches_onnx_runtime_and_the_package_encoder()
    {
        var report = ModelVerifier.Verify(fx.Model);
        Assert.True(report.Texts >= 50, $"only {report.Texts} texts compared");
        Assert.True(report.HiddenStatesPass, $"max abs diff {report.MaxAbsDiff}");
        Assert.True(report.EmbeddingsPass, $"min cosine {report.MinCosine}");
    }

    [Fact]
    public void Model_info_describes_minilm()
    {
        var i = fx.Model.Info;
        Assert.Equal((6, 384, 30522, 512, false), (i.Layers, i.Width, i.VocabSize, i.MaxPositions, i.IsCausal));
        Assert.InRange(i.LoadSeconds, 0.01, 60);
    }
}
