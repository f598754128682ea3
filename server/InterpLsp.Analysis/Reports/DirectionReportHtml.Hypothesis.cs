using System.Text;
using InterpLsp.Analysis.Explain.Results;
using static InterpLsp.Analysis.Reports.ExplanationFormat;

namespace InterpLsp.Analysis.Reports;

// The direction view's section for a tested hypothesis (Interp: Test an Explanation), above the stored explanation: what
// was tested, the verdict, one row per side in the candidate table's columns (every primary score with its interval,
// both baselines, p, significance) plus where it would rank among the side's stored candidates, the trivial baselines,
// and for free text the embedding scorer. The stored explanation's section follows with its threshold plot and modes.
// Everything from the result is escaped.
public static partial class DirectionReportHtml
{
    private static void Hypothesis(StringBuilder h, HypothesisResult r, ExplanationResult? stored)
    {
        h.Append("<section class=\"hypothesis\" id=\"hypothesis\"><h2>Your hypothesis</h2><p class=\"meta\">")
            .Append(E(KindName(r.Kind))).Append(": <code>").Append(E(r.Hypothesis)).Append("</code> · ").Append(E(r.CorpusId))
            .Append(" · at <code>").Append(E(r.Hook)).Append("</code> · ").Append(Seconds(r.Seconds)).Append("</p>\n");
        h.Append("<p class=\"verdict\"><strong>Verdict:</strong> ").Append(E(r.Verdict)).Append("</p>\n");
        foreach (var w in r.Warnings) h.Append("<p class=\"warn\">⚠ ").Append(E(w)).Append("</p>");
        var scored = r.Sides.Where(s => s.Candidate is not null).ToList();
        if (scored.Count > 0)
        {
            CandidateHeader(h, "side", "rank among the stored candidates");
            foreach (var s in scored) CandidateRow(h, s.Candidate, s.Side, Rank(s, stored), "mine");
            CandidateFooter(h, scored[0].Candidate);
            h.Append("<table class=\"kv\">");
            foreach (var s in scored)
            {
                Row(h, $"{s.Side} side: fires nowhere", Baseline(s.FiresNowhere));
                Row(h, $"{s.Side} side: fires everywhere", Baseline(s.FiresEverywhere));
            }
            h.Append("</table>\n");
        }
        if (r.Embedding is { } e)
        {
            h.Append("<table class=\"kv\">");
            Row(h, $"embedding scorer {AurocName}", $"{S(e.Auroc)} (chance 0.50)");
            Row(h, "contexts", $"{Count(e.Activating)} activating, {Count(e.NonActivating)} non-activating");
            Row(h, "rule", e.Rule);
            h.Append("</table>\n");
        }
        if (stored is null)
            h.Append("<p class=\"none\">No stored explanation to rank it among: <code>Interp: Explain Direction</code> finds the direction's candidates, ")
                .Append("the thresholds tried (with their plot) and the modes.</p>");
        else if (scored.Count > 0)
            h.Append("<p class=\"meta\">rank: by held-out ").Append(IoUName).Append(" among the side's candidates of the stored explanation below (")
                .Append(E(stored.CorpusId)).Append("), whose thresholds tried and modes follow</p>");
        h.Append("</section>\n");
    }

    /// <summary>Where the side's hypothesis would rank, with the number of stored candidates of that side.</summary>
    private static string Rank(HypothesisSide s, ExplanationResult? stored)
    {
        if (s.Rank is not { } rank) return "n/a";
        var n = stored?.Sides.FirstOrDefault(x => x.Side == s.Side)?.Candidates.Count;
        return n is { } count ? $"{rank} of {count + 1}" : rank.ToString(Inv);
    }
}
