namespace InterpLsp.Analysis.Explain.Candidates;

/// <summary>
/// Which items (words, tokens, concepts) are over-represented among the tokens where a side fires, by the
/// log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi and Quinn 2008, "Fightin' Words"): for item
/// w with y_f uses among the firing tokens (n_f in all) and y_o among the others (n_o), and prior counts
/// a_w = a0 * (y_f + y_o) / (n_f + n_o) with a0 = <see cref="PriorMass"/>,
/// delta = log((y_f + a_w) / (n_f + a0 - y_f - a_w)) - log((y_o + a_w) / (n_o + a0 - y_o - a_w)),
/// z = delta / sqrt(1 / (y_f + a_w) + 1 / (y_o + a_w)). Items are ranked by z.
/// </summary>
public static class Enrichment
{
    public const double PriorMass = 1000;
    /// <summary>Items used fewer times than this among the firing tokens are not ranked.</summary>
    public const int MinUses = 2;

    public static double Z(double yf, double nf, double yo, double no)
    {
        double total = nf + no;
        if (total <= 0) return 0;
        double a = PriorMass * (yf + yo) / total;
        if (a <= 0) return 0;
        double num1 = yf + a, den1 = nf + PriorMass - yf - a;
        double num2 = yo + a, den2 = no + PriorMass - yo - a;
        if (den1 <= 0 || den2 <= 0) return 0;
        double delta = Math.Log(num1 / den1) - Math.Log(num2 / den2);
        return delta / Math.Sqrt(1 / num1 + 1 / num2);
    }

    /// <summary>Ranks items by z. <paramref name="firing"/> and <paramref name="all"/> count uses per item id
    /// (all = firing + others) among <paramref name="nFiring"/> and <paramref name="nAll"/> tokens.</summary>
    public static List<(int Item, double Z, double Uses)> Rank(IReadOnlyDictionary<int, double> firing, IReadOnlyDictionary<int, double> all,
        double nFiring, double nAll, int take)
    {
        var ranked = new List<(int, double, double)>();
        foreach (var (item, yf) in firing)
        {
            if (yf < MinUses) continue;
            double ya = all.TryGetValue(item, out var v) ? v : yf;
            double z = Z(yf, nFiring, ya - yf, nAll - nFiring);
            if (z > 0) ranked.Add((item, z, yf));
        }
        ranked.Sort((a, b) => b.Item2 != a.Item2 ? b.Item2.CompareTo(a.Item2) : a.Item1.CompareTo(b.Item1));
        if (ranked.Count > take) ranked.RemoveRange(take, ranked.Count - take);
        return ranked;
    }
}
