using System.Globalization;
using InterpLsp.Analysis.Explain.Results;

namespace InterpLsp.Analysis.Reports;

/// <summary>How an explanation's numbers and metrics are written, the one rule for the CLI's report, the hover card,
/// the client's text (all through <see cref="ExplanationText"/>) and the direction view's cells: a score with two
/// decimals and its interval (<c>0.41 [0.36, 0.47]</c>), an exact tie rounded away from zero, what rounds to zero
/// written without a sign, a missing or
/// non-finite number as <c>n/a</c>, a p-value with three decimals (<c>&lt; 0.001</c> below), a share as a whole
/// percent rounded half away from zero, the coverage as the share explained (held-out R^2 clamped to [0, 1]) and the
/// rest unexplained; each metric under one name (<see cref="F1Name"/> ... <see cref="DetectionAurocName"/>).</summary>
public static class ExplanationFormat
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    // One name per metric (field-anchors.md): the primary scores, then the field-comparable ones.
    public const string F1Name = "F1";
    public const string IoUName = "IoU";
    public const string AuprcName = "AUPRC";
    public const string PearsonName = "Pearson r";
    public const string R2Name = "R^2";
    public const string AurocName = "AUROC";
    public const string OpenAiCorrelationName = "OpenAI correlation";
    public const string DetectionBalancedAccuracyName = "detection balanced accuracy";
    public const string DetectionAurocName = "detection AUROC";
    /// <summary>The primary scores' names in their order: F1, IoU, AUPRC, Pearson r.</summary>
    public static readonly IReadOnlyList<string> PrimaryNames = [F1Name, IoUName, AuprcName, PearsonName];

    /// <summary>A number with two decimals (<c>-0.00</c> written <c>0.00</c>); <c>n/a</c> when not finite.</summary>
    public static string N(double v) => Fixed(v, 2);

    /// <summary><paramref name="v"/> with <paramref name="digits"/> decimals, an exact tie (0.125) rounded away from zero
    /// (0.13, as JavaScript's toFixed does; .NET alone would round it to even), what rounds to zero without a sign.</summary>
    private static string Fixed(double v, int digits)
    {
        if (!double.IsFinite(v)) return "n/a";
        double scale = Math.Pow(10, digits), scaled = v * scale;
        // a tie only when the product is exact (0.015 * 100 rounds to 1.5, but 0.015 is 0.01499…: no tie)
        if (Math.Abs(scaled % 1) == 0.5 && Math.FusedMultiplyAdd(v, scale, -scaled) == 0) v = (scaled + Math.Sign(v) * 0.5) / scale;
        var s = v.ToString("F" + digits, Inv);
        return s[0] == '-' && s.AsSpan(1).IndexOfAnyExcept("0.") < 0 ? s[1..] : s;
    }

    /// <summary>A value on the direction's own scale (a threshold, an example's activation): four significant digits.</summary>
    public static string G(double v) => double.IsFinite(v) ? v.ToString("G4", Inv) : "n/a";

    /// <summary>A count with thousands separators: <c>12,345</c>.</summary>
    public static string Count(long n) => n.ToString("N0", Inv);

    /// <summary>Seconds with one decimal: <c>4.2 s</c>.</summary>
    public static string Seconds(double s) => $"{Fixed(s, 1)} s";

    /// <summary><c>0.41 [0.36, 0.47]</c>; the interval is left out when it is not finite; <c>n/a</c> without a value.</summary>
    public static string S(Score? s)
    {
        if (s is null || !double.IsFinite(s.Value)) return "n/a";
        return double.IsFinite(s.Lo) && double.IsFinite(s.Hi) ? $"{N(s.Value)} [{N(s.Lo)}, {N(s.Hi)}]" : N(s.Value);
    }

    /// <summary>The primary scores in their order, each with its interval: <c>F1 0.41 [0.36, 0.47] · IoU … · AUPRC … ·
    /// Pearson r …</c>; <c>no scores</c> without them.</summary>
    public static string Primary(PrimaryScores? s) =>
        s is null ? "no scores" : string.Join(" · ", PrimaryNames.Zip(Scores(s), (name, v) => $"{name} {S(v)}"));

    /// <summary>The primary scores in their order (F1, IoU, AUPRC, Pearson r); an entry is null where the JSON had none.</summary>
    public static Score?[] Scores(PrimaryScores? s) => [s?.F1, s?.IoU, s?.Auprc, s?.Pearson];

    /// <summary>The number of held-out tokens behind the primary scores: <c>n 5,000</c> when all four share it,
    /// else each one's (<c>n 5,000 · 5,000 · 5,000 · 2,000</c>); empty without scores.</summary>
    public static string SampleSize(PrimaryScores? s)
    {
        var ns = Scores(s).Where(x => x is not null).Select(x => x!.N).Distinct().ToList();
        return ns.Count == 0 ? "" : ns.Count == 1 ? $"n {Count(ns[0])}" : "n " + string.Join(" · ", Scores(s).Select(x => x is null ? "n/a" : Count(x.N)));
    }

    /// <summary>A baseline's four scores (no intervals) in the primary order: <c>F1 0.02 · IoU 0.01 · AUPRC 0.03 · Pearson r 0.00</c>.</summary>
    public static string Baseline(BaselineScores? b) =>
        b is null ? "n/a" : $"{F1Name} {N(b.F1)} · {IoUName} {N(b.IoU)} · {AuprcName} {N(b.Auprc)} · {PearsonName} {N(b.Pearson)}";

    /// <summary>The field-comparable scores with their names: <c>OpenAI correlation 0.52 [0.47, 0.58] · detection …</c>.</summary>
    public static string Field(FieldScores f) =>
        $"{OpenAiCorrelationName} {S(f.OpenAiCorrelation)} · {DetectionBalancedAccuracyName} {S(f.DetectionBalancedAccuracy)} · {DetectionAurocName} {S(f.DetectionAuroc)}";

    /// <summary>The p-value: three decimals, <c>&lt; 0.001</c> below that.</summary>
    public static string P(double p) => !double.IsFinite(p) ? "n/a" : p < 0.001 ? "< 0.001" : Fixed(p, 3);

    /// <summary>What the null test decided, in words: <c>beats the random-direction null</c> or <c>does not beat …</c>.</summary>
    public static string Significance(bool significant) =>
        significant ? "beats the random-direction null" : "does not beat the random-direction null";

    /// <summary>The share the coverage explains: clamp(R^2, 0, 1) (a held-out R^2 below 0 explains nothing).</summary>
    public static double Explained(Coverage c) => double.IsFinite(c.R2?.Value ?? double.NaN) ? Math.Clamp(c.R2!.Value, 0, 1) : double.NaN;

    /// <summary><c>explains 41%; 59% unexplained</c> (whole percent, rounded), or a sentence saying there is no coverage.</summary>
    public static string Coverage(Coverage? c)
    {
        if (c is null || c.Terms.Count == 0) return "no significant candidate to combine: 100% unexplained";
        double e = Explained(c);
        if (!double.IsFinite(e)) return "coverage could not be measured";
        var pct = Round(100 * e);
        return $"explains {pct}%; {100 - pct}% unexplained";
    }

    /// <summary>Whether one concept covers the modes, in words.</summary>
    /// <summary>The covering search by meaning in one sentence: what was searched, on what, and what came of it.</summary>
    public static string MeaningWords(MeaningCoverResult m) =>
        $"{m.Tried.Count} of {m.Pool:N0} WordNet glosses chosen on the proposing half, scored on {m.Activating} firing and {m.NonActivating} other held-out contexts "
        + $"beside {m.RandomGlosses} random glosses (mean AUROC {(m.Tried.Count > 0 ? m.Tried[0].RandomMean : double.NaN):F2}, 95th percentile {(m.Tried.Count > 0 ? m.Tried[0].RandomP95 : double.NaN):F2}) "
        + $"and the modes' OR (AUROC {m.UnionAuroc}): " + (m.Covers ? "the first covers the modes" : "none covers the modes");

    /// <summary>One row per concept tried by meaning: label, AUROC with its interval, p, selection score.</summary>
    public static IEnumerable<IReadOnlyList<string>> MeaningRows(MeaningCoverResult m) =>
        m.Tried.Select(c => (IReadOnlyList<string>)[c.Label, c.Auroc.ToString(), c.P.ToString("F3", System.Globalization.CultureInfo.InvariantCulture),
            c.Selection.ToString("F3", System.Globalization.CultureInfo.InvariantCulture), c.Gloss]);

    public static readonly string[] MeaningHeader = ["concept", "AUROC [95%]", "p", "selection", "gloss"];

    public static string CoverWords(ModeCover c) =>
        c.Covers ? "one concept covers the modes" : "no single candidate covers the modes as well as their OR";

    /// <summary>Up to <paramref name="max"/> candidates worth showing first: the significant ones in the side's rank
    /// order (the ranking already puts them first).</summary>
    public static IReadOnlyList<ScoredCandidate> Best(ExplanationSide side, int max) =>
        side.Candidates.Where(c => c.Significant).Take(max).ToList();

    /// <summary>A share in [0, 1] as a whole percent (<c>41%</c>).</summary>
    public static string Percent(double share) => double.IsFinite(share) ? $"{Round(100 * share)}%" : "n/a";

    private static long Round(double v) => (long)Math.Round(v, MidpointRounding.AwayFromZero);

    /// <summary>How a hypothesis kind is named to a reader: <c>words</c> a word list, <c>regex</c> a regex, <c>text</c>
    /// free text.</summary>
    public static string KindName(string kind) => kind switch { "words" => "word list", "regex" => "regex", "text" => "free text", _ => kind };

    /// <summary>A mode example cut around its token: up to <paramref name="context"/> characters each side, whether
    /// either side was cut (shown as an ellipsis); a range outside the text is clamped to it.</summary>
    public static (bool CutBefore, string Before, string Token, string After, bool CutAfter) Around(ModeExample x, int context)
    {
        var t = x.Text ?? "";
        int start = Math.Clamp(x.Start, 0, t.Length), end = Math.Clamp(x.End, start, t.Length);
        int from = Math.Max(0, start - context), to = Math.Min(t.Length, end + context);
        return (from > 0, t[from..start], t[start..end], t[end..to], to < t.Length);
    }
}
