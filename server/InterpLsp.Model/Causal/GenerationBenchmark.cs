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
public sealed record GenerationBenchmarkReport(int PromptPositions, int NewTokens, int Runs, double SteeredTokensPerS,
    double UnsteeredTokensPerS, double SteeringOverhead, string Hook, int Threads);

/// <summary>
/// Tokens per second of <see cref="SteeredGeneration"/> (greedy, no stop tokens), against unsteered generation of
/// the same prompt measured in the same run, alternating, medians after one warm-up each. Without a key/value cache
/// every step reruns the whole sequence, so the figure falls as prompt and continuation grow.
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
        return new GenerationBenchmarkReport(model.InputIds(prompt.ToArray()).Length, generated, runs,
            generated / steered, generated / plain, steered / plain, steer.HookName, torch.get_num_threads());
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
