using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Evidence;
using InterpLsp.Interp.Directions;

namespace InterpLsp.Analysis.Explain.Pipeline;

/// <summary>
/// Where a side fires, chosen from the evidence (stated in <see cref="Results.ExplanationRules.Fires"/>): the thresholds
/// tried are the values that leave the top <see cref="TopShares"/> of the proposing half's tokens above them (never
/// below 0), and 0 itself where the direction has a natural boundary there (<see cref="HasNaturalBoundary"/>: a
/// probe's logit, an SAE feature's activation) and it leaves at most <see cref="MaxBoundaryShare"/> of the proposing
/// half firing; a threshold is skipped when fewer than <see cref="MinFires"/> tokens of either half fire above it. At each threshold left, a cheap
/// proxy is read (<see cref="ThresholdProxy"/>: the best proposing-half IoU among the word-list and token-list
/// candidates and the WordNet concepts, alone or two together, cross-fitted for the lists); the threshold chosen is the rarest whose proxy is within
/// <see cref="Alike"/> of the highest (<see cref="Pick"/>), and only there are all candidates proposed. Nothing of the held-out half but its firing count is read. Choosing the threshold is a selection like
/// choosing the candidate, so the random-direction null runs the same choice for each random side
/// (<see cref="RandomNull"/>), at the same shares: where the boundary 0 is tried, each random side tries the
/// threshold that leaves the same share of its proposing half above it (<see cref="AtShare"/>).
/// </summary>
public static class ThresholdRule
{
    /// <summary>The shares of the proposing half's tokens that fire, rarest first: top 0.03 %, 0.1 %, 0.3 %, 1 %, 3 %.</summary>
    public static readonly double[] TopShares = [0.0003, 0.001, 0.003, 0.01, 0.03];
    /// <summary>Fewest firing tokens on each half for a threshold to be tried (a few dozen: fewer leaves the held-out
    /// IoU too coarse to mean much).</summary>
    public const int MinFires = 30;
    /// <summary>The natural boundary is tried only where it leaves at most this share of the proposing half firing
    /// (the top of the distribution: at broad shares any broad candidate's IoU is high).</summary>
    public const double MaxBoundaryShare = 0.1;

    /// <summary>True for the kinds whose value has a natural boundary at 0: a probe's logit (p = 0.5) and an SAE
    /// feature's activation (active or not).</summary>
    public static bool HasNaturalBoundary(DirectionKind kind) => kind is DirectionKind.Probe or DirectionKind.SaeFeature;

    /// <summary>One threshold tried: its place in the rule (a top share, or null for the natural boundary), the side
    /// there, and, when it was not skipped, the proxy's best candidate and its proposing-half IoU (<see cref="ThresholdProxy"/>);
    /// at the threshold chosen, all candidates proposed there.</summary>
    public sealed class Tried
    {
        public double? Share { get; init; }
        public required SideTarget Side { get; init; }
        public string? Skipped { get; init; }
        public List<Candidate>? Candidates { get; set; }
        public double ProposeBestIoU { get; set; }
        public ThresholdProxy.Best? ProxyBest { get; set; }
        public string Rule => Share is { } s ? $"the top {Percent(s)} of the proposing half's tokens" : "the natural boundary 0";
    }

    /// <summary>The choice for one side: every threshold tried, and the one chosen (null when none could be tried).</summary>
    public sealed record Choice(List<Tried> Tried, Tried? Chosen)
    {
        /// <summary>Why no threshold could be tried, naming what is missing.</summary>
        public string WhyNone()
        {
            var any = Tried.OrderByDescending(t => Math.Min(t.Side.ProposeFires, t.Side.HeldOutFires)).FirstOrDefault();
            return any is null ? "no threshold was tried"
                : $"fires too rarely to explain: at most {any.Side.ProposeFires} proposing and {any.Side.HeldOutFires} held-out tokens above any threshold tried "
                  + $"(the lowest, {any.Side.Threshold:G3}: {any.Rule}); the smallest threshold needs at least {MinFires} firing tokens on each half";
        }
    }

    /// <summary>The thresholds of the rule for one side, rarest first, equal ones once (a share whose value is at or
    /// below 0 becomes 0).</summary>
    public static List<Tried> Thresholds(ExplainEvidence ev, float[] values, bool negative, bool naturalBoundary)
    {
        var sorted = SideTarget.ProposeSorted(ev, values, negative);
        var result = new List<Tried>();
        var seen = new HashSet<double>();
        SideTarget? first = null;
        void Add(double? share, double threshold)
        {
            threshold = Math.Max(0, threshold);
            if (!seen.Add(threshold)) return;
            var side = first is null ? new SideTarget(ev, values, negative, threshold, share) : first.At(threshold, share);
            first ??= side;
            string? skipped = Math.Min(side.ProposeFires, side.HeldOutFires) < MinFires
                ? $"{side.ProposeFires} proposing and {side.HeldOutFires} held-out firing tokens (fewer than {MinFires})"
                : share is null && side.ProposeRate > MaxBoundaryShare
                    ? $"fires on {Percent(side.ProposeRate)} of the proposing half's tokens, more than the top {Percent(MaxBoundaryShare)} the rule looks at"
                    : null;
            result.Add(new Tried { Share = share, Side = side, Skipped = skipped });
        }
        foreach (var s in TopShares) Add(s, SideTarget.QuantileOf(sorted, 1 - s));
        if (naturalBoundary) Add(null, 0);
        return result;
    }

