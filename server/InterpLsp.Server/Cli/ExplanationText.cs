using System.Text;
using InterpLsp.Analysis.Explain.Results;
using static InterpLsp.Analysis.Reports.ExplanationFormat;

namespace InterpLsp.Server.Cli;

/// <summary>The readable report of <c>explain</c> and <c>test-explanation</c> (without <c>--json</c>): per side the
/// verdict, the candidate table (label, F1 with its interval, IoU, AUPRC, Pearson r, the random-direction and
/// shuffled baselines' F1, p), the trivial baselines, the coverage, the modes (share, best candidate, two examples
/// with the token in brackets) and the cover test. At most <see cref="CandidatesShown"/> candidates per side.</summary>
public static class ExplanationText
{
    public const int CandidatesShown = 15;
    public const int ExamplesPerMode = 2;
    /// <summary>Characters of context on each side of a mode example's token.</summary>
    public const int ExampleContext = 40;

    public static string Render(ExplanationResult r)
    {
        var o = new StringBuilder();
        o.AppendLine($"{r.Direction} at {r.Hook} · {r.CorpusId}: {r.Documents:N0} texts, {r.Tokens:N0} tokens " +
            $"({r.ProposeDocuments:N0} propose candidates, {r.HeldOutDocuments:N0} held out to score them)");
        o.AppendLine($"verdict: {r.Verdict}");
        foreach (var side in r.Sides) Side(o, side);
        o.AppendLine();
        o.AppendLine($"scores on the held-out half; intervals: {r.Rules.Interval}; significance: p < 0.05 against {r.Rules.RandomDirections} random directions at the hook");
        return o.ToString().TrimEnd();
    }

    public static string Render(HypothesisResult r)
    {
        var o = new StringBuilder();
        o.AppendLine($"{r.Direction} at {r.Hook} · {r.CorpusId} · {r.Kind}: {r.Hypothesis}");
        o.AppendLine($"verdict: {r.Verdict}");
        foreach (var s in r.Sides)
        {
            o.AppendLine();
            var c = s.Candidate;
            o.AppendLine($"{s.Side} side: {Primary(c?.Scores)}");
            if (c is not null)
                o.AppendLine($"  p {P(c.P)} ({(c.Significant ? "beats" : "does not beat")} the random-direction null) · random directions {Baseline(c.RandomDirections)} · shuffled {Baseline(c.Shuffled)}");
            o.AppendLine($"  fires nowhere {Baseline(s.FiresNowhere)} · fires everywhere {Baseline(s.FiresEverywhere)}");
            if (s.Rank is { } rank) o.AppendLine($"  would rank {rank} among the stored candidates");
        }
        if (r.Embedding is { } e)
            o.AppendLine($"\nembedding scorer: AUROC {S(e.Auroc)} on {e.Activating} activating and {e.NonActivating} non-activating contexts ({e.Rule})");
        return o.ToString().TrimEnd();
    }

    private static void Side(StringBuilder o, ExplanationSide s)
    {
        o.AppendLine();
        o.AppendLine($"{s.Side} side: fires on {s.Fires:N0} of {s.Tokens:N0} held-out tokens (above {s.Threshold:G4}) · {s.Tried:N0} candidates tried");
        o.AppendLine($"  verdict: {s.Verdict}");
        if (s.Candidates.Count > 0)
        {
            var rows = new List<string[]> { new[] { "candidate", "F1 [95%]", "IoU", "AUPRC", "r", "random F1", "shuffled F1", "p", "" } };
            foreach (var c in s.Candidates.Take(CandidatesShown))
                rows.Add(new[]
                {
                    Cut(c.Label, 40), S(c.Scores?.F1), N(c.Scores?.IoU.Value ?? double.NaN), N(c.Scores?.Auprc.Value ?? double.NaN),
                    N(c.Scores?.Pearson.Value ?? double.NaN), N(c.RandomDirections?.F1 ?? double.NaN), N(c.Shuffled?.F1 ?? double.NaN), P(c.P),
                    c.Significant ? "*" : "",
                });
            Table(o, rows);
            if (s.Candidates.Count > CandidatesShown) o.AppendLine($"  ... {s.Candidates.Count - CandidatesShown} more (--json lists them all)");
            o.AppendLine("  * beats the random-direction null (p < 0.05, corrected for the candidates tried)");
        }
        else o.AppendLine("  no candidate kept");
        o.AppendLine($"  trivial: fires nowhere {Baseline(s.FiresNowhere)} · fires everywhere {Baseline(s.FiresEverywhere)}");
        o.Append("  coverage: ").Append(Coverage(s.Coverage));
        if (s.Coverage is { Terms.Count: > 0 } cov) o.Append($" (R^2 {S(cov.R2)} with {string.Join(" + ", cov.Labels)})");
        o.AppendLine();
        if (s.Modes.Count > 1 || (s.Modes.Count == 1 && s.Modes[0].Examples.Count > 0))
        {
            o.AppendLine($"  modes ({s.Modes.Count}):");
            foreach (var m in s.Modes)
            {
                var best = m.Candidates.FirstOrDefault();
                o.AppendLine($"    mode {m.Index + 1}: {Percent(m.Share)} of the firing tokens ({m.Size:N0}) · best: " +
                    (best is null ? "none" : $"{best.Label} ({Primary(best.Scores)})"));
                foreach (var x in m.Examples.Take(ExamplesPerMode)) o.AppendLine($"      {x.Value,8:G4}  {Snippet(x)}");
            }
        }
        if (s.Cover is { } cover)
            o.AppendLine($"  one concept for the modes: {cover.SingleLabel} IoU {S(cover.SingleIoU)} vs the modes' OR ({cover.UnionLabel}) IoU {S(cover.UnionIoU)}: " +
                (cover.Covers ? "it covers them" : "it does not cover them") + $" ({cover.Tried.Count} tried)");
    }

    /// <summary>The example's token in brackets with up to <see cref="ExampleContext"/> characters each side, one line.</summary>
    public static string Snippet(ModeExample x)
    {
        var t = x.Text ?? "";
        int start = Math.Clamp(x.Start, 0, t.Length), end = Math.Clamp(x.End, start, t.Length);
        int from = Math.Max(0, start - ExampleContext), to = Math.Min(t.Length, end + ExampleContext);
        var s = (from > 0 ? "…" : "") + t[from..start] + "[" + t[start..end] + "]" + t[end..to] + (to < t.Length ? "…" : "");
        return s.Replace('\n', ' ').Replace('\r', ' ').Replace('\t', ' ');
    }

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    private static void Table(StringBuilder o, List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var r in rows)
            o.AppendLine("  " + string.Join("  ", r.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))).TrimEnd());
    }
}
