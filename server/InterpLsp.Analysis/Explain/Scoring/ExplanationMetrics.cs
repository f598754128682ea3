namespace InterpLsp.Analysis.Explain.Scoring;

/// <summary>
/// The scores that compare a candidate explanation's values with a unit's activations, as the field defines them
/// (field-anchors.md): IoU, F1, AUPRC (average precision) and Pearson correlation passed NeuronEval's missing- and
/// extra-label checks; precision, recall, balanced accuracy and AUROC are delphi's, reported as field-comparable;
/// <see cref="OpenAiNormalize"/> is OpenAI's 0..10 scale for simulated activations.
/// Every ratio whose denominator is empty has a stated value instead of NaN, so a score is always a number.
/// Counts are doubles so that a bootstrap replicate's weighted counts fit the same functions.
/// </summary>
public static class ExplanationMetrics
{
    /// <summary>Intersection over union, tp / (tp + fp + fn); 0 when the union is empty.</summary>
    public static double IoU(double tp, double fp, double fn)
    {
        double u = tp + fp + fn;
        return u > 0 ? tp / u : 0;
    }

    /// <summary>F1 = 2 tp / (2 tp + fp + fn); 0 when tp = 0 (no agreement at all, or nothing on either side).</summary>
    public static double F1(double tp, double fp, double fn) => tp > 0 ? 2 * tp / (2 * tp + fp + fn) : 0;

    /// <summary>tp / (tp + fp); 0 when nothing is predicted.</summary>
    public static double Precision(double tp, double fp) => tp + fp > 0 ? tp / (tp + fp) : 0;

    /// <summary>tp / (tp + fn); 0 when there is no positive.</summary>
    public static double Recall(double tp, double fn) => tp + fn > 0 ? tp / (tp + fn) : 0;

    /// <summary>The mean of the true-positive rate tp / (tp + fn) and the true-negative rate tn / (tn + fp); chance is 0.5.
    /// As scikit-learn's balanced_accuracy_score, a class with no member is left out of the mean (the score is then
    /// the other class's rate); 0.5 when both classes are empty.</summary>
    public static double BalancedAccuracy(double tp, double fp, double fn, double tn)
    {
        bool pos = tp + fn > 0, neg = tn + fp > 0;
        if (pos && neg) return 0.5 * (tp / (tp + fn) + tn / (tn + fp));
        if (pos) return tp / (tp + fn);
        if (neg) return tn / (tn + fp);
        return 0.5;
    }

    /// <summary>
    /// Area under the precision-recall curve as scikit-learn's average_precision_score: AP = Σ_n (R_n − R_{n−1}) P_n
    /// over the distinct score thresholds in descending order (R_0 = 0), where tied scores enter as one step, and
    /// P_n, R_n are the precision and recall of "score ≥ threshold n". Optional per-item weights (a bootstrap
    /// replicate's multiplicities) count an item that many times; empty weights mean 1 each. 0 when there is no
    /// (weighted) positive. Scores must not be NaN; weights must be finite and ≥ 0.
    /// </summary>
    public static double AveragePrecision(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, ReadOnlySpan<float> weights = default)
    {
        CheckLengths(scores.Length, labels.Length, weights.Length, nameof(labels));
        int n = scores.Length;
        var keys = new float[n];
        var idx = new int[n];
        double positives = 0;
        for (int i = 0; i < n; i++)
        {
            if (float.IsNaN(scores[i])) throw new ArgumentException($"score {i} is NaN", nameof(scores));
            double w = Weight(weights, i);
            if (labels[i]) positives += w;
            keys[i] = -scores[i];
            idx[i] = i;
        }
        if (positives <= 0) return 0;
        Array.Sort(keys, idx); // ascending -score = descending score
        double tp = 0, fp = 0, ap = 0, lastRecall = 0;
        for (int i = 0; i < n;)
        {
            int j = i;
            for (; j < n && keys[j] == keys[i]; j++)
            {
                double w = Weight(weights, idx[j]);
                if (labels[idx[j]]) tp += w; else fp += w;
            }
            i = j;
            double recall = tp / positives;
            if (recall > lastRecall) // a step with no positive weight adds nothing (and may have tp + fp = 0)
            {
                ap += (recall - lastRecall) * (tp / (tp + fp));
                lastRecall = recall;
            }
        }
        return ap;
    }