    /// <summary>A random side's counterpart of a natural boundary that leaves <paramref name="share"/> of the proposing
    /// half firing: its threshold at that share (skipped, as any, with too few firing tokens).</summary>
    public static Tried AtShare(ExplainEvidence ev, float[] values, bool negative, double share)
    {
        var side = new SideTarget(ev, values, negative, SideTarget.QuantileOf(SideTarget.ProposeSorted(ev, values, negative), 1 - share), null);
        string? skipped = Math.Min(side.ProposeFires, side.HeldOutFires) < MinFires
            ? $"{side.ProposeFires} proposing and {side.HeldOutFires} held-out firing tokens (fewer than {MinFires})" : null;
        return new Tried { Share = null, Side = side, Skipped = skipped };
    }

    /// <summary>The share of the proposing half above the natural boundary where the choice tried it as a threshold of
    /// its own (null when it did not: no boundary, or 0 is one of the shares' thresholds already).</summary>
    public static double? BoundaryShare(Choice choice) => choice.Tried.FirstOrDefault(t => t.Share is null) is { } b ? b.Side.ProposeRate : null;

    /// <summary>Runs the rule on one side: reads the proxy (<see cref="ThresholdProxy"/>) at each threshold not skipped,
    /// chooses the one where it is highest, and proposes all candidates there.</summary>
    /// <param name="seconds">Where the proxy's time (<c>proxy</c>) and each family's proposing time are added, when given.</param>
    public static Choice Choose(CandidateBase b, float[] values, bool negative, bool naturalBoundary, bool withOthers, CancellationToken cancellation = default,
        Dictionary<string, double>? seconds = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var tried = Thresholds(b.Evidence, values, negative, naturalBoundary);
        foreach (var t in tried)
        {
            cancellation.ThrowIfCancellationRequested();
            if (t.Skipped is not null) continue;
            t.ProxyBest = ThresholdProxy.Compute(b, t.Side);
            t.ProposeBestIoU = t.ProxyBest.IoU;
        }
        int at = Pick(tried.Select(t => (t.Skipped is null, t.ProposeBestIoU, t.Side.ProposeFires)).ToList());
        var chosen = at < 0 ? null : tried[at];
        if (seconds is not null) seconds["proxy"] = clock.Elapsed.TotalSeconds;
        if (chosen is not null) chosen.Candidates = CandidateGenerator.Propose(b, chosen.Side, chosen.Side.Fires, withFormulas: true, withOthers: withOthers, seconds);
        return new Choice(tried, chosen);
    }

    /// <summary>Thresholds whose proxies are within this fraction of the best proxy read alike: the rarer is taken.</summary>
    public const double Alike = 0.1;

    /// <summary>The threshold the rule takes (-1: none could be tried): of those tried (not skipped), the one with the
    /// fewest proposing-half firing tokens whose proxy is at least (1 - <see cref="Alike"/>) times the highest. Where two
    /// read alike, the rarer is taken: the top of a direction's distribution is what its top examples show and where an
    /// explanation is sharpest, and a proxy read on a few dozen firing tokens is not more exact than that (a direction
    /// planted for bird.n.01 + metal.n.01 read 0.126 at its top 0.1 %, where bird OR metal was the proxy's best, and 0.129
    /// at 0.3 %, where a chemical element OR food was).</summary>
    public static int Pick(IReadOnlyList<(bool Tried, double IoU, int Fires)> thresholds)
    {
        double best = double.NegativeInfinity;
        foreach (var t in thresholds) if (t.Tried) best = Math.Max(best, Math.Round(t.IoU, CandidateRanking.IoUDigits));
        int at = -1;
        for (int i = 0; i < thresholds.Count; i++)
        {
            var t = thresholds[i];
            if (!t.Tried || Math.Round(t.IoU, CandidateRanking.IoUDigits) < (1 - Alike) * best) continue;
            if (at < 0 || t.Fires < thresholds[at].Fires) at = i;
        }
        return at;
    }

    /// <summary>An order of thresholds: a higher best proposing-half IoU (to 9 digits), then more firing tokens (the
    /// residual part's choice among broader thresholds).</summary>
    public static bool Better(double iou, int fires, double thanIoU, int thanFires)
    {
        double a = Math.Round(iou, CandidateRanking.IoUDigits), b = Math.Round(thanIoU, CandidateRanking.IoUDigits);
        return a > b || a == b && fires > thanFires;
    }

    /// <summary>The best IoU on the proposing half among <paramref name="candidates"/>.</summary>
    public static double ProposeBest(SideTarget side, IEnumerable<Candidate> candidates)
    {
        var ev = side.Evidence;
        double best = 0;
        foreach (var c in candidates)
            best = Math.Max(best, SetOverlap.IoU(c.Set, side.Fires, t => !ev.IsHeldOut(t), side.ProposeFires, out _, out _));
        return best;
    }

    /// <summary>A share as a percentage in words: 0.0003 → "0.03 %".</summary>
    public static string Percent(double share) => $"{100 * share:0.###} %";
}
