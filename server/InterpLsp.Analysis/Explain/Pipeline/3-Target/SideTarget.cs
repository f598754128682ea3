using InterpLsp.Analysis.Explain.Evidence;

namespace InterpLsp.Analysis.Explain.Pipeline;

/// <summary>
/// One side of a direction as the thing to explain: its value per token (the activation, negated for the
/// negative side), where it fires (value above both 0 and the stated quantile of the proposing half), and the
/// halves. The target of a candidate's IoU/F1 is <see cref="Fires"/>; of its Pearson correlation,
/// max(value, 0).
/// </summary>
public sealed class SideTarget
{
    public SideTarget(ExplainEvidence evidence, float[] activation, bool negative, double quantile)
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
        var propose = new List<float>();
        for (int t = 0; t < n; t++) if (!evidence.IsHeldOut(t)) propose.Add(Value[t]);
        propose.Sort();
        double q = propose.Count == 0 ? 0 : propose[Math.Clamp((int)Math.Floor(quantile * (propose.Count - 1)), 0, propose.Count - 1)];
        Threshold = Math.Max(0, q);
        Fires = new bool[n];
        for (int t = 0; t < n; t++)
        {
            if (!(Value[t] > Threshold)) continue;
            Fires[t] = true;
            if (evidence.IsHeldOut(t)) HeldOutFires++; else ProposeFires++;
        }
        foreach (var h in evidence.HeldOutDoc) if (h) HeldOutDocuments++;
        for (int t = 0; t < n; t++) if (evidence.IsHeldOut(t)) HeldOutTokens++; else ProposeTokens++;
        ProposeRate = ProposeTokens == 0 ? 0 : (double)ProposeFires / ProposeTokens;
    }

    private SideTarget(SideTarget of, bool[] fires)
    {
        Evidence = of.Evidence; Negative = of.Negative; Value = of.Value; Clipped = of.Clipped; Threshold = of.Threshold;
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
    public bool[] Fires { get; }
    public int ProposeFires { get; }
    public int HeldOutFires { get; }
    public int ProposeTokens { get; }
    public int HeldOutTokens { get; }
    public int HeldOutDocuments { get; }
    /// <summary>The fraction of the proposing half's tokens that fire.</summary>
    public double ProposeRate { get; }
}
