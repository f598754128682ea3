using System.Globalization;
using InterpLsp.Analysis.Explain.Results;

namespace InterpLsp.Analysis.Reports;

/// <summary>How an explanation's numbers are written, the same in the CLI's report, the hover card and the direction
/// view: scores with two decimals and their interval (<c>0.41 [0.36, 0.47]</c>), a missing score as <c>n/a</c>, the
/// coverage as the share explained (held-out R^2 clamped to [0, 1], whole percent) and the rest unexplained.</summary>
public static class ExplanationFormat
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A number with two decimals; <c>n/a</c> when not finite.</summary>
    public static string N(double v) => double.IsFinite(v) ? v.ToString("F2", Inv) : "n/a";

    /// <summary><c>0.41 [0.36, 0.47]</c>; the interval is left out when it is not finite.</summary>
    public static string S(Score? s)
    {
        if (s is null) return "n/a";
        if (!double.IsFinite(s.Value)) return "n/a";
        return double.IsFinite(s.Lo) && double.IsFinite(s.Hi) ? $"{N(s.Value)} [{N(s.Lo)}, {N(s.Hi)}]" : N(s.Value);
    }

    /// <summary>The primary scores on one line: <c>F1 0.41 [0.36, 0.47] · IoU … · AUPRC … · r …</c>.</summary>
    public static string Primary(PrimaryScores? s) =>
        s is null ? "no scores" : $"F1 {S(s.F1)} · IoU {S(s.IoU)} · AUPRC {S(s.Auprc)} · r {S(s.Pearson)}";

    /// <summary>A baseline's four scores on one line: <c>F1 0.02 · IoU 0.01 · AUPRC 0.03 · r 0.00</c>.</summary>
    public static string Baseline(BaselineScores? b) =>
        b is null ? "n/a" : $"F1 {N(b.F1)} · IoU {N(b.IoU)} · AUPRC {N(b.Auprc)} · r {N(b.Pearson)}";

    /// <summary>The p-value: three decimals, <c>&lt; 0.001</c> below that.</summary>
    public static string P(double p) => !double.IsFinite(p) ? "n/a" : p < 0.001 ? "< 0.001" : p.ToString("F3", Inv);

    /// <summary>The share the coverage explains: clamp(R^2, 0, 1) (a held-out R^2 below 0 explains nothing).</summary>
    public static double Explained(Coverage c) => double.IsFinite(c.R2?.Value ?? double.NaN) ? Math.Clamp(c.R2!.Value, 0, 1) : double.NaN;

    /// <summary><c>explains 41%; 59% unexplained</c> (whole percent, rounded), or a sentence saying there is no coverage.</summary>
    public static string Coverage(Coverage? c)
    {
        if (c is null || c.Terms.Count == 0) return "no significant candidate to combine: 100% unexplained";
        double e = Explained(c);
        if (!double.IsFinite(e)) return "coverage could not be measured";
        int pct = (int)Math.Round(100 * e, MidpointRounding.AwayFromZero);
        return $"explains {pct}%; {100 - pct}% unexplained";
    }

    /// <summary>Up to <paramref name="max"/> candidates worth showing first: the significant ones in the side's rank
    /// order (the ranking already puts them first).</summary>
    public static IReadOnlyList<ScoredCandidate> Best(ExplanationSide side, int max) =>
        side.Candidates.Where(c => c.Significant).Take(max).ToList();

    /// <summary>A share in [0, 1] as a whole percent (<c>41%</c>).</summary>
    public static string Percent(double share) =>
        double.IsFinite(share) ? $"{Math.Round(100 * share, MidpointRounding.AwayFromZero).ToString("F0", Inv)}%" : "n/a";
}
