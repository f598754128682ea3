using InterpLsp.Model;
using InterpLsp.Model.Causal;

namespace InterpLsp.Tests.Model.Causal;

/// <summary>
/// Steering (<see cref="ResidualIntervention"/>, <see cref="SteeredGeneration"/>) on tiny random checkpoints: the
/// steered forward pass against <see cref="NaiveDecoderReference"/> with the same vector added to its residual
/// stream, generation against step-by-step argmaxes, and the edges (alpha 0, seeds, cancellation, full context, errors).
/// </summary>
public sealed class SteeredGenerationTests : IDisposable
{
    private const double Tolerance = 2e-4;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "interplsp-steer-" + Guid.NewGuid().ToString("N"));
    private static readonly int[] Prompt = [5, 17, 3, 60, 42, 8];

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private CausalLanguageModel Load(string family) =>
        TinyCheckpoints.Load(DecoderForwardTests.Tiny(family), Path.Combine(_dir, family + Guid.NewGuid().ToString("N")[..6]));

    private static float[] RandomDirection(int width, int seed)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, width).Select(_ => (float)(r.NextDouble() * 2 - 1)).ToArray();
    }

    private static void Close(double expected, double actual, string what)
    {
        if (!(Math.Abs(expected - actual) <= Tolerance * (1 + Math.Abs(expected))))
            Assert.Fail($"{what}: expected {expected:G9}, got {actual:G9}");
    }

    public static TheoryData<string, string, int, bool> SteeredForwards => new()
    {
        { "gpt2", "blocks.0.hook_resid_pre", 0, true },
        { "neox", "blocks.0.hook_resid_pre", 0, true },
        { "llama-gqa", "blocks.0.hook_resid_pre", 0, true },
        { "qwen3", "blocks.0.hook_resid_pre", 0, true },
        { "gpt2", "blocks.0.hook_resid_post", 0, false },
        { "neox-sequential", "blocks.1.hook_resid_pre", 1, true },
        { "mistral-tied", "blocks.1.hook_resid_post", 1, false },
    };

    [Theory]
    [MemberData(nameof(SteeredForwards))]
    public void Steered_logits_equal_the_reference_with_the_vector_added(string family, string hook, int layer, bool before)
    {
        var m = DecoderForwardTests.Tiny(family);
        using var model = Load(family);
        var d = RandomDirection(m.Hidden, 21);
        const float alpha = 1.5f;
        var steer = ResidualIntervention.At(model, hook, d, alpha);
        Assert.Equal((layer, before, hook), (steer.Layer, steer.BeforeBlock, steer.HookName));
        var input = model.InputIds(Prompt).Select(x => (int)x).ToArray();
        var add = d.Select(x => (double)(alpha * x)).ToArray(); // alpha * d as the server forms it (float32)
        var reference = NaiveDecoderReference.Run(m, input, new NaiveDecoderReference.ResidualAddition(layer, before, add));
        var plain = NaiveDecoderReference.Run(m, input);

        var ours = model.LogitsOf(input, steer);
        double moved = 0;
        for (int t = 0; t < input.Length; t++)
            for (int v = 0; v < m.Vocab; v++)
            {
                Close(reference.Logits[t][v], ours[t * m.Vocab + v], $"{family} {hook} logit {v} at {t}");
                moved = Math.Max(moved, Math.Abs(reference.Logits[t][v] - plain.Logits[t][v]));
            }
        Assert.True(moved > 0.1, $"steering moved the reference logits by only {moved}");

        // The last row alone (another matmul shape, so equal to float rounding, not bit for bit).
        var next = model.NextTokenLogits(input, steer);
        Assert.Equal(m.Vocab, next.Length);
        for (int v = 0; v < m.Vocab; v++) Assert.Equal(ours[(input.Length - 1) * m.Vocab + v], next[v], 1e-5f);
    }

    [Fact]
    public void Resid_post_of_one_block_is_resid_pre_of_the_next()
    {
        using var model = Load("llama-gqa");
        var d = RandomDirection(32, 22);
        var input = model.InputIds(Prompt).Select(x => (int)x).ToArray();
        var post = model.LogitsOf(input, ResidualIntervention.At(model, "blocks.0.hook_resid_post", d, 2));
        var pre = model.LogitsOf(input, ResidualIntervention.At(model, "blocks.1.hook_resid_pre", d, 2));
        Assert.Equal(post, pre);
    }

    [Theory]
    [InlineData("gpt2", 0.0)]
    [InlineData("gpt2", 1.0)]
    [InlineData("llama-gqa", 0.0)]
    [InlineData("neox", 1.3)]
    public void Alpha_zero_is_exactly_the_unsteered_continuation(string family, double temperature)
    {
        using var model = Load(family);
        var options = new GenerationOptions(MaxNewTokens: 12, Temperature: temperature, Seed: 5);
        var zero = ResidualIntervention.At(model, "blocks.0.hook_resid_post", RandomDirection(32, 23), 0);
        var plain = SteeredGeneration.Run(model, Prompt, null, options);
        var steered = SteeredGeneration.Run(model, Prompt, zero, options);
        Assert.Equal(plain.Tokens, steered.Tokens); // ids, texts and probabilities, bit for bit
        Assert.Equal(StopReason.MaxTokens, steered.Stop.Reason);
        Assert.Equal(12, steered.Tokens.Count);
        var input = model.InputIds(Prompt).Select(x => (int)x).ToArray();
        Assert.Equal(model.LogitsOf(input), model.LogitsOf(input, zero));
        var both = SteeredGeneration.SideBySide(model, Prompt, zero, options);
        Assert.Equal(both.Unsteered.Tokens, both.Steered.Tokens);
        Assert.Equal(plain.Tokens, both.Unsteered.Tokens);
    }

    [Fact]
    public void Greedy_tokens_are_the_argmax_of_each_step_and_match_the_steered_reference()
    {
        var m = DecoderForwardTests.Tiny("qwen2");
        using var model = Load("qwen2");
        var d = RandomDirection(m.Hidden, 24);
        var steer = ResidualIntervention.At(model, "blocks.0.hook_resid_post", d, 3);
        var result = SteeredGeneration.Run(model, Prompt, steer, new GenerationOptions(MaxNewTokens: 4));
        var ids = model.InputIds(Prompt).Select(x => (int)x).ToList();
        var add = d.Select(x => (double)(3f * x)).ToArray();
        foreach (var token in result.Tokens)
        {
            var reference = NaiveDecoderReference.Run(m, ids.ToArray(), new NaiveDecoderReference.ResidualAddition(0, false, add)).Logits[^1];
            // The reference agrees that the chosen token is (within float noise) the most likely one.
            Close(reference.Max(), reference[token.Id], $"reference logit of generated token {token.Id}");
            var logits = model.NextTokenLogits(ids, steer);
            Assert.Equal(SteeredGeneration.ArgMax(logits), token.Id);
            double max = reference.Max(), sum = reference.Sum(x => Math.Exp(x - max));
            Close(Math.Exp(reference[token.Id] - max) / sum, token.Probability, "probability");
            Assert.Equal(((char)token.Id).ToString(), token.Token);
            ids.Add(token.Id);
        }
    }

    [Theory]
    [InlineData("gpt2")]
    [InlineData("neox")]
    [InlineData("llama-gqa")]
    public void A_large_alpha_along_a_tokens_unembedding_row_makes_greedy_generation_emit_that_token(string family)
    {
        using var model = Load(family);
        int vocab = model.Info.VocabSize, hidden = model.Info.Width;
        var unembed = InterpLsp.Model.Hooks.ActivationRecorder.ToArray(model.Decoder.UnembedWeight);
        float[] Row(int v) => unembed.AsSpan(v * hidden, hidden).ToArray();
        // A token whose own row it promotes most through the final norm's gain (most tokens; checked, not assumed).
        int target = Enumerable.Range(40, vocab - 40).First(v => LogitEffects.Of(model, Row(v), 1).Promoted[0].Id == v);
        var plain = SteeredGeneration.Run(model, Prompt, null, new GenerationOptions(MaxNewTokens: 6));
        Assert.NotEqual(Enumerable.Repeat(target, 6), plain.Ids);

        var steer = ResidualIntervention.At(model, "blocks.0.hook_resid_post", Row(target), 1000);
        var steered = SteeredGeneration.Run(model, Prompt, steer, new GenerationOptions(MaxNewTokens: 6));
        Assert.Equal(Enumerable.Repeat(target, 6), steered.Ids);
        Assert.All(steered.Tokens, t => Assert.True(t.Probability > 0.5, $"p = {t.Probability}"));
        var both = SteeredGeneration.SideBySide(model, Prompt, steer, new GenerationOptions(MaxNewTokens: 6));
        Assert.Equal(plain.Ids, both.Unsteered.Ids);
        Assert.Equal(steered.Ids, both.Steered.Ids);
    }

    [Fact]
    public void Sampling_is_reproducible_with_a_seed_and_differs_across_seeds()
    {
        using var model = Load("gpt2");
        var steer = ResidualIntervention.At(model, "blocks.1.hook_resid_pre", RandomDirection(32, 25), 2);
        GenerationResult Sampled(int seed) => SteeredGeneration.Run(model, Prompt, steer, new GenerationOptions(16, Temperature: 1.5, Seed: seed));
        var a = Sampled(1);
        Assert.Equal(a.Tokens, Sampled(1).Tokens);
        Assert.NotEqual(a.Ids, Sampled(2).Ids);
        Assert.NotEqual(a.Ids, Sampled(3).Ids);
        Assert.NotEqual(a.Ids, SteeredGeneration.Run(model, Prompt, steer, new GenerationOptions(16)).Ids); // greedy
    }

    [Fact]
    public void Sampling_draws_from_the_softmax_at_the_temperature()
    {
        var random = new Random(7);
        float[] logits = [0f, (float)Math.Log(3), -100f];
        int n = 40000;
        int ones = Enumerable.Range(0, n).Count(_ => SteeredGeneration.Sample(logits, 1.0, random) == 1);
        Assert.InRange(ones / (double)n, 0.74, 0.76);
        // T = 2: weights 1 : sqrt(3)
        int hot = Enumerable.Range(0, n).Count(_ => SteeredGeneration.Sample(logits, 2.0, random) == 1);
        Assert.InRange(hot / (double)n, Math.Sqrt(3) / (1 + Math.Sqrt(3)) - 0.01, Math.Sqrt(3) / (1 + Math.Sqrt(3)) + 0.01);
        Assert.Equal(1, SteeredGeneration.ArgMax([0f, 2f, 2f, 1f])); // ties: the lowest id
    }

    [Fact]
    public void Cancellation_stops_before_the_next_token()
    {
        using var model = Load("llama-gqa");
        var steer = ResidualIntervention.At(model, "blocks.0.hook_resid_pre", RandomDirection(32, 26), 1);
        using var cts = new CancellationTokenSource();
        var seen = new List<GeneratedToken>();
        Assert.Throws<OperationCanceledException>(() =>
        {
            foreach (var e in SteeredGeneration.Stream(model, Prompt, steer, new GenerationOptions(20, Temperature: 1, Seed: 1), cts.Token))
                if (e is GeneratedToken t)
                {
                    seen.Add(t);
                    if (seen.Count == 2) cts.Cancel();
                }
        });
        Assert.Equal(2, seen.Count);

        using var already = new CancellationTokenSource();
        already.Cancel();
        var stream = SteeredGeneration.Stream(model, Prompt, null, new GenerationOptions(5), already.Token);
        Assert.Throws<OperationCanceledException>(() => stream.First());
        Assert.Throws<OperationCanceledException>(() => model.NextTokenLogits([1, 2, 3], steer, already.Token));
    }

    [Fact]
    public void A_full_context_stops_generation_with_a_reason()
    {
        using var model = Load("gpt2"); // 64 positions, BOS first
        Assert.Equal(64, model.ContextPositions);
        var prompt = Enumerable.Range(0, 60).Select(i => i % 90).ToArray();
        var events = SteeredGeneration.Stream(model, prompt, null, new GenerationOptions(10)).ToList();
        Assert.Equal(4, events.Count(e => e is GeneratedToken)); // fed 61, 62, 63, 64 positions
        var stop = Assert.IsType<GenerationStopped>(events[^1]);
        Assert.Equal(StopReason.ContextFull, stop.Reason);
        Assert.Contains("64 positions", stop.Message);

        var exact = SteeredGeneration.Run(model, prompt, null, new GenerationOptions(4));
        Assert.Equal(StopReason.MaxTokens, exact.Stop.Reason);
        var tooLong = Assert.Throws<ArgumentException>(() => SteeredGeneration.Stream(model, new int[64], null, new GenerationOptions(1)));
        Assert.Contains("65 positions", tooLong.Message);
    }

    [Fact]
    public void A_stop_token_ends_the_continuation_after_it_is_yielded()
    {
        using var model = Load("neox");
        var first = SteeredGeneration.Run(model, Prompt, null, new GenerationOptions(3)).Ids[0];
        var stopped = SteeredGeneration.Run(model, Prompt, null, new GenerationOptions(3, StopIds: [first]));
        Assert.Equal([first], stopped.Ids);
        Assert.Equal(StopReason.StopToken, stopped.Stop.Reason);
    }

    [Fact]
    public void Wrong_widths_unknown_or_unsupported_hooks_and_bad_options_are_refused_clearly()
    {
        using var model = Load("gpt2");
        var width = Assert.Throws<ArgumentException>(() => ResidualIntervention.At(model, "blocks.0.hook_resid_pre", new float[31], 1));
        Assert.Contains("31", width.Message);
        Assert.Contains("32", width.Message);
        // A record built by hand is checked when generation is asked for, before any enumeration.
        var handMade = new ResidualIntervention(0, true, new float[40], 1);
        Assert.Contains("40", Assert.Throws<ArgumentException>(() => SteeredGeneration.Stream(model, Prompt, handMade, new GenerationOptions(2))).Message);
        Assert.Throws<ArgumentException>(() => model.LogitsOf([1, 2], handMade));
        Assert.Contains("0..1", Assert.Throws<ArgumentException>(() => model.LogitsOf([1, 2], new ResidualIntervention(2, true, new float[32], 1))).Message);

        var unknown = Assert.Throws<UnknownHookException>(() => ResidualIntervention.At(model, "blocks.0.hook_resid_psot", new float[32], 1));
        Assert.Contains("blocks.0.hook_resid_post", unknown.Message);
        Assert.Throws<UnknownHookException>(() => ResidualIntervention.At(model, "blocks.7.hook_resid_pre", new float[32], 1));
        foreach (var hook in new[] { "blocks.0.hook_mlp_out", "hook_embed", "ln_final.hook_normalized", "blocks.1.hook_resid_mid" })
        {
            var e = Assert.Throws<ArgumentException>(() => ResidualIntervention.At(model, hook, new float[32], 1));
            Assert.Contains("hook_resid_pre", e.Message);
            Assert.Contains(hook, e.Message);
        }
        var nan = new float[32];
        nan[3] = float.PositiveInfinity;
        Assert.Throws<ArgumentException>(() => ResidualIntervention.At(model, "blocks.0.hook_resid_pre", nan, 1));
        Assert.Throws<ArgumentException>(() => ResidualIntervention.At(model, "blocks.0.hook_resid_pre", new float[32], float.NaN));
        Assert.Contains("zero", Assert.Throws<ArgumentException>(() => ResidualIntervention.At(model, "blocks.0.hook_resid_pre", new float[32], 1, normalize: true)).Message);
        Assert.Throws<ArgumentException>(() => SteeredGeneration.Stream(model, Prompt, null, new GenerationOptions(0)));
        Assert.Throws<ArgumentException>(() => SteeredGeneration.Stream(model, Prompt, null, new GenerationOptions(3, Temperature: -1)));
        Assert.Throws<ArgumentException>(() => SteeredGeneration.Stream(model, [1, 500], null, new GenerationOptions(3)));
    }

    [Fact]
    public void Normalising_is_asked_for_not_assumed()
    {
        using var model = Load("gpt2");
        var d = RandomDirection(32, 27);
        Assert.Equal(d, ResidualIntervention.At(model, "blocks.0.hook_resid_pre", d, 1).Vector);
        var unit = ResidualIntervention.At(model, "blocks.0.hook_resid_pre", d, 1, normalize: true).Vector;
        Assert.Equal(1.0, Math.Sqrt(unit.Sum(x => (double)x * x)), 5);
        double norm = Math.Sqrt(d.Sum(x => (double)x * x));
        Assert.Equal(d[5] / norm, unit[5], 5);
    }

    [Fact]
    public void The_benchmark_reports_figures_for_the_tokens_generated()
    {
        using var model = Load("gpt2");
        var steer = GenerationBenchmark.DefaultSteer(model);
        Assert.Equal("blocks.1.hook_resid_pre", steer.HookName);
        var report = GenerationBenchmark.Run(model, Prompt, steer, newTokens: 5, runs: 1);
        Assert.Equal(Prompt.Length + 1, report.PromptPositions);
        Assert.Equal(5, report.NewTokens);
        Assert.True(report.SteeredTokensPerS > 0 && report.UnsteeredTokensPerS > 0 && report.SteeringOverhead > 0);
        Assert.Equal("blocks.1.hook_resid_pre", report.Hook);
    }
}
