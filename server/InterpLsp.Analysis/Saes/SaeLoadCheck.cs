using System.Globalization;
using System.Numerics.Tensors;
using InterpLsp.Interp.Directions;

namespace InterpLsp.Analysis.Saes;

/// <summary>What <see cref="SaeLoadCheck.Run"/> measured on a few hundred tokens.</summary>
/// <param name="Tokens">Tokens measured.</param>
/// <param name="Fvu">Fraction of variance unexplained, sum_t |x_t - x̂_t|² / sum_t |x_t - mean_t x|²; NaN when the tokens
/// do not vary (fewer than two, or all equal).</param>
/// <param name="L0">Mean number of features with a positive activation per token.</param>
/// <param name="Centered">Whether x was the centred hidden state h - mean(h).</param>
/// <param name="FvuLimit">The FVU above which the check warns.</param>
/// <param name="L0Low">The L0 below which it warns.</param>
/// <param name="L0High">The L0 above which it warns.</param>
/// <param name="Expected">How the limits were chosen: from the cfg's declared values, or the sane bounds.</param>
/// <param name="Warning">One line naming both numbers when either is out of its bounds; null when both are within.</param>
public sealed record SaeCheckResult(int Tokens, double Fvu, double L0, bool Centered, double FvuLimit, double L0Low, double L0High,
    string Expected, string? Warning)
{
    /// <summary>The numbers in one line, e.g. <c>SAE check on 256 tokens: FVU 0.12, L0 31.4</c>.</summary>
    public string Summary => $"SAE check on {Tokens} tokens: FVU {SaeLoadCheck.Format(Fvu)}, L0 {L0.ToString("0.0", CultureInfo.InvariantCulture)}";

    public bool Ok => Warning is null;
}

/// <summary>
/// Checks an SAE against hidden states of its own hook, as an SAE fed the wrong tensor returns near-zero features
/// silently (Neuronpedia saw FVU 9.8 instead of 0.26 for a Gemma SAE): it encodes and decodes every token as SAELens's
/// <c>forward</c> does (normalise, subtract b_dec if the SAE applies it, encode, activation, decode, undo the
/// normalisation; a topk SAE with <c>rescale_acts_by_decoder_norm</c> ranks and decodes with the decoder norms as
/// SAELens does), in float32 with double sums, and measures the reconstruction's fraction of variance unexplained (FVU)
/// and the mean L0 (features active per token).
/// <para>Bounds: with no declared values, FVU &gt; 1 (worse than predicting the mean), L0 &lt; 0.5 or L0 &gt; d_sae / 2
/// warn. A declared <c>variance_explained</c> v lowers the FVU limit to max(2 (1 - v), (1 - v) + 0.1) when that is below
/// 1; a declared <c>l0</c> narrows L0 to [l0 / 3, 3 l0] (within the sane bounds).</para>
/// <para>A pure function of the weights and the hidden states; the engine runs it off the LSP thread when an SAE
/// direction is loaded.</para>
/// </summary>
public static class SaeLoadCheck
{
    /// <summary>Most tokens measured (the rest are ignored): a few hundred are enough to tell FVU 0.2 from 9.8.</summary>
    public const int MaxTokens = 256;

    private const float LayerNormEps = 1e-5f;

