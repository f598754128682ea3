using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Results;
using InterpLsp.Analysis.Explain.Scoring;

namespace InterpLsp.Analysis.Explain.Pipeline;

/// <summary>
/// Scores candidates against one side on the held-out half: IoU and F1 of the candidate's set against the
/// firing tokens, AUPRC of its value as a detector of firing, Pearson correlation of its value with
/// max(side value, 0) over all held-out tokens; each with a bootstrap 95% interval over held-out texts.
/// </summary>
public sealed class SideScorer
{
    public const int Replicates = 200;
    public const int Seed = 1;

    private readonly int[] _heldIndex;
    private readonly int[] _fires, _tokens;
    private readonly double[] _sy, _syy;
    private readonly DocumentBootstrap _bootstrap;

    public SideScorer(SideTarget side)
    {
        Side = side;
        var table = side.Table;
        _heldIndex = new int[table.Documents];
        int h = 0;
        for (int d = 0; d < table.Documents; d++) _heldIndex[d] = side.Evidence.HeldOutDoc[d] ? h++ : -1;
        HeldDocuments = h;
        _fires = new int[h]; _tokens = new int[h]; _sy = new double[h]; _syy = new double[h];
        for (int t = 0; t < table.Count; t++)
        {
            int d = _heldIndex[table.Doc[t]];
            if (d < 0) continue;
            _tokens[d]++;
            if (side.Fires[t]) _fires[d]++;
            double y = side.Clipped[t];
            _sy[d] += y; _syy[d] += y * y;
        }
        _bootstrap = new DocumentBootstrap(Math.Max(1, h), Replicates, Seed);
    }

    public SideTarget Side { get; }
    public int HeldDocuments { get; }

    /// <summary>The held-out IoU alone (for ranking and for the null).</summary>
    public double QuickIoU(int[] set, out int holds, out int hits)
    {
        var ev = Side.Evidence;
        return SetOverlap.IoU(set, Side.Fires, ev.IsHeldOut, Side.HeldOutFires, out holds, out hits);
    }

    /// <summary>The four primary scores with intervals.</summary>
    public PrimaryScores Score(Candidate c, out long holds, out long hits)
    {
        var counts = Counts(c.Set, Side.Fires);
        var total = Sum(counts);
        holds = (long)(total.Tp + total.Fp); hits = (long)total.Tp;
        long n = Side.HeldOutTokens;
        var iou = WithInterval(total.IoU(), _bootstrap.Interval(counts, s => s.IoU()), n);
        var f1 = WithInterval(total.F1(), _bootstrap.Interval(counts, s => s.F1()), n);
        Score auprc;
        PairSums[] pairs;
        if (c.IsSet)
        {
            auprc = WithInterval(total.AveragePrecision(), _bootstrap.Interval(counts, s => s.AveragePrecision()), n);
            pairs = SetPairs(c.Set);
        }
        else
        {
            var (point, lo, hi) = RealAveragePrecision(c.Values.Dense!);
            auprc = new Score(point, lo, hi, n);
            pairs = RealPairs(c.Values.Dense!);
        }
        var sum = new PairSums();
        foreach (var p in pairs) sum.Add(p, 1);
        var pearson = WithInterval(sum.Pearson(), _bootstrap.Interval(pairs), n);
        return new PrimaryScores(iou, f1, auprc, pearson);
    }

    /// <summary>Point scores only, against another target's firing tokens and values (the random directions'
    /// baselines) or for permuted values (the shuffled baseline). A set costs O(its size); real values O(tokens),
    /// with <paramref name="heldOrder"/> (the held-out tokens sorted by descending value) given for the AUPRC.</summary>
    public BaselineScores Point(int[] set, float[]? dense, SideTarget target, int[]? heldOrder = null)
    {
        var ev = target.Evidence;
        double n = target.HeldOutTokens, fires = target.HeldOutFires;
        var (sy, syy) = target.HeldOutSums;
        if (dense is null)
        {
            double holds = 0, tp = 0, sxy = 0;
            foreach (int t in set)
            {
                if (!ev.IsHeldOut(t)) continue;
                holds++;
                if (target.Fires[t]) tp++;
                sxy += target.Clipped[t];
            }
            var counts = new SetCounts(tp, holds - tp, fires - tp, n - holds - (fires - tp));
            var sums = new PairSums { N = n, Sx = holds, Sxx = holds, Sy = sy, Syy = syy, Sxy = sxy };
            return new BaselineScores(counts.IoU(), counts.F1(), counts.AveragePrecision(), sums.Pearson());
        }
        double stp = 0, sholds = 0;
        foreach (int t in set) if (ev.IsHeldOut(t)) { sholds++; if (target.Fires[t]) stp++; }
        var c2 = new SetCounts(stp, sholds - stp, fires - stp, n - sholds - (fires - stp));
        var p = new PairSums();
        for (int t = 0; t < dense.Length; t++) if (ev.IsHeldOut(t)) p.Add(dense[t], target.Clipped[t]);
        heldOrder ??= HeldOrder(dense);
        return new BaselineScores(c2.IoU(), c2.F1(), ZeroIfNaN(AveragePrecisionInOrder(dense, heldOrder, target.Fires, target.Table.Doc, _heldIndex, ReadOnlySpan<int>.Empty)), p.Pearson());
    }

    /// <summary>The held-out tokens sorted by descending value (ties by index).</summary>
    public int[] HeldOrder(float[] x)
    {
        var order = Enumerable.Range(0, x.Length).Where(t => Side.Evidence.IsHeldOut(t)).ToArray();
        var keys = order.Select(t => -x[t]).ToArray();
        Array.Sort(keys, order);
        return order;
    }

