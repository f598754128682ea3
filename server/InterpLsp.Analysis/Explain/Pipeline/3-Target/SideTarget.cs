using InterpLsp.Analysis.Explain.Evidence;

namespace InterpLsp.Analysis.Explain.Pipeline;

/// <summary>
/// One side of a direction as the thing to explain: its value per token (the activation, negated for the
/// negative side), where it fires (value above both 0 and a threshold, chosen by <see cref="ThresholdRule"/>), and the
/// halves. The target of a candidate's IoU/F1 is <see cref="Fires"/>; of its Pearson correlation,
/// max(value, 0).
/// </summary>
public sealed class SideTarget
{
    /// <summary>The side firing above its <paramref name="quantile"/> on the proposing half (and above 0).</summary>
    public SideTarget(ExplainEvidence evidence, float[] activation, bool negative, double quantile)
        : this(evidence, activation, negative, QuantileOf(ProposeSorted(evidence, activation, negative), quantile), 1 - quantile) { }

    /// <summary>The side firing above <paramref name="threshold"/> (and above 0); <paramref name="share"/> names the
    /// top share of the proposing half it was chosen as (null: another rule, e.g. the natural boundary).</summary>
    public SideTarget(ExplainEvidence evidence, float[] activation, bool negative, double threshold, double? share)
    {
        Evidence = evidence;
        Negative = negative;
        int n = activation.Length;
        if (n != evidence.Table.Count) throw new ArgumentException($"{n} values for {evidence.Table.Count} tokens");
        Value = new float[n];
        Clipped = new float[n];
        for (int t = 0; t < n; t++)
        {
            float v = negative ? -activation[t] : activation[t];
            Value[t] = v;
            Clipped[t] = v > 0 ? v : 0;
        }
        foreach (var h in evidence.HeldOutDoc) if (h) HeldOutDocuments++;
        for (int t = 0; t < n; t++) if (evidence.IsHeldOut(t)) HeldOutTokens++; else ProposeTokens++;
        Share = share;
        Threshold = Math.Max(0, threshold);
        Fires = new bool[n];
        (ProposeFires, HeldOutFires) = Count(Fires);
        ProposeRate = ProposeTokens == 0 ? 0 : (double)ProposeFires / ProposeTokens;
    }

    /// <summary>The same side at another threshold (sharing the values).</summary>
    public SideTarget At(double threshold, double? share) => new(this, Math.Max(0, threshold), share);

    private SideTarget(SideTarget of, double threshold, double? share)
    {
        Evidence = of.Evidence; Negative = of.Negative; Value = of.Value; Clipped = of.Clipped;
        ProposeTokens = of.ProposeTokens; HeldOutTokens = of.HeldOutTokens; HeldOutDocuments = of.HeldOutDocuments;
        Share = share;
        Threshold = threshold;
        Fires = new bool[Value.Length];
        (ProposeFires, HeldOutFires) = Count(Fires);
        ProposeRate = ProposeTokens == 0 ? 0 : (double)ProposeFires / ProposeTokens;
    }

    /// <summary>Marks in <paramref name="fires"/> the tokens above <see cref="Threshold"/>; the counts per half.</summary>
    private (int Propose, int HeldOut) Count(bool[] fires)
    {
        int p = 0, h = 0;
        for (int t = 0; t < fires.Length; t++)
        {
            if (!(Value[t] > Threshold)) continue;
            fires[t] = true;
            if (Evidence.IsHeldOut(t)) h++; else p++;
        }
        return (p, h);
    }

    /// <summary>The side's values on the proposing half, ascending.</summary>
    public static float[] ProposeSorted(ExplainEvidence evidence, float[] activation, bool negative)
    {
        var propose = new List<float>();
        for (int t = 0; t < activation.Length; t++) if (!evidence.IsHeldOut(t)) propose.Add(negative ? -activation[t] : activation[t]);
        propose.Sort();
        return [.. propose];
    }

    /// <summary>The <paramref name="quantile"/> of ascending values: the order statistic at floor(q (n - 1)) (0 when empty).</summary>
    public static double QuantileOf(float[] sorted, double quantile) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Floor(quantile * (sorted.Length - 1)), 0, sorted.Length - 1)];

    private SideTarget(SideTarget of, bool[] fires)
    {
        Evidence = of.Evidence; Negative = of.Negative; Value = of.Value; Clipped = of.Clipped; Threshold = of.Threshold; Share = of.Share;
        Fires = fires;
        ProposeTokens = of.ProposeTokens; HeldOutTokens = of.HeldOutTokens; HeldOutDocuments = of.HeldOutDocuments;
        for (int t = 0; t < fires.Length; t++)
            if (fires[t]) { if (Evidence.IsHeldOut(t)) HeldOutFires++; else ProposeFires++; }
        ProposeRate = ProposeTokens == 0 ? 0 : (double)ProposeFires / ProposeTokens;
    }

    /// <summary>Sums of max(value, 0) and its square over the held-out tokens (for Pearson from sparse sets).</summary>
    public (double Sy, double Syy) HeldOutSums
    {
        get
        {
            if (_sums is { } s) return s;
            double sy = 0, syy = 0;
            for (int t = 0; t < Clipped.Length; t++) if (Evidence.IsHeldOut(t)) { sy += Clipped[t]; syy += (double)Clipped[t] * Clipped[t]; }
            _sums = (sy, syy);
            return _sums.Value;
        }
    }
    private (double, double)? _sums;

    /// <summary>The same side with only some of its firing tokens to explain (one mode's).</summary>
    public SideTarget WithFires(bool[] fires) => new(this, fires);

    public ExplainEvidence Evidence { get; }
    public TokenTable Table => Evidence.Table;
    public bool Negative { get; }
    public string Side => Negative ? "negative" : "positive";
    public float[] Value { get; }
    public float[] Clipped { get; }
    public double Threshold { get; }
    /// <summary>The top share of the proposing half's tokens the threshold was chosen as; null for another rule (the
    /// natural boundary 0).</summary>
    public double? Share { get; }
    public bool[] Fires { get; }
    public int ProposeFires { get; }
    public int HeldOutFires { get; }
    public int ProposeTokens { get; }
    public int HeldOutTokens { get; }
    public int HeldOutDocuments { get; }
    /// <summary>The fraction of the proposing half's tokens that fire.</summary>
    public double ProposeRate { get; }
}
