namespace InterpLsp.Analysis.Probes;

/// <summary>Held-out scores of probe values against 0/1 labels. A value above 0 predicts positive.
/// AUROC is the probability that a random positive scores above a random negative, ties counted half
/// (the Mann-Whitney statistic with average ranks); F1 is for the positive class, 2TP / (2TP + FP + FN), and
/// 0 when there is no true or predicted positive.</summary>
public static class ProbeMetrics
{
    public static double Accuracy(IReadOnlyList<double> values, IReadOnlyList<int> labels)
    {
        Check(values, labels);
        int right = 0;
        for (int i = 0; i < values.Count; i++) if ((values[i] > 0 ? 1 : 0) == labels[i]) right++;
        return (double)right / values.Count;
    }

    public static double F1(IReadOnlyList<double> values, IReadOnlyList<int> labels)
    {
        Check(values, labels);
        int tp = 0, fp = 0, fn = 0;
        for (int i = 0; i < values.Count; i++)
        {
            bool p = values[i] > 0;
            if (p && labels[i] == 1) tp++;
            else if (p) fp++;
            else if (labels[i] == 1) fn++;
        }
        int denom = 2 * tp + fp + fn;
        return denom == 0 ? 0 : 2.0 * tp / denom;
    }

    /// <summary>NaN when one class is missing.</summary>
    public static double Auroc(IReadOnlyList<double> values, IReadOnlyList<int> labels)
    {
        Check(values, labels);
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        double rankSumPos = 0;
        long pos = 0;
        for (int a = 0; a < order.Length;)
        {
            int b = a;
            while (b + 1 < order.Length && values[order[b + 1]] == values[order[a]]) b++;
            double rank = (a + b) / 2.0 + 1; // average 1-based rank of the tie group
            for (int k = a; k <= b; k++) if (labels[order[k]] == 1) { rankSumPos += rank; pos++; }
            a = b + 1;
        }
        long neg = values.Count - pos;
        if (pos == 0 || neg == 0) return double.NaN;
        return (rankSumPos - pos * (pos + 1) / 2.0) / ((double)pos * neg);
    }

    private static void Check(IReadOnlyList<double> values, IReadOnlyList<int> labels)
    {
        if (values.Count != labels.Count) throw new ArgumentException($"{values.Count} values but {labels.Count} labels");
        if (values.Count == 0) throw new ArgumentException("no values to score");
    }
}