    /// <summary>Average precision over the tokens in <paramref name="order"/> (descending value), ties one step, each
    /// token weighing the multiplicity of its held-out text in <paramref name="multiplicities"/> (1 when empty;
    /// <paramref name="heldIndex"/> maps a document to its place there); NaN when no token fires.</summary>
    private static double AveragePrecisionInOrder(float[] x, int[] order, bool[] fires, int[] doc, int[] heldIndex, ReadOnlySpan<int> multiplicities)
    {
        bool unit = multiplicities.IsEmpty;
        double positives = 0;
        foreach (int t in order) if (fires[t]) positives += unit ? 1 : multiplicities[heldIndex[doc[t]]];
        if (positives <= 0) return double.NaN;
        double tp = 0, all = 0, ap = 0;
        int i = 0;
        while (i < order.Length)
        {
            int j = i;
            double dtp = 0, dall = 0;
            while (j < order.Length && x[order[j]] == x[order[i]])
            {
                double w = unit ? 1 : multiplicities[heldIndex[doc[order[j]]]];
                dall += w; if (fires[order[j]]) dtp += w;
                j++;
            }
            tp += dtp; all += dall;
            if (dtp > 0 && all > 0) ap += dtp / positives * (tp / all);
            i = j;
        }
        return ap;
    }

    /// <summary>The trivial answers: the set that holds nowhere and the one that holds on every token.</summary>
    public (BaselineScores Nowhere, BaselineScores Everywhere) Trivial()
    {
        double f = Side.HeldOutFires, n = Side.HeldOutTokens;
        double rate = n > 0 ? f / n : 0;
        var nowhere = new BaselineScores(0, 0, rate, 0);
        var everywhere = new BaselineScores(n > 0 ? f / n : 0, ExplanationMetrics.F1(f, n - f, 0), rate, 0);
        return (nowhere, everywhere);
    }

    private SetCounts[] Counts(int[] set, bool[] fires, SideTarget? target = null)
    {
        target ??= Side;
        int h = HeldDocuments;
        var holds = new int[h]; var tp = new int[h];
        var table = target.Table;
        foreach (int t in set)
        {
            int d = _heldIndex[table.Doc[t]];
            if (d < 0) continue;
            holds[d]++;
            if (fires[t]) tp[d]++;
        }
        var fireCounts = ReferenceEquals(target, Side) ? _fires : FireCounts(target);
        var r = new SetCounts[h];
        for (int d = 0; d < h; d++)
        {
            int fp = holds[d] - tp[d], fn = fireCounts[d] - tp[d];
            r[d] = new SetCounts(tp[d], fp, fn, _tokens[d] - holds[d] - fn);
        }
        return r;
    }

    private int[] FireCounts(SideTarget target)
    {
        var r = new int[HeldDocuments];
        for (int t = 0; t < target.Table.Count; t++)
        {
            int d = _heldIndex[target.Table.Doc[t]];
            if (d >= 0 && target.Fires[t]) r[d]++;
        }
        return r;
    }

    private static SetCounts Sum(SetCounts[] counts)
    {
        var s = new SetCounts();
        foreach (var c in counts) s.Add(c, 1);
        return s;
    }

    private PairSums[] SetPairs(int[] set)
    {
        var r = new PairSums[HeldDocuments];
        for (int d = 0; d < r.Length; d++) { r[d].N = _tokens[d]; r[d].Sy = _sy[d]; r[d].Syy = _syy[d]; }
        var table = Side.Table;
        foreach (int t in set)
        {
            int d = _heldIndex[table.Doc[t]];
            if (d < 0) continue;
            r[d].Sx += 1; r[d].Sxx += 1; r[d].Sxy += Side.Clipped[t];
        }
        return r;
    }

    private PairSums[] RealPairs(float[] x)
    {
        var r = new PairSums[HeldDocuments];
        var table = Side.Table;
        for (int t = 0; t < table.Count; t++)
        {
            int d = _heldIndex[table.Doc[t]];
            if (d >= 0) r[d].Add(x[t], Side.Clipped[t]);
        }
        return r;
    }

    /// <summary>AUPRC of a real-valued candidate: sorted once, then each bootstrap replicate in linear time with
    /// the texts' multiplicities as weights (ties one step, as average_precision_score).</summary>
    private (double Point, double Lo, double Hi) RealAveragePrecision(float[] x)
    {
        var order = HeldOrder(x);
        var doc = Side.Table.Doc;
        double point = AveragePrecisionInOrder(x, order, Side.Fires, doc, _heldIndex, ReadOnlySpan<int>.Empty);
        var values = new List<double>(Replicates);
        for (int r = 0; r < Replicates; r++)
        {
            double v = AveragePrecisionInOrder(x, order, Side.Fires, doc, _heldIndex, _bootstrap.Multiplicities(r));
            if (!double.IsNaN(v)) values.Add(v);
        }
        values.Sort();
        var span = values.ToArray();
        return (ZeroIfNaN(point), DocumentBootstrap.Percentile(span, DocumentBootstrap.LowerQuantile), DocumentBootstrap.Percentile(span, DocumentBootstrap.UpperQuantile));
    }

    private static double ZeroIfNaN(double v) => double.IsNaN(v) ? 0 : v;

    private static Score WithInterval(double value, (double Lo, double Hi) ci, long n) => new(value, ci.Lo, ci.Hi, n);
}
