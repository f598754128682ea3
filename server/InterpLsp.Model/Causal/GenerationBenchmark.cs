using InterpLsp.Model.Benchmarks;
using TorchSharp;

namespace InterpLsp.Model.Causal;

/// <summary>Greedy generation speed, steered and unsteered, on one prompt.</summary>
/// <param name="PromptPositions">positions of the prompt as fed (BOS included)</param>
/// <param name="NewTokens">tokens generated per run (fewer than asked if the context filled up)</param>
/// <param name="SteeredTokensPerS">new tokens per second with the intervention (median run)</param>
/// <param name="UnsteeredTokensPerS">the same without it, interleaved with the steered runs</param>
/// <param name="SteeringOverhead">steered time / unsteered time (1: steering costs nothing)</param>
/// <param name="Hook">where the intervention wrote</param>
/// <param name="UncachedTokensPerS">steered generation rerunning the whole sequence at every step (no key/value cache),
/// interleaved with the cached runs: the reference of <see cref="CacheSpeedup"/></param>
/// <param name="CacheSpeedup">cached tokens/s over uncached tokens/s</param>
/// <param name="CachedEqualsUncached">whether both chose the same tokens (greedy)</param>
public sealed record GenerationBenchmarkReport(int PromptPositions, int NewTokens, int Runs, double SteeredTokensPerS,
    double UnsteeredTokensPerS, double SteeringOverhead, string Hook, int Threads,
    double UncachedTokensPerS, double CacheSpeedup, bool CachedEqualsUncached);

/// <summary>
/// Tokens per second of <see cref="SteeredGeneration"/> (greedy, no stop tokens), against unsteered generation of
/// the same prompt measured in the same run, alternating, medians after one warm-up each; and against steered
/// generation without the key/value cache (every step rerunning the whole sequence), the reference of the cache's
/// speed-up.
/// </summary>
public static class GenerationBenchmark
{
    public static GenerationBenchmarkReport Run(CausalLanguageModel model, IReadOnlyList<int> prompt, ResidualIntervention steer,
        int newTokens = 32, int runs = 3)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(steer);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        var options = new GenerationOptions(newTokens);
        int generated = SteeredGeneration.Run(model, prompt, steer, options).Tokens.Count;
        var (steered, plain) = Timing.InterleavedMedians(
            () => SteeredGeneration.Run(model, prompt, steer, options),
            () => SteeredGeneration.Run(model, prompt, null, options),
            runs, warmup: 1);
        var cachedIds = SteeredGeneration.Run(model, prompt, steer, options).Tokens.Select(t => t.Id).ToList();
        var uncachedIds = Uncached(model, prompt, steer, generated);
        var (cachedS, uncachedS) = Timing.InterleavedMedians(
            () => SteeredGeneration.Run(model, prompt, steer, options),
            () => Uncached(model, prompt, steer, generated),
            runs, warmup: 0);
        return new GenerationBenchmarkReport(model.InputIds(prompt.ToArray()).Length, generated, runs,
            generated / steered, generated / plain, steered / plain, steer.HookName, torch.get_num_threads(),
            generated / uncachedS, uncachedS / cachedS, cachedIds.SequenceEqual(uncachedIds));
    }

    /// <summary>Greedy steered generation without a cache: each step runs the whole sequence.</summary>
    private static List<int> Uncached(CausalLanguageModel model, IReadOnlyList<int> prompt, ResidualIntervention steer, int newTokens)
    {
        var ids = model.InputIds(prompt.ToArray()).Select(i => (int)i).ToList();
        var chosen = new List<int>(newTokens);
        for (int n = 0; n < newTokens && ids.Count < model.ContextPositions; n++)
        {
            int next = SteeredGeneration.ArgMax(model.NextTokenLogits(ids, steer));
            ids.Add(next);
            chosen.Add(next);
        }
        return chosen;
    }

    /// <summary>A fixed pseudo-random unit direction (seeded) at the middle block's hook_resid_pre, scaled by
    /// <paramref name="alpha"/>: something to steer with when timing, not a meaningful direction.</summary>
    public static ResidualIntervention DefaultSteer(CausalLanguageModel model, float alpha = 4, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        var random = new Random(seed);
        var d = new float[model.Decoder.Shape.Hidden];
        for (int i = 0; i < d.Length; i++) d[i] = (float)(random.NextDouble() * 2 - 1);
        return ResidualIntervention.At(model, DecoderHooks.ResidPre.At(model.Info.Layers / 2), d, alpha, normalize: true);
    }
}
