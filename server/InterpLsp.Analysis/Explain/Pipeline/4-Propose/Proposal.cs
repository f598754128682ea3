using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Evidence;
using InterpLsp.Analysis.Explain.Families;
using InterpLsp.Analysis.Explain.Features;

namespace InterpLsp.Analysis.Explain.Pipeline;

/// <summary>
/// One request for candidates, handed to every family in turn (<see cref="ICandidateFamily.Propose"/>): the tokens
/// to explain (<see cref="Fires"/>) on the proposing half only, what the families may draw on (<see cref="Base"/>),
/// and the candidates so far (<see cref="Candidates"/>; a family that combines others', the formulas, comes after
/// them). <see cref="Add"/> keeps the first candidate of each id.
/// </summary>
public sealed class Proposal
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly List<Candidate> _candidates = new();

    public Proposal(CandidateBase b, SideTarget side, bool[] fires, bool withFormulas, bool withOthers, CandidateFamilies families)
    {
        Base = b; Side = side; Fires = fires; WithFormulas = withFormulas; WithOthers = withOthers; Families = families;
        for (int t = 0; t < b.Table.Count; t++)
        {
            if (!IsPropose(t)) continue;
            ProposeTokens++;
            if (fires[t]) ProposeFires++;
        }
    }

    public CandidateBase Base { get; }
    public TokenTable Table => Base.Table;
    public SideTarget Side { get; }
    /// <summary>The tokens to explain: the side's firing tokens, or one mode's.</summary>
    public bool[] Fires { get; }
    /// <summary>False for per-mode candidates.</summary>
    public bool WithFormulas { get; }
    /// <summary>False for the null's random directions and for per-mode candidates: the library's other directions
    /// are not tried.</summary>
    public bool WithOthers { get; }
    public CandidateFamilies Families { get; }
    /// <summary>Tokens of the proposing half, and how many of them are in <see cref="Fires"/>.</summary>
    public int ProposeTokens { get; }
    public int ProposeFires { get; }

    /// <summary>True when token <paramref name="t"/> is in the proposing half (proposals never look at the other).</summary>
    public bool IsPropose(int t) => !Base.Evidence.IsHeldOut(t);

    /// <summary>The candidates added so far, in order.</summary>
    public IReadOnlyList<Candidate> Candidates => _candidates;

    /// <summary>Adds a candidate unless one with its id is there. Its set: <paramref name="set"/>, else where it holds,
    /// else (real values) its tokens above the value that leaves as many proposing-half tokens above it as the side
    /// fires on.</summary>
    public void Add(IFeature f, FeatureValues v, int[]? set = null)
    {
        if (!_seen.Add(f.Id)) return;
        _candidates.Add(new Candidate(f, v, set ?? v.Holds ?? SetOverlap.TopShare(v.Dense!, IsPropose, Side.ProposeRate)));
    }

    /// <summary>The items most enriched among the proposing half's firing tokens (<see cref="Enrichment.Rank"/>), each
    /// token counting once for its item (<paramref name="itemOf"/>: a word id, a token-string id).</summary>
    public List<(int Item, double Z, double Uses)> Enriched(Func<int, int> itemOf, int take)
    {
        var fire = new Dictionary<int, double>(); var all = new Dictionary<int, double>();
        for (int t = 0; t < Table.Count; t++)
        {
            if (!IsPropose(t)) continue;
            int i = itemOf(t);
            Inc(all, i);
            if (Fires[t]) Inc(fire, i);
        }
        return Enrichment.Rank(fire, all, ProposeFires, ProposeTokens, take);
    }

    /// <summary>Likewise, a token counting once for each of its items (<paramref name="itemsOf"/>: e.g. the concepts
    /// of its word).</summary>
    public List<(int Item, double Z, double Uses)> Enriched(Func<int, int[]> itemsOf, int take)
    {
        var fire = new Dictionary<int, double>(); var all = new Dictionary<int, double>();
        for (int t = 0; t < Table.Count; t++)
        {
            if (!IsPropose(t)) continue;
            var items = itemsOf(t);
            foreach (int i in items) Inc(all, i);
            if (Fires[t]) foreach (int i in items) Inc(fire, i);
        }
        return Enrichment.Rank(fire, all, ProposeFires, ProposeTokens, take);
    }

    private static void Inc(Dictionary<int, double> d, int k) => d[k] = d.TryGetValue(k, out var v) ? v + 1 : 1;
}
