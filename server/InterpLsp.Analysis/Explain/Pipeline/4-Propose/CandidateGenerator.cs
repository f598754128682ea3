using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Families;

namespace InterpLsp.Analysis.Explain.Pipeline;

/// <summary>
/// Stage 4: proposes a side's candidates from the proposing half only, by asking every family of the registry
/// (<see cref="CandidateFamilies.Default"/>) in its order: words, tokens, WordNet concepts, context,
/// predictability, the library's other directions, formulas over the set-valued ones, and any family added since.
/// </summary>
public static class CandidateGenerator
{
    /// <param name="fires">The tokens to explain: the side's firing tokens, or one mode's.</param>
    /// <param name="withFormulas">False for per-mode candidates.</param>
    /// <param name="withOthers">False for the null and per-mode candidates: no other library direction.</param>
    /// <param name="seconds">Where each family's time is added (by family name), when given.</param>
    public static List<Candidate> Propose(CandidateBase b, SideTarget side, bool[] fires, bool withFormulas, bool withOthers,
        Dictionary<string, double>? seconds = null)
    {
        var p = new Proposal(b, side, fires, withFormulas, withOthers, b.Families);
        var clock = new System.Diagnostics.Stopwatch();
        foreach (var family in b.Families.Families)
        {
            clock.Restart();
            family.Propose(p);
            if (seconds is not null) seconds[family.Name] = seconds.GetValueOrDefault(family.Name) + clock.Elapsed.TotalSeconds;
        }
        return [.. p.Candidates];
    }
}
