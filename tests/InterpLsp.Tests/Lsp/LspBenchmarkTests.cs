using InterpLsp.Server.Benchmarks;
using InterpLsp.Tests.Support;

namespace InterpLsp.Tests.Lsp;

/// <summary>The language server benchmark runs end to end on a few samples, including edits made while an
/// explanation's scan runs on the inference queue (those edits are answered before the explanation ends).</summary>
[Collection(ModelCollection.Name)]
public sealed class LspBenchmarkTests(ModelFixture fx, Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task Edits_are_answered_while_an_explanation_runs()
    {
        var r = await LspBenchmark.RunAsync(fx.Model, "neuron:blocks.3.hook_resid_post:7", editSamples: 5, memoryEdits: 100, hoverSamples: 5);
        Assert.Equal(5, r.EditLatencyMs.Samples);
        var during = Assert.IsType<LatencyFigures>(r.EditLatencyDuringExplainMs);
        Assert.InRange(during.Samples, 1, 5);
        Assert.True(during.P50 > 0 && during.P95 >= during.P50);
        output.WriteLine($"edit latency p50 {r.EditLatencyMs.P50:F1} ms p95 {r.EditLatencyMs.P95:F1} ms; while an explanation runs p50 {during.P50:F1} ms p95 {during.P95:F1} ms ({during.Samples} edits)");
    }
}