    /// <summary>Measures the SAE <paramref name="w"/> on the first (at most <see cref="MaxTokens"/>) rows of
    /// <paramref name="hidden"/> (row-major [tokens x d_in]), centred first (x - mean(x) per token) when
    /// <paramref name="centered"/>. Throws <see cref="ArgumentException"/> when the rows are not d_in wide.</summary>
    public static SaeCheckResult Run(SaeWeights w, ReadOnlySpan<float> hidden, bool centered, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(w);
        int dIn = w.DIn, dSae = w.DSae;
        if (dIn <= 0 || hidden.Length % dIn != 0)
            throw new ArgumentException($"hidden states of {hidden.Length} values are not rows of d_in {dIn}");
        int tokens = Math.Min(MaxTokens, hidden.Length / dIn);

        var x = new float[dIn];
        var s = new float[dIn];
        var pre = new float[dSae];
        var act = new float[dSae];
        var xHat = new float[dIn];
        var decoderNorms = w.Architecture == "topk" && w.RescaleByDecoderNorm ? DecoderNorms(w) : null;
        var sum = new double[dIn];
        var sumSq = 0.0;
        double residual = 0;
        long active = 0;
        for (int t = 0; t < tokens; t++)
        {
            cancellation.ThrowIfCancellationRequested();
            var h = hidden.Slice(t * dIn, dIn);
            if (centered) TensorPrimitives.Subtract(h, TensorPrimitives.Sum(h) / dIn, x);
            else h.CopyTo(x);

            // normalise (SAELens run_time_activation_norm_fn_in), then subtract b_dec
            float scale = 1, shift = 0;
            switch (w.Normalization)
            {
                case "constant_norm_rescale":
                    float norm = TensorPrimitives.Norm(x);
                    scale = norm == 0 ? 1 : norm / MathF.Sqrt(dIn);
                    TensorPrimitives.Divide(x, scale, s);
                    break;
                case "layer_norm":
                    shift = TensorPrimitives.Sum(x) / dIn;
                    TensorPrimitives.Subtract(x, shift, s);
                    float std = dIn > 1 ? MathF.Sqrt(TensorPrimitives.SumOfSquares(s) / (dIn - 1)) : 0;
                    scale = std;
                    TensorPrimitives.Divide(s, std + LayerNormEps, s);
                    break;
                default:
                    x.CopyTo(s, 0);
                    break;
            }
            if (w.ApplyBDecToInput) TensorPrimitives.Subtract(s, w.DecoderBias, s);

            for (int j = 0; j < dSae; j++)
                pre[j] = TensorPrimitives.Dot(s, w.EncoderT.AsSpan(j * dIn, dIn)) + w.EncoderBias[j];
            if (decoderNorms is not null) TensorPrimitives.Multiply(pre, decoderNorms, pre);
            Activate(w, pre, act);

            // decode: act @ W_dec + b_dec, then undo the normalisation
            w.DecoderBias.CopyTo(xHat, 0);
            for (int j = 0; j < dSae; j++)
            {
                float a = act[j];
                if (!(a > 0)) continue;
                active++;
                if (decoderNorms is not null) a = decoderNorms[j] > 0 ? a / decoderNorms[j] : 0;
                TensorPrimitives.MultiplyAdd(w.Decoder.AsSpan(j * dIn, dIn), a, xHat, xHat);
            }
            if (w.Normalization == "constant_norm_rescale") TensorPrimitives.Multiply(xHat, scale, xHat);
            else if (w.Normalization == "layer_norm")
            {
                TensorPrimitives.Multiply(xHat, scale, xHat);
                TensorPrimitives.Add(xHat, shift, xHat);
            }

            for (int r = 0; r < dIn; r++)
            {
                double d = (double)x[r] - xHat[r];
                residual += d * d;
                sum[r] += x[r];
                sumSq += (double)x[r] * x[r];
            }
        }

        // sum_t |x_t - mean|² = sum_t |x_t|² - |sum_t x_t|² / T
        double total = tokens == 0 ? 0 : sumSq - sum.Sum(v => v * v) / tokens;
        double fvu = tokens < 2 || !(total > 1e-12 * Math.Max(1, sumSq)) ? double.NaN : residual / total;
        double l0 = tokens == 0 ? 0 : (double)active / tokens;
        return Judge(w, tokens, fvu, l0, centered);
    }

    /// <summary>As <see cref="Run"/>; when it warns at a hook where the input convention matters
    /// (<paramref name="residualHook"/>: <see cref="ResidualHooks.WritesResidual"/>) and the other convention passes, the
    /// warning also gives the other convention's numbers and the spec option that reads it.</summary>
    public static SaeCheckResult RunWithAlternative(SaeWeights w, ReadOnlySpan<float> hidden, bool centered, bool residualHook,
        CancellationToken cancellation = default)
    {
        var r = Run(w, hidden, centered, cancellation);
        if (r.Ok || !residualHook) return r;
        var other = Run(w, hidden, !centered, cancellation);
        if (!other.Ok) return r;
        return r with
        {
            Warning = r.Warning + $"; read as the {(centered ? "raw" : "centred")} residual it gives FVU {Format(other.Fvu)}, " +
                $"L0 {other.L0.ToString("0.0", CultureInfo.InvariantCulture)} (spec option ?{(centered ? SaeReadOptions.RawInput : SaeReadOptions.CenteredInput)})",
        };
    }

    /// <summary>The bounds of the class summary applied to measured numbers.</summary>
    public static SaeCheckResult Judge(SaeWeights w, int tokens, double fvu, double l0, bool centered)
    {
        double fvuLimit = 1, low = 0.5, high = w.DSae / 2.0;
        var expected = new List<string>();
        if (w.DeclaredVarianceExplained is double v)
        {
            double declared = 1 - v;
            fvuLimit = Math.Min(1, Math.Max(2 * declared, declared + 0.1));
            expected.Add($"cfg variance_explained {Format(v)}");
        }
        if (w.DeclaredL0 is double l && l > 0)
        {
            low = Math.Max(low, l / 3);
            high = Math.Min(high, l * 3);
            expected.Add($"cfg l0 {Format(l)}");
        }
        if (low > high) (low, high) = (0.5, w.DSae / 2.0);
        bool badFvu = fvu > fvuLimit;
        bool badL0 = l0 < low || l0 > high;
        string? warning = null;
        if (tokens > 0 && (badFvu || badL0))
        {
            warning = $"SAE check on {tokens} tokens: FVU {Format(fvu)} (expected < {Format(fvuLimit)}), " +
                $"L0 {l0.ToString("0.0", CultureInfo.InvariantCulture)} (expected {Format(low)} to {Format(high)})" +
                (expected.Count > 0 ? $" [{string.Join(", ", expected)}]" : "") +
                $": the hook may be fed the wrong tensor{(centered ? " (read as the centred residual)" : "")}";
        }
        return new SaeCheckResult(tokens, fvu, l0, centered, fvuLimit, low, high,
            expected.Count > 0 ? string.Join(", ", expected) : "sane bounds", warning);
    }

