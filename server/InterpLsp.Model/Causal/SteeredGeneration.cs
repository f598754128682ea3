namespace InterpLsp.Model.Causal;

/// <summary>How a continuation is chosen and when it stops.</summary>
/// <param name="MaxNewTokens">tokens to generate at most (1 or more)</param>
/// <param name="Temperature">0: greedy (the most likely token; the lowest id on a tie); above 0: sampled from
/// softmax(logits / T)</param>
/// <param name="Seed">seeds the <see cref="Random"/> that sampling draws from (one per continuation)</param>
/// <param name="StopIds">tokens that end the continuation once generated (e.g. the model's EOS); none by default</param>
public sealed record GenerationOptions(int MaxNewTokens = 32, double Temperature = 0, int Seed = 0, IReadOnlyCollection<int>? StopIds = null)
{
    /// <summary>Throws an <see cref="ArgumentException"/> for options no continuation can use.</summary>
    public void Check()
    {
        if (MaxNewTokens < 1) throw new ArgumentException($"at least 1 new token must be asked for, got {MaxNewTokens}");
        if (!double.IsFinite(Temperature) || Temperature < 0)
            throw new ArgumentException($"the temperature must be 0 (greedy) or positive, got {Temperature}");
    }
}

/// <summary>Why a continuation ended.</summary>
public enum StopReason
{
    /// <summary><see cref="GenerationOptions.MaxNewTokens"/> were generated.</summary>
    MaxTokens,
    /// <summary>A token of <see cref="GenerationOptions.StopIds"/> was generated (it is the last token yielded).</summary>
    StopToken,
    /// <summary>The sequence fills the model's context (<see cref="CausalLanguageModel.ContextPositions"/>, BOS
    /// included): no further token can be fed back.</summary>
    ContextFull,
}

/// <summary>What a continuation reports as it runs: each <see cref="GeneratedToken"/>, then one <see cref="GenerationStopped"/>.</summary>
public abstract record GenerationEvent;

/// <summary>A generated token; <paramref name="Probability"/> is its probability under the model's (steered)
/// next-token distribution at temperature 1, whatever temperature it was drawn at.</summary>
public sealed record GeneratedToken(int Id, string Token, float Probability) : GenerationEvent;

/// <summary>The end of a continuation, with a line for people.</summary>
public sealed record GenerationStopped(StopReason Reason, string Message) : GenerationEvent;

/// <summary>A whole continuation.</summary>
public sealed record GenerationResult(IReadOnlyList<GeneratedToken> Tokens, GenerationStopped Stop)
{
    public int[] Ids => Tokens.Select(t => t.Id).ToArray();
    public string Text => string.Concat(Tokens.Select(t => t.Token));
}

/// <summary>The same prompt continued without and with steering, with the same options (and so the same seed).</summary>
public sealed record SteeringComparison(GenerationResult Unsteered, GenerationResult Steered);

/// <summary>
/// Continues a prompt token by token with a <see cref="ResidualIntervention"/> (alpha * d at a block's
/// hook_resid_pre or hook_resid_post) applied at every position, the prompt's and the generated ones alike (and
/// BOS). No key/value cache: each step runs the whole sequence again (in its own dispose scope, without gradients,
/// through <see cref="CausalLanguageModel.NextTokenLogits"/>), so a step costs a forward pass of the sequence so far,
/// and the sequence is bounded by the model's context.
/// </summary>
public static class SteeredGeneration
{
    /// <summary>
    /// Continues <paramref name="prompt"/> (content ids; the model's BOS is put first, as for every window) and
    /// yields each token as it is chosen, then one <see cref="GenerationStopped"/>. <paramref name="steer"/> null:
    /// an unsteered continuation. Cancellation is checked before each step and between blocks within it, and throws
    /// <see cref="OperationCanceledException"/>. Arguments are checked when this is called, not when enumeration
    /// starts: a bad prompt, intervention or options throw <see cref="ArgumentException"/> here.
    /// </summary>
    public static IEnumerable<GenerationEvent> Stream(CausalLanguageModel model, IReadOnlyList<int> prompt,
        ResidualIntervention? steer, GenerationOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(options);
        options.Check();
        steer?.CheckFits(model.Decoder.Shape);
        var ids = model.InputIds(prompt.ToArray()).Select(i => (int)i).ToList();
        if (ids.Count == 0) throw new ArgumentException("the prompt is empty and the model has no BOS token to start from", nameof(prompt));
        if (ids.Count > model.ContextPositions)
            throw new ArgumentException($"the prompt takes {ids.Count} positions (BOS included); the model's context holds {model.ContextPositions}", nameof(prompt));
        foreach (var id in prompt)
            if ((uint)id >= (uint)model.Info.VocabSize) throw new ArgumentException($"token id {id} is outside the vocabulary (0..{model.Info.VocabSize - 1})", nameof(prompt));
        return Steps(model, ids, steer, options, cancellation);
    }