    /// <summary>
    /// <see cref="AveragePrecision"/> of a 0/1 score (1 on a set of <paramref name="setSize"/> items) in closed form:
    /// the two thresholds are "in the set" (recall r = tp / positives, precision p = tp / setSize) and "everything"
    /// (recall 1, precision positives / total), so AP = r·p + (1 − r)·positives / total. 0 when there is no positive;
    /// with an empty set r = 0 and AP = positives / total. Counts that cannot come from one table (tp above the set
    /// or the positives, more outside the set than outside the positives, ...) are refused beyond a rounding slack of
    /// 1e-9 · max(1, total).
    /// </summary>
    public static double AveragePrecisionOfSet(double tp, double setSize, double positives, double total)
    {
        double e = 1e-9 * Math.Max(1, total); // rounding slack for weighted counts
        if (!(tp >= 0 && tp <= setSize + e && tp <= positives + e && setSize <= total + e && positives <= total + e && setSize - tp <= total - positives + e))
            throw new ArgumentException($"counts do not fit together: tp {tp}, set {setSize}, positives {positives}, total {total}");
        if (positives <= 0) return 0;
        double r = tp / positives;
        double p = setSize > 0 ? tp / setSize : 0;
        return r * p + (1 - r) * positives / total;
    }

    /// <summary>
    /// Pearson correlation of x and y, pooled over all items (OpenAI's simulation score pools every token of every
    /// sequence). Optional weights count an item that many times (weight 2 = the row twice). Two passes (means,
    /// then centred sums) in double. Never NaN: 0 when either weighted variance is 0 (a constant side carries no
    /// linear information) or the total weight is 0.
    /// </summary>
    public static double Pearson(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> weights = default)
    {
        CheckLengths(x.Length, y.Length, weights.Length, nameof(y));
        double sw = 0, sx = 0, sy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double w = Weight(weights, i);
            sw += w; sx += w * x[i]; sy += w * y[i];
        }
        if (sw <= 0) return 0;
        double mx = sx / sw, my = sy / sw, cxx = 0, cyy = 0, cxy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double w = Weight(weights, i), dx = x[i] - mx, dy = y[i] - my;
            cxx += w * dx * dx; cyy += w * dy * dy; cxy += w * dx * dy;
        }
        if (cxx <= 0 || cyy <= 0) return 0;
        return Math.Clamp(cxy / Math.Sqrt(cxx * cyy), -1, 1);
    }

    /// <summary>
    /// Area under the ROC curve as the Mann-Whitney statistic: the share of (positive, negative) pairs where the
    /// positive scores higher, a tie counting half. Computed from mid-ranks in O(n log n). 0.5 when either class is
    /// empty (no pair to rank). Scores must not be NaN.
    /// </summary>
    public static double Auroc(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels)
    {
        if (scores.Length != labels.Length) throw new ArgumentException($"{scores.Length} scores but {labels.Length} labels", nameof(labels));
        int n = scores.Length;
        var keys = new float[n];
        var idx = new int[n];
        long pos = 0;
        for (int i = 0; i < n; i++)
        {
            if (float.IsNaN(scores[i])) throw new ArgumentException($"score {i} is NaN", nameof(scores));
            keys[i] = scores[i]; idx[i] = i;
            if (labels[i]) pos++;
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) return 0.5;
        Array.Sort(keys, idx);
        double rankSum = 0; // 1-based mid-ranks of the positives
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j < n && keys[j] == keys[i]) j++;
            double mid = (i + 1 + j) / 2.0; // mean of ranks i+1 .. j
            for (int k = i; k < j; k++) if (labels[idx[k]]) rankSum += mid;
            i = j;
        }
        return (rankSum - pos * (pos + 1) / 2.0) / ((double)pos * neg);
    }

    /// <summary>
    /// OpenAI's 0..10 activation scale: dest[i] = min(10, floor(10 · relu(a[i]) / max a)), computed in double as
    /// their Python does. All 0 when max a ≤ 0 (nothing fires). Activations must not be NaN.
    /// </summary>
    public static void OpenAiNormalize(ReadOnlySpan<float> a, Span<float> dest)
    {
        if (dest.Length != a.Length) throw new ArgumentException($"{a.Length} activations but room for {dest.Length}", nameof(dest));
        double max = double.NegativeInfinity;
        for (int i = 0; i < a.Length; i++)
        {
            if (float.IsNaN(a[i])) throw new ArgumentException($"activation {i} is NaN", nameof(a));
            if (a[i] > max) max = a[i];
        }
        if (!(max > 0)) { dest.Clear(); return; }
        for (int i = 0; i < a.Length; i++)
            dest[i] = (float)Math.Min(10, Math.Floor(10 * Math.Max(0, (double)a[i]) / max));
    }

    private static double Weight(ReadOnlySpan<float> weights, int i)
    {
        if (weights.IsEmpty) return 1;
        float w = weights[i];
        if (!(w >= 0) || float.IsInfinity(w)) throw new ArgumentException($"weight {i} is {w}; weights must be finite and at least 0", "weights");
        return w;
    }

    private static void CheckLengths(int n, int m, int weights, string second)
    {
        if (m != n) throw new ArgumentException($"{n} items on one side but {m} on the other", second);
        if (weights != 0 && weights != n) throw new ArgumentException($"{weights} weights for {n} items", "weights");
    }
}
