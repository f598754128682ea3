using InterpLsp.Analysis.Cache;
using InterpLsp.Analysis.Documents;
using InterpLsp.Analysis.Engine;
using InterpLsp.Interp.Activations;
using InterpLsp.Interp.Directions;
using InterpLsp.Tests.Support;

namespace InterpLsp.Tests.Analysis;

[Collection(ModelCollection.Name)]
public class DocumentAnalyzerTests(ModelFixture fx)
{
    private const string Hook = "blocks.3.hook_resid_post";
    private const string Id = ModelRegistry.EmbeddedMiniLmId;

    private DirectionProjector Neuron(int i) =>
        new(DirectionSpecParser.Load($"neuron:{Hook}:{i}", h => fx.Model.GetHook(h).Width, null));

    [Fact]
    public void An_edit_reruns_only_the_windows_whose_tokens_changed()
    {
        var cache = new WindowCache(512L * 1024 * 1024);
        var analyzer = new DocumentAnalyzer(fx.Model, Id, cache);
        var text = Texts.LongDocument(20_000);
        var first = analyzer.Analyze("u", 1, text, Hook, null, default);
        Assert.Equal(first.WindowsTotal, first.WindowsRun);
        Assert.True(first.WindowsTotal > 8, $"{first.WindowsTotal} windows");

        int at = text.IndexOf(" the ", 10_000, StringComparison.Ordinal);
        var edited = text[..at] + " hot" + text[at..];
        var second = analyzer.Analyze("u", 2, edited, Hook, null, default);
        // The edited core's window, and the neighbours whose context (windows of 510 around cores of <= 255)
        // reaches the edit; everything else comes from the cache.
        Assert.True(second.WindowsRun is >= 1 and <= 6, $"{second.WindowsRun} of {second.WindowsTotal} windows re-run");

        var same = analyzer.Analyze("u", 3, edited, Hook, null, default);
        Assert.Equal(0, same.WindowsRun);
    }

    [Fact]
    public void After_an_edit_a_short_window_is_published_first_and_the_final_analysis_is_exact()
    {
        var cache = new WindowCache(512L * 1024 * 1024);
        var counting = new CountingModel(fx.Model);
        var analyzer = new DocumentAnalyzer(counting, Id, cache);
        var text = Texts.LongDocument(20_000, seed: 4);
        var first = analyzer.Analyze("u", 1, text, Hook, null, default);
        int at = text.IndexOf(" the ", 10_000, StringComparison.Ordinal);
        var edited = text[..at] + " hot" + text[at..];
        DocumentAnalysis? provisional = null;
        long tokensAtProvisional = 0, before = counting.Tokens;
        var final = analyzer.Analyze("u", 2, edited, Hook, null, default, first, p => { provisional = p; tokensAtProvisional = counting.Tokens - before; });
        Assert.NotNull(provisional);
        Assert.True(provisional!.Provisional && !final.Provisional);
        Assert.InRange(tokensAtProvisional, 1, DocumentAnalyzer.ProvisionalMaxWindow); // one short window ran before it

        // the final analysis equals a from-scratch analysis (same windows, same values)
        var fresh = new DocumentAnalyzer(fx.Model, Id, new WindowCache(512L * 1024 * 1024)).Analyze("u", 2, edited, Hook, null, default);
        var d = Neuron(5);
        var exact = fresh.Values(d);
        var fin = final.Values(d);
        var prov = provisional.Values(d);
        Assert.Equal(exact.Length, prov.Length);
        for (int i = 0; i < exact.Length; i++) Assert.True(Math.Abs(exact[i] - fin[i]) <= 1e-4, $"token {i}: {exact[i]} vs {fin[i]}");
        // the provisional values away from the edit are the previous version's; near it, the short window's
        Assert.Equal(first.Values(d)[10], prov[10], 1e-6);
        int hot = final.TokenAt(at + 2);
        Assert.True(float.IsFinite(prov[hot]));
    }