    /// <summary><see cref="Stream"/>, collected.</summary>
    public static GenerationResult Run(CausalLanguageModel model, IReadOnlyList<int> prompt,
        ResidualIntervention? steer, GenerationOptions options, CancellationToken cancellation = default)
    {
        var tokens = new List<GeneratedToken>();
        GenerationStopped? stop = null;
        foreach (var e in Stream(model, prompt, steer, options, cancellation))
            if (e is GeneratedToken t) tokens.Add(t);
            else stop = (GenerationStopped)e;
        return new GenerationResult(tokens, stop!);
    }

    /// <summary>The unsteered and the steered continuation of <paramref name="prompt"/>, one after the other, each
    /// drawing from its own <see cref="Random"/> seeded with <see cref="GenerationOptions.Seed"/>: where steering
    /// changes nothing the two are identical.</summary>
    public static SteeringComparison SideBySide(CausalLanguageModel model, IReadOnlyList<int> prompt,
        ResidualIntervention steer, GenerationOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(steer);
        steer.CheckFits(model.Decoder.Shape);
        var plain = Run(model, prompt, null, options, cancellation);
        var steered = Run(model, prompt, steer, options, cancellation);
        return new SteeringComparison(plain, steered);
    }

    private static IEnumerable<GenerationEvent> Steps(CausalLanguageModel model, List<int> ids,
        ResidualIntervention? steer, GenerationOptions options, CancellationToken cancellation)
    {
        var random = new Random(options.Seed);
        var stops = options.StopIds is null ? null : new HashSet<int>(options.StopIds);
        int context = model.ContextPositions;
        // The prompt runs once; each step then runs only the token chosen last (freed when the enumeration ends).
        using var cache = new KvCache(model.Decoder.Shape.Layers);
        for (int n = 0; n < options.MaxNewTokens; n++)
        {
            if (ids.Count > context)
            {
                yield return new GenerationStopped(StopReason.ContextFull,
                    $"the context is full: {context} positions (BOS included) after {n} new token{(n == 1 ? "" : "s")}");
                yield break;
            }
            cancellation.ThrowIfCancellationRequested();
            var logits = model.NextTokenLogits(ids, steer, cache, cancellation);
            int next = options.Temperature == 0 ? ArgMax(logits) : Sample(logits, options.Temperature, random);
            var token = new GeneratedToken(next, model.TokenText(next), (float)Probability(logits, next));
            ids.Add(next);
            yield return token;
            if (stops is not null && stops.Contains(next))
            {
                yield return new GenerationStopped(StopReason.StopToken, $"stop token {next} after {n + 1} new token{(n == 0 ? "" : "s")}");
                yield break;
            }
        }
        yield return new GenerationStopped(StopReason.MaxTokens, $"{options.MaxNewTokens} new token{(options.MaxNewTokens == 1 ? "" : "s")}, as asked");
    }

    /// <summary>The index of the largest value; the lowest on a tie.</summary>
    public static int ArgMax(float[] logits)
    {
        int best = 0;
        for (int i = 1; i < logits.Length; i++)
            if (logits[i] > logits[best]) best = i;
        return best;
    }

    /// <summary>One draw from softmax(logits / <paramref name="temperature"/>), computed in double: the first id
    /// whose cumulative probability exceeds a uniform draw from <paramref name="random"/>.</summary>
    public static int Sample(float[] logits, double temperature, Random random)
    {
        double max = logits.Max();
        var weights = new double[logits.Length];
        double sum = 0;
        for (int i = 0; i < logits.Length; i++) sum += weights[i] = Math.Exp((logits[i] - max) / temperature);
        double u = random.NextDouble() * sum, cumulative = 0;
        int last = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            if (weights[i] == 0) continue;
            last = i;
            cumulative += weights[i];
            if (u < cumulative) return i;
        }
        return last; // rounding left u at the very end
    }

    private static double Probability(float[] logits, int id)
    {
        double max = logits.Max(), sum = 0;
        foreach (var l in logits) sum += Math.Exp(l - max);
        return Math.Exp(logits[id] - max) / sum;
    }
}
