namespace InterpLsp.Analysis.Explain.Scoring;

/// <summary>
/// The confusion counts of a set-valued explanation against a set of activating tokens: tp (in both), fp (in the
/// explanation only), fn (activating only), tn (in neither). Doubles, so that a bootstrap replicate's counts are the
/// weighted sum Σ_d m_d · counts_d of per-document counts, and every set score of the replicate follows in O(1).
/// </summary>
public struct SetCounts
{
    public double Tp, Fp, Fn, Tn;

    public SetCounts(double tp, double fp, double fn, double tn) { Tp = tp; Fp = fp; Fn = fn; Tn = tn; }

    /// <summary>Counts one token: <paramref name="predicted"/> = in the explanation's set, <paramref name="actual"/> = activating.</summary>
    public void Add(bool predicted, bool actual)
    {
        if (predicted) { if (actual) Tp++; else Fp++; }
        else { if (actual) Fn++; else Tn++; }
    }

    /// <summary>Adds <paramref name="weight"/> copies of other counts (a document counted that many times).</summary>
    public void Add(in SetCounts other, double weight)
    {
        Tp += weight * other.Tp; Fp += weight * other.Fp; Fn += weight * other.Fn; Tn += weight * other.Tn;
    }

    /// <summary>Counts of predicted[i] against actual[i].</summary>
    public static SetCounts Of(ReadOnlySpan<bool> predicted, ReadOnlySpan<bool> actual)
    {
        if (predicted.Length != actual.Length) throw new ArgumentException($"{predicted.Length} predictions but {actual.Length} labels", nameof(actual));
        var c = new SetCounts();
        for (int i = 0; i < predicted.Length; i++) c.Add(predicted[i], actual[i]);
        return c;
    }

    public readonly double Total => Tp + Fp + Fn + Tn;
    public readonly double IoU() => ExplanationMetrics.IoU(Tp, Fp, Fn);
    public readonly double F1() => ExplanationMetrics.F1(Tp, Fp, Fn);
    public readonly double Precision() => ExplanationMetrics.Precision(Tp, Fp);
    public readonly double Recall() => ExplanationMetrics.Recall(Tp, Fn);
    public readonly double BalancedAccuracy() => ExplanationMetrics.BalancedAccuracy(Tp, Fp, Fn, Tn);
    /// <summary>AUPRC of the set as a 0/1 score (<see cref="ExplanationMetrics.AveragePrecisionOfSet"/>).</summary>
    public readonly double AveragePrecision() => ExplanationMetrics.AveragePrecisionOfSet(Tp, Tp + Fp, Tp + Fn, Total);
}
