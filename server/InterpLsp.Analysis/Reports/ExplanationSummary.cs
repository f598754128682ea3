using InterpLsp.Analysis.Explain.Results;
using static InterpLsp.Analysis.Reports.ExplanationFormat;

namespace InterpLsp.Analysis.Reports;

/// <summary>The verdict of an explanation or a tested hypothesis as one short sentence for a notification (the
/// direction view and the output channel carry the numbers): at most <see cref="MaxLength"/> characters, ending with a
/// full stop. The sentence is built whole at three levels of detail and the first that fits is taken: with the best
/// candidate's label and F1 (or the hypothesis's F1 and rank), without the numbers, then with names cut short (a cut
/// name ends in an ellipsis inside the sentence; the sentence itself is never cut).
/// <para>An explanation: <c>temperature: positive side well explained by warm (F1 0.71); negative side unexplained.</c>
/// A hypothesis: <c>word list “hot, warm” on temperature: beats the null on the positive side (F1 0.41, rank 2).</c></para></summary>
public static class ExplanationSummary
{
    /// <summary>Characters of the sentence (a client may put a short prefix such as <c>Interp: </c> before it).</summary>
    public const int MaxLength = 110;

    public static string Of(ExplanationResult r)
    {
        var sides = r.Sides.Where(s => s.Side == "positive" || s.VerdictKind != "never_fires").ToList();
        string At(int detail, int name) =>
            $"{Cut(r.Direction, name)}: " + (sides.Count == 0 ? "nothing to explain" : string.Join("; ", sides.Select(s => $"{s.Side} side {Words(s, detail)}"))) + ".";
        return Fit(At);
    }

    public static string Of(HypothesisResult r)
    {
        string At(int detail, int name)
        {
            var parts = new List<string>();
            if (Sides(r.Sides.Where(s => s.Candidate is not null).ToList(), detail) is { } sides) parts.Add(sides);
            if (r.Embedding is { } e) parts.Add($"embedding {AurocName} {N(e.Auroc.Value)}" + (detail > 0 ? " (chance 0.50)" : ""));
            var what = parts.Count > 0 ? string.Join("; ", parts) : "the direction fires too rarely to test it";
            return $"{KindName(r.Kind)} “{Cut(r.Hypothesis, name)}” on {Cut(r.Direction, name)}: {what}.";
        }
        return Fit(At);
    }

    /// <summary>Whether the hypothesis beats the null on its sides: <c>beats the null on the positive side (F1 0.41,
    /// rank 2), not on the negative</c>, <c>on both sides</c>, <c>does not beat the null on either side</c>.</summary>
    private static string? Sides(List<HypothesisSide> scored, int detail)
    {
        if (scored.Count == 0) return null;
        string Numbers(HypothesisSide s) => detail == 0 ? "" : s.Candidate.Significant
            ? $" ({F1Name} {N(s.Candidate.Scores?.F1?.Value ?? double.NaN)}" + (s.Rank is { } rank ? $", rank {rank})" : ")")
            : $" (p {P(s.Candidate.P)})";
        var beat = scored.Where(s => s.Candidate.Significant).ToList();
        var not = scored.Where(s => !s.Candidate.Significant).ToList();
        if (scored.Count == 1) return (beat.Count == 1 ? "beats" : "does not beat") + $" the null on the {scored[0].Side} side" + Numbers(scored[0]);
        if (not.Count == 0) return "beats the null on both sides" + (detail == 0 ? "" : $" ({string.Join("; ", beat.Select(s => s.Side + " " + Numbers(s)[2..^1]))})");
        if (beat.Count == 0) return "does not beat the null on either side";
        return $"beats the null on the {beat[0].Side} side{Numbers(beat[0])}, not on the {not[0].Side}";
    }

    /// <summary>A side's verdict kind in words, with its best candidate and F1 at <paramref name="detail"/> 1.</summary>
    private static string Words(ExplanationSide s, int detail)
    {
        var best = s.Candidates.FirstOrDefault(c => c.Significant);
        string By() => detail > 0 && best is not null ? $" by {Cut(best.Label, 28)} ({F1Name} {N(best.Scores?.F1?.Value ?? double.NaN)})" : "";
        return s.VerdictKind switch
        {
            "well_explained" => "well explained" + By(),
            "partly" => "partly explained" + By(),
            "mixture" => $"a mixture of {s.Modes.Count} familiar concepts",
            "abstract_cover" => $"one concept covers its {s.Modes.Count} modes" + (detail > 0 && s.Cover is { } c ? $": {Cut(c.SingleLabel, 28)}" : ""),
            "unexplained" => "unexplained",
            "never_fires" => "fires too rarely to explain",
            var k => k.Length > 0 ? Cut(k.Replace('_', ' '), 30) : "not explained",
        };
    }

    /// <summary>The first sentence of <paramref name="at"/> (detail, name length) that fits, from the most detailed.</summary>
    private static string Fit(Func<int, int, string> at)
    {
        foreach (var (detail, name) in new[] { (1, 40), (0, 40), (0, 24), (0, 12) })
        {
            var s = at(detail, name);
            if (s.Length <= MaxLength) return s;
        }
        // The shortest form fits for any result of at most two sides (its parts are bounded); more sides would be a
        // malformed result, whose sentence is then cut short visibly but still ends with a full stop.
        var last = at(0, 8);
        return last.Length <= MaxLength ? last : last[..(MaxLength - 2)].TrimEnd() + "….";
    }

    /// <summary>At most <paramref name="max"/> characters, an ellipsis where cut.</summary>
    private static string Cut(string s, int max) => s.Length <= max ? s : s[..(max - 1)].TrimEnd() + "…";
}
