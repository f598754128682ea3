using InterpLsp.Model.Causal;

namespace InterpLsp.Tests.Model.Causal;

/// <summary>
/// The key/value cache (<see cref="KvCache"/>): logits computed a few positions at a time over the cache equal those of
/// the whole sequence run at once, for every architecture (absolute positions, partial and full rotary, grouped-query
/// attention, q/k norms), steered or not; generation with it chooses the tokens that rerunning the whole sequence
/// chooses; a cancelled step empties the cache.
/// </summary>
public sealed class KvCacheTests : IDisposable
{
    private const double Tolerance = 1e-4;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "interplsp-kv-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private CausalLanguageModel Load(string family) =>
        TinyCheckpoints.Load(DecoderForwardTests.Tiny(family), Path.Combine(_dir, family));

    public static TheoryData<string, bool> Families => new()
    {
        { "gpt2", false }, { "gpt2", true }, { "neox", true }, { "neox-sequential", false }, { "llama-gqa", true },
        { "mistral-tied", false }, { "qwen2", true }, { "qwen3", false },
    };

    [Theory]
    [MemberData(nameof(Families))]
    public void Logits_over_the_cache_equal_the_whole_sequence_run_at_once(string family, bool steered)
    {
        using var model = Load(family);
        var steer = steered ? GenerationBenchmark.DefaultSteer(model, alpha: 3) : null;
        var r = new Random(family.Length);
        var ids = model.InputIds(Enumerable.Range(0, 20).Select(_ => r.Next(1, model.Info.VocabSize)).ToArray()).Select(i => (int)i).ToList();
        using var cache = new KvCache(model.Info.Layers);
        // Grow by 7, then 1, 1, then 4 at once (the masked path), then 1 each to the end.
        int[] steps = [7, 1, 1, 4, 1, 1, 1, 1, 1, 1, 1, 1];
        int n = 0;
        foreach (int s in steps)
        {
            n += s;
            if (n > ids.Count) break;
            var prefix = ids.Take(n).ToList();
            var cached = model.NextTokenLogits(prefix, steer, cache);
            var whole = model.NextTokenLogits(prefix, steer);
            Assert.Equal(n, cache.Length);
            double max = cached.Zip(whole, (a, b) => Math.Abs(a - b)).Max();
            Assert.True(max <= Tolerance, $"{family} at {n} positions: max |diff| {max}");
        }
    }

    [Theory]
    [InlineData("gpt2")]
    [InlineData("llama-gqa")]
    [InlineData("neox")]
    public void Generation_with_the_cache_chooses_the_tokens_rerunning_the_sequence_chooses(string family)
    {
        using var model = Load(family);
        var steer = GenerationBenchmark.DefaultSteer(model, alpha: 5);
        int[] prompt = [5, 17, 3, 60, 42, 8];
        var generated = SteeredGeneration.Run(model, prompt, steer, new GenerationOptions(20)).Tokens.Select(t => t.Id).ToList();
        var ids = model.InputIds(prompt).Select(i => (int)i).ToList();
        foreach (var id in generated)
        {
            Assert.Equal(SteeredGeneration.ArgMax(model.NextTokenLogits(ids, steer)), id);
            ids.Add(id);
        }
        Assert.Equal(20, generated.Count);
    }

    [Fact]
    public void A_cancelled_step_empties_the_cache_and_the_next_starts_over()
    {
        using var model = Load("llama-gqa");
        var ids = model.InputIds([5, 17, 3, 60, 42, 8]).Select(i => (int)i).ToList();
        using var cache = new KvCache(model.Info.Layers);
        model.NextTokenLogits(ids.Take(4).ToList(), null, cache);
        Assert.Equal(4, cache.Length);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => model.NextTokenLogits(ids, null, cache, cts.Token));
        Assert.Equal(0, cache.Length);
        var again = model.NextTokenLogits(ids, null, cache);
        var whole = model.NextTokenLogits(ids, null);
        Assert.True(again.Zip(whole, (a, b) => Math.Abs(a - b)).Max() <= Tolerance);
        Assert.Throws<ArgumentException>(() => model.NextTokenLogits(ids, null, cache)); // nothing new to run
    }
}