    /// <summary>A number as the check writes it: up to 3 decimals, none from 100 up, "n/a" for NaN.</summary>
    public static string Format(double v) =>
        double.IsNaN(v) ? "n/a" : Math.Abs(v) >= 100 ? v.ToString("0", CultureInfo.InvariantCulture) : v.ToString("0.###", CultureInfo.InvariantCulture);

    private static float[] DecoderNorms(SaeWeights w)
    {
        var norms = new float[w.DSae];
        for (int j = 0; j < w.DSae; j++) norms[j] = TensorPrimitives.Norm(w.Decoder.AsSpan(j * w.DIn, w.DIn));
        return norms;
    }

    /// <summary>standard ReLU; jumprelu ReLU above the threshold; topk ReLU of the k largest (ties: lower index first).</summary>
    private static void Activate(SaeWeights w, float[] pre, float[] act)
    {
        switch (w.Architecture)
        {
            case "jumprelu":
                for (int j = 0; j < pre.Length; j++) act[j] = pre[j] > w.Threshold![j] ? MathF.Max(pre[j], 0) : 0;
                break;
            case "topk":
                Array.Clear(act);
                int k = Math.Clamp(w.K, 0, pre.Length);
                if (k == 0) break;
                var order = new int[pre.Length];
                for (int j = 0; j < order.Length; j++) order[j] = j;
                var keys = (float[])pre.Clone();
                // descending by pre-activation, lower index first among equals (a stable sort of the negated keys)
                for (int j = 0; j < keys.Length; j++) keys[j] = -keys[j];
                Array.Sort(keys, order);
                SortTiesByIndex(keys, order);
                for (int r = 0; r < k; r++) act[order[r]] = MathF.Max(pre[order[r]], 0);
                break;
            default:
                for (int j = 0; j < pre.Length; j++) act[j] = MathF.Max(pre[j], 0);
                break;
        }
    }

    /// <summary>Array.Sort is not stable: within each run of equal keys, order the indices ascending.</summary>
    private static void SortTiesByIndex(float[] keys, int[] order)
    {
        for (int start = 0; start < keys.Length;)
        {
            int end = start + 1;
            while (end < keys.Length && keys[end] == keys[start]) end++;
            if (end - start > 1) Array.Sort(order, start, end - start);
            start = end;
        }
    }
}

/// <summary>The text whose hidden states <see cref="SaeLoadCheck"/> is run on when an SAE is loaded: plain English
/// prose of several registers (narrative, instructions, numbers, dialogue, code-like names), about 300 tokens for GPT-2.</summary>
public static class SaeCheckText
{
    public const string Sample =
        "The morning train to the coast was late again, so Maria bought a coffee and sat on the bench by platform four. " +
        "A man in a grey coat was reading yesterday's newspaper, folding each page twice before turning it. " +
        "\"Do you know if the 8:15 is cancelled?\" she asked. He shrugged and pointed at the board, which still said delayed. " +
        "To bake the bread, mix 500 grams of flour with 10 grams of salt, add 350 millilitres of warm water and knead the dough " +
        "for ten minutes until it is smooth. Cover it and leave it to rise for two hours, then shape it into a loaf. " +
        "In 1969, the first crewed landing on the Moon was watched by roughly 600 million people around the world. " +
        "The committee will meet on Tuesday to review the budget, which has grown by 4.5 percent since last year, " +
        "and to decide whether the new library should open before the end of the summer. " +
        "def mean(values): return sum(values) / len(values) if values else 0.0 " +
        "Rain fell all night on the old stone bridge, and by dawn the river had risen almost to the arches. " +
        "The children were told to stay away from the water, but two of them went down anyway to watch the branches " +
        "float past. Their grandmother called them back for breakfast: eggs, toast, and a pot of strong black tea. " +
        "Scientists measured the temperature of the lake every hour and found that it was warmest just after three in the afternoon. " +
        "If the results hold, the team plans to publish them next spring.";
}
