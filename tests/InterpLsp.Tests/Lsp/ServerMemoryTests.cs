using InterpLsp.Server.Benchmarks;
using InterpLsp.Model.Benchmarks;
using InterpLsp.Tests.Support;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Tests.Lsp;

/// <summary>A long editing session keeps the server's memory flat: no managed leak, resident memory bounded.</summary>
[Collection(ModelCollection.Name)]
public class ServerMemoryTests(ModelFixture fx)
{
    [Fact]
    public async Task Live_managed_memory_stays_within_ten_percent_and_resident_memory_within_35_percent_over_two_thousand_edits()
    {
        await using var c = new LspTestClient(fx.Model);
        await c.InitializeAsync(new { debounceMs = 0, cacheMegabytes = 32, directions = new[] { "neuron:blocks.3.mlp.hook_post:12" } });
        const string uri = "file:///tmp/mem.txt";
        var rng = new Random(5);
        var text = LspBenchmark.Words(rng, 2000);
        await c.OpenAsync(uri, text);
        await c.TokenActivationsAsync(uri);
        int version = 1;
        double baseline = 0, managedBase = 0;
        for (int i = 1; i <= 2000; i++)
        {
            // Replace one word by another single-token word: the document keeps its token count, so any growth
            // would be the server's, not the document's.
            (text, var change) = LspBenchmark.ReplaceRandomWord(rng, text);
            await c.ChangeAsync(uri, ++version, change);
            if (i % 50 == 0)
            {
                var r = await c.TokenActivationsAsync(uri, LspTestClient.Edit(0, 0, 40, 0, "")["range"] as JObject);
                Assert.Equal(version, (int)r["version"]!);
            }
            if (i == 400)
            {
                await c.WaitQuiescentAsync(); // an analysis in flight holds a second set of window states
                GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
                baseline = Timing.ResidentMegabytes();
                managedBase = GC.GetTotalMemory(forceFullCollection: true) / 1e6;
            }
        }
        await c.WaitQuiescentAsync();
        GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
        double after = Timing.ResidentMegabytes();
        double managedAfter = GC.GetTotalMemory(forceFullCollection: true) / 1e6;
        // Live managed memory (the cache, documents, analyses) must not grow: no leak.
        Assert.True(managedAfter <= managedBase * 1.10 + 5, $"live managed memory grew from {managedBase:F0} MB to {managedAfter:F0} MB over 1,600 edits");
        // Resident memory (incl. libtorch's native heap and GC fragmentation) is noisier; bound it loosely here,
        // `interp-lsp bench` reports rss_growth_pct over 10,000 edits.
        Assert.True(after <= baseline * 1.35, $"resident memory grew from {baseline:F0} MB to {after:F0} MB over 1,600 edits");
    }
}
