using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Families;

namespace InterpLsp.Analysis.Explain.Pipeline;

/// <summary>
/// The one ranking rule of candidates, wherever they are ranked (a side's list, each mode's, the union test's one
/// concept): by held-out IoU, highest first (rounded to 9 digits, so that equal sets counted in another order tie);
/// among equal IoUs the simpler first (<see cref="CandidateFamilies.Complexity"/>); then by id, ordinally.
/// </summary>
public static class CandidateRanking
{
    public const int IoUDigits = 9;

    /// <summary><paramref name="candidates"/> in rank order, <paramref name="iou"/> giving each one's held-out IoU.</summary>
    public static List<Candidate> Rank(IEnumerable<Candidate> candidates, Func<Candidate, double> iou, CandidateFamilies families) =>
        candidates.Select(c => (c, iou: iou(c)))
            .OrderByDescending(x => Math.Round(x.iou, IoUDigits)).ThenBy(x => families.Complexity(x.c.Feature)).ThenBy(x => x.c.Id, StringComparer.Ordinal)
            .Select(x => x.c).ToList();

    /// <summary>Ranked by their IoU on <paramref name="scorer"/>'s held-out half.</summary>
    public static List<Candidate> Rank(IEnumerable<Candidate> candidates, SideScorer scorer, CandidateFamilies families) =>
        Rank(candidates, c => scorer.QuickIoU(c.Set, out _, out _), families);

    /// <summary>Candidates in order, without those whose values equal an earlier one's (the same tokens under another
    /// name, e.g. <c>tokens {)}</c> and <c>words {)}</c>): the first, the better ranked or simpler, stays.</summary>
    public static IEnumerable<Candidate> Distinct(IEnumerable<Candidate> ordered)
    {
        var seen = new HashSet<(int, ulong)>();
        foreach (var c in ordered)
        {
            ulong h = Scans.StableHash.FnvBasis;
            if (c.IsSet) foreach (int t in c.Set) h = Scans.StableHash.Add(h, (uint)t);
            else foreach (float v in c.Values.Dense!) h = Scans.StableHash.Add(h, (uint)BitConverter.SingleToInt32Bits(v));
            if (seen.Add((c.IsSet ? c.Set.Length : -1 - c.Values.Count, h))) yield return c;
        }
    }
}