    [Fact]
    public void After_an_edit_the_visible_windows_are_published_exact_before_the_rest_run()
    {
        var cache = new WindowCache(512L * 1024 * 1024);
        var counting = new CountingModel(fx.Model);
        var analyzer = new DocumentAnalyzer(counting, Id, cache);
        var text = Texts.LongDocument(20_000, seed: 6);
        var first = analyzer.Analyze("u", 1, text, Hook, null, default);
        int at = text.IndexOf(" the ", 10_000, StringComparison.Ordinal);
        var edited = text[..at] + " hot" + text[at..];
        var visible = (Start: at - 40, End: at + 40); // a few lines around the edit

        var published = new List<(DocumentAnalysis Analysis, long Tokens)>();
        long before = counting.Tokens;
        var final = analyzer.Analyze("u", 2, edited, Hook, visible, default, first, p => published.Add((p, counting.Tokens - before)));
        long total = counting.Tokens - before;
        Assert.True(final.WindowsRun >= 2, $"{final.WindowsRun} windows re-run: the test needs windows beyond the visible one");
        Assert.True(!final.Provisional && final.ExactOver(0, edited.Length));

        // the short window first (not exact at the edit), then the visible window exact, before every window ran
        Assert.True(published.Count >= 2, $"{published.Count} publications");
        Assert.True(published.All(p => p.Analysis.Provisional));
        Assert.False(published[0].Analysis.ExactOver(visible.Start, visible.End));
        var shown = published.First(p => p.Analysis.ExactOver(visible.Start, visible.End));
        Assert.True(shown.Tokens < total, $"published after {shown.Tokens} of {total} tokens run");

        // its values there are the final ones; its exact runs are exact everywhere they claim
        var d = Neuron(5);
        var exact = final.Values(d);
        var partial = shown.Analysis.Values(d);
        var (lo, hi) = shown.Analysis.TokensIn(visible.Start, visible.End);
        Assert.True(hi > lo);
        foreach (var (f, l) in shown.Analysis.ExactTokens)
            for (int i = f; i < l; i++) Assert.True(Math.Abs(exact[i] - partial[i]) <= 1e-5, $"token {i}: {exact[i]} vs {partial[i]}");
        Assert.Contains(shown.Analysis.ExactTokens, r => r.First <= lo && hi <= r.Last);
        // and the tokens outside them are not all exact (the rest had not run)
        Assert.Contains(Enumerable.Range(0, exact.Length).Where(i => !shown.Analysis.ExactTokens.Any(r => r.First <= i && i < r.Last)),
            i => Math.Abs(exact[i] - partial[i]) > 1e-4);
    }

    [Fact]
    public void Another_direction_at_the_same_hook_is_a_projection_of_the_cached_states_with_no_forward_pass()
    {
        var counting = new CountingModel(fx.Model);
        var analyzer = new DocumentAnalyzer(counting, Id, new WindowCache(512L * 1024 * 1024));
        var text = Texts.LongDocument(5_000, seed: 3);
        var a = analyzer.Analyze("u", 1, text, Hook, null, default);
        var d2 = Neuron(9);
        var expected = Engines.Activations(fx.Model, text, d2.Direction).Select(t => t.Value).ToArray();
        _ = a.Values(Neuron(5));
        int calls = counting.Calls;
        var got = a.Values(d2);
        Assert.Equal(calls, counting.Calls);
        for (int i = 0; i < got.Length; i++) Assert.True(Math.Abs(expected[i] - got[i]) <= 1e-4, $"token {i}: {expected[i]} vs {got[i]}");
    }

    [Fact]
    public void A_direction_whose_vector_changed_under_the_same_id_gets_new_values()
    {
        var analyzer = new DocumentAnalyzer(fx.Model, Id, new WindowCache(64L * 1024 * 1024));
        var a = analyzer.Analyze("u", 1, "The kettle was warm and the ice melted.", Hook, null, default);
        var rng = new Random(3);
        var v = Enumerable.Range(0, 384).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        var d = new Direction("same-id", "d", Hook, v, DirectionKind.Projection);
        var negated = d with { Vector = v.Select(x => -x).ToArray() };
        Assert.NotEqual(d.Hash, negated.Hash);
        var before = a.Values(new DirectionProjector(d));
        var after = a.Values(new DirectionProjector(negated));
        for (int i = 0; i < before.Length; i++) Assert.Equal(-before[i], after[i], 1e-5);
    }

    [Fact]
    public void The_cache_stays_within_its_byte_bound_evicting_least_recently_used()
    {
        var cache = new WindowCache(2L * 1024 * 1024); // a few windows
        var analyzer = new DocumentAnalyzer(fx.Model, Id, cache);
        analyzer.Analyze("u", 1, Texts.LongDocument(8_000, seed: 5), Hook, null, default);
        Assert.True(cache.Bytes <= cache.MaxBytes, $"{cache.Bytes} > {cache.MaxBytes}");
        Assert.True(cache.Count >= 1);
    }
}
