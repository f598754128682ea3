using InterpLsp.Analysis.Cache;
using InterpLsp.Analysis.Documents;
using InterpLsp.Analysis.Scheduling;
using InterpLsp.Interp.Activations;
using InterpLsp.Interp.Directions;
using InterpLsp.Tests.Support;

namespace InterpLsp.Tests.Analysis;

[Collection(ModelCollection.Name)]
public class DocumentAnalyzerTests(ModelFixture fx)
{
    private const string Hook = "blocks.3.hook_resid_post";

    [Fact]
    public void An_edit_reruns_only_the_windows_whose_text_changed()
    {
        var cache = new WindowCache(512L * 1024 * 1024);
        var analyzer = new DocumentAnalyzer(fx.Model, cache);
        var text = Texts.LongDocument(20_000);
        var first = analyzer.Analyze("u", 1, text, Hook, null, default);
        Assert.Equal(first.WindowsTotal, first.WindowsRun);
        Assert.True(first.WindowsTotal > 20);

        int at = text.IndexOf(" the ", 10_000, StringComparison.Ordinal);
        var edited = text[..at] + " hot" + text[at..];
        var second = analyzer.Analyze("u", 2, edited, Hook, null, default);
        // The edited core's window, and the neighbours whose 64 tokens of context reach the edit (cores are at
        // least 32 tokens, so at most two on each side); everything else comes from the cache.
        Assert.True(second.WindowsRun is >= 1 and <= 5, $"{second.WindowsRun} of {second.WindowsTotal} windows re-run");

        var same = analyzer.Analyze("u", 3, edited, Hook, null, default);
        Assert.Equal(0, same.WindowsRun);
    }

    [Fact]
    public void After_an_edit_the_edited_core_is_published_first_and_the_final_analysis_is_exact()
    {
        var cache = new WindowCache(512L * 1024 * 1024);
        var analyzer = new DocumentAnalyzer(fx.Model, cache);
        var text = Texts.LongDocument(20_000, seed: 4);
        var first = analyzer.Analyze("u", 1, text, Hook, null, default);
        int at = text.IndexOf(" the ", 10_000, StringComparison.Ordinal);
        var edited = text[..at] + " hot" + text[at..];
        DocumentAnalysis? provisional = null;
        var final = analyzer.Analyze("u", 2, edited, Hook, null, default, first, p => provisional = p);
        Assert.NotNull(provisional);
        Assert.True(provisional!.Provisional && !final.Provisional);
        Assert.Equal(1, provisional.WindowsRun); // only the window whose core holds the edit ran before it
        Assert.True(final.WindowsRun > provisional.WindowsRun);

        // the final analysis equals a from-scratch analysis; the provisional one is exact on the edited words
        var fresh = new DocumentAnalyzer(fx.Model, new WindowCache(512L * 1024 * 1024)).Analyze("u", 2, edited, Hook, null, default);
        var d = new DirectionProjector(DirectionSpecParser.Load("neuron:blocks.3.hook_resid_post:5", h => fx.Model.GetHook(h).Width, null));
        var exact = fresh.Values(d);
        var fin = final.Values(d);
        var prov = provisional.Values(d);
        for (int i = 0; i < exact.Length; i++) Assert.True(Math.Abs(exact[i] - fin[i]) <= 1e-4, $"token {i}: {exact[i]} vs {fin[i]}");
        int hot = final.TokenAt(at + 2);
        Assert.True(Math.Abs(exact[hot] - prov[hot]) <= 1e-4, $"{exact[hot]} vs {prov[hot]}");
    }

    [Fact]
    public void Cached_windows_give_the_same_values_as_a_fresh_run_and_projection_needs_no_forward_pass()
    {
        var cache = new WindowCache(512L * 1024 * 1024);
        var analyzer = new DocumentAnalyzer(fx.Model, cache);
        var text = Texts.LongDocument(5_000, seed: 3);
        var a = analyzer.Analyze("u", 1, text, Hook, null, default);
        var d1 = new DirectionProjector(DirectionSpecParser.Load("neuron:blocks.3.hook_resid_post:5", h => fx.Model.GetHook(h).Width, null));
        var d2 = new DirectionProjector(DirectionSpecParser.Load("neuron:blocks.3.hook_resid_post:9", h => fx.Model.GetHook(h).Width, null));
        var expected = ActivationRunner.Run(fx.Model, text, d2.Direction).Tokens.Select(t => t.Value).ToArray();
        _ = a.Values(d1);
        long misses = cache.Misses;
        var got = a.Values(d2); // another direction at the same hook: a projection of the cached states
        Assert.Equal(misses, cache.Misses);
        for (int i = 0; i < got.Length; i++) Assert.True(Math.Abs(expected[i] - got[i]) <= 1e-4, $"token {i}: {expected[i]} vs {got[i]}");
    }

    [Fact]
    public void The_cache_stays_within_its_byte_bound_evicting_least_recently_used()
    {
        var cache = new WindowCache(2L * 1024 * 1024); // a few windows
        var analyzer = new DocumentAnalyzer(fx.Model, cache);
        analyzer.Analyze("u", 1, Texts.LongDocument(8_000, seed: 5), Hook, null, default);
        Assert.True(cache.Bytes <= cache.MaxBytes, $"{cache.Bytes} > {cache.MaxBytes}");
        Assert.True(cache.Count >= 1);
    }
}
