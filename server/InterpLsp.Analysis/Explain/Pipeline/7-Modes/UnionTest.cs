using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Features;
using InterpLsp.Analysis.Explain.Results;

namespace InterpLsp.Analysis.Explain.Pipeline;

/// <summary>
/// The union test of a side with two or more modes: does one concept explain all the firing tokens at least as well
/// (IoU within <see cref="CoverSlack"/>) as the modes' best candidates joined by OR? The concepts tried are those of
/// the families that may serve it (<see cref="Families.ICandidateFamily.ServesUnion"/>): their concepts covering every
/// mode (<see cref="Families.ICandidateFamily.ProposeCovering"/>), then their candidates for the side.
/// </summary>
public static class UnionTest
{
    public const double CoverSlack = 0.02;
    /// <summary>How many of the concepts tried the result names.</summary>
    public const int TriedListed = 20;

    public static void Run(CandidateBase b, SideScorer scorer, RandomNull nul, List<Candidate> bestPerMode, List<bool[]> masks,
        List<Candidate> sideCandidates, ExplanationSide result)
    {
        var union = FeatureUnion(bestPerMode, b.Table.Count);
        var unionScored = CandidateScoring.Full(scorer, null, nul, union);
        result.UnionSet = union.Set;
        var tried = Covering(b, masks, sideCandidates);
        if (tried.Count == 0) return;
        var single = CandidateScoring.Full(scorer, null, nul, CandidateRanking.Rank(tried, scorer, b.Families)[0]);
        result.Cover = new ModeCover
        {
            UnionId = union.Id, UnionLabel = union.Feature.Label, UnionIoU = unionScored.Scores.IoU,
            SingleId = single.Id, SingleLabel = single.Label, SingleIoU = single.Scores.IoU,
            Covers = single.Significant && single.Scores.IoU.Value >= unionScored.Scores.IoU.Value - CoverSlack,
            Tried = tried.Select(c => c.Feature.Label).Take(TriedListed).ToList(),
        };
        if (result.Cover.Covers && result.Candidates.All(c => c.Id != single.Id)) result.Candidates.Insert(0, single);
    }

    /// <summary>The modes' best candidates joined by OR (their sets' union; real-valued parts by their top tokens).</summary>
    private static Candidate FeatureUnion(List<Candidate> parts, int count)
    {
        var set = parts[0].Set;
        for (int i = 1; i < parts.Count; i++) set = FormulaFeature.Combine(set, parts[i].Set, FormulaFeature.Op.Or);
        var f = new FormulaFeature(parts.Select(p => p.Feature).ToList(), Enumerable.Repeat(FormulaFeature.Op.Or, parts.Count - 1).ToList());
        return new Candidate(f, FeatureValues.Set(count, set), set);
    }

    /// <summary>The one-concept candidates: each serving family's covering concepts, then the side's candidates of
    /// the serving families, each id once.</summary>
    private static List<Candidate> Covering(CandidateBase b, List<bool[]> masks, List<Candidate> sideCandidates)
    {
        var result = new List<Candidate>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var family in b.Families.Families.Where(f => f.ServesUnion))
            foreach (var c in family.ProposeCovering(b, masks))
                if (ids.Add(c.Id)) result.Add(c);
        foreach (var c in sideCandidates) if (b.Families.ServesUnion(c.Feature) && ids.Add(c.Id)) result.Add(c);
        return result;
    }
}
