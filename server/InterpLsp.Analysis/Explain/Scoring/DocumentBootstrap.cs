namespace InterpLsp.Analysis.Explain.Scoring;

/// <summary>
/// Percentile 95% intervals by the cluster bootstrap: each replicate draws as many documents as there are, with
/// replacement, and a statistic is recomputed with every token of a drawn document counted once per draw. Documents,
/// not tokens, are resampled because the tokens of one text are not independent (a word repeats, a topic holds).
/// The draws are made once, in the constructor, from <c>System.Random(seed)</c> (a seeded Random runs the same
/// algorithm on every platform and .NET version), replicate by replicate and draw by draw, so one seed gives the
/// same multiplicities, hence the same intervals, on every machine.
/// The interval is (the 2.5th, the 97.5th) percentile of the replicates' statistics, interpolated linearly between
/// order statistics (numpy's default: position q·(k − 1) in the k sorted values); replicates whose statistic is NaN
/// are left out, and both ends are NaN when every replicate is.
/// </summary>
public sealed class DocumentBootstrap
{
    /// <summary>Lower and upper percentile of the 95% interval.</summary>
    public const double LowerQuantile = 0.025, UpperQuantile = 0.975;

    private readonly int[] _counts; // replicate r's multiplicity of document d at r * Documents + d

    public DocumentBootstrap(int documents, int replicates = 200, int seed = 1)
    {
        if (documents < 1) throw new ArgumentOutOfRangeException(nameof(documents), documents, "a bootstrap needs at least one document");
        if (replicates < 1) throw new ArgumentOutOfRangeException(nameof(replicates), replicates, "a bootstrap needs at least one replicate");
        if ((long)documents * replicates > Array.MaxLength) throw new ArgumentException($"{replicates} replicates of {documents} documents do not fit in one array");
        Documents = documents; Replicates = replicates; Seed = seed;
        _counts = new int[documents * replicates];
        var rng = new Random(seed);
        for (int r = 0; r < replicates; r++)
        {
            int at = r * documents;
            for (int i = 0; i < documents; i++) _counts[at + rng.Next(documents)]++;
        }
    }

    public int Documents { get; }
    public int Replicates { get; }
    public int Seed { get; }

    /// <summary>How many times each document is drawn in replicate <paramref name="replicate"/> (they sum to Documents).</summary>
    public ReadOnlySpan<int> Multiplicities(int replicate)
    {
        if ((uint)replicate >= (uint)Replicates) throw new ArgumentOutOfRangeException(nameof(replicate), replicate, $"replicates are 0..{Replicates - 1}");
        return _counts.AsSpan(replicate * Documents, Documents);
    }

    /// <summary>The 95% interval of any statistic of a replicate. The statistic is given each replicate's
    /// multiplicities (length Documents) in one buffer reused between calls: read it, do not keep it.</summary>
    public (double Lo, double Hi) Interval(Func<int[], double> statistic)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        var buffer = new int[Documents];
        var values = new double[Replicates];
        for (int r = 0; r < Replicates; r++)
        {
            Multiplicities(r).CopyTo(buffer);
            values[r] = statistic(buffer);
        }
        return FromValues(values);
    }

    /// <summary>The 95% interval of a set score, from per-document confusion counts, in O(replicates × documents).</summary>
    public (double Lo, double Hi) Interval(SetCounts[] perDocument, Func<SetCounts, double> metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        CheckDocuments(perDocument);
        var values = new double[Replicates];
        for (int r = 0; r < Replicates; r++)
        {
            var m = Multiplicities(r);
            var sum = new SetCounts();
            for (int d = 0; d < m.Length; d++) if (m[d] != 0) sum.Add(perDocument[d], m[d]);
            values[r] = metric(sum);
        }
        return FromValues(values);
    }

    /// <summary>The 95% interval of the pooled Pearson correlation, from per-document sums, in O(replicates × documents).</summary>
    public (double Lo, double Hi) Interval(PairSums[] perDocument)
    {
        CheckDocuments(perDocument);
        var values = new double[Replicates];
        for (int r = 0; r < Replicates; r++)
        {
            var m = Multiplicities(r);
            var sum = new PairSums();
            for (int d = 0; d < m.Length; d++) if (m[d] != 0) sum.Add(perDocument[d], m[d]);
            values[r] = sum.Pearson();
        }
        return FromValues(values);
    }

    /// <summary>The 95% interval of the AUROC (ties half) of one score and one label per resampled item: each replicate
    /// repeats item i as many times as it is drawn.</summary>
    public (double Lo, double Hi) AurocInterval(float[] scores, bool[] labels)
    {
        if (scores.Length != Documents || labels.Length != Documents)
            throw new ArgumentException($"{scores.Length} scores and {labels.Length} labels for {Documents} items");
        return Interval(m =>
        {
            var s = new List<float>(); var l = new List<bool>();
            for (int i = 0; i < m.Length; i++) for (int k = 0; k < m[i]; k++) { s.Add(scores[i]); l.Add(labels[i]); }
            return ExplanationMetrics.Auroc(s.ToArray(), l.ToArray());
        });
    }

    /// <summary>The q-quantile (0 ≤ q ≤ 1) of ascending values, linear between order statistics: position h = q·(k − 1),
    /// value sorted[⌊h⌋] + (h − ⌊h⌋)·(sorted[⌊h⌋ + 1] − sorted[⌊h⌋]). NaN for no values.</summary>
    public static double Percentile(ReadOnlySpan<double> sorted, double q)
    {
        if (!(q >= 0 && q <= 1)) throw new ArgumentOutOfRangeException(nameof(q), q, "a quantile lies in [0, 1]");
        if (sorted.IsEmpty) return double.NaN;
        double h = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(h);
        if (lo >= sorted.Length - 1) return sorted[^1];
        return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }

    private static (double, double) FromValues(double[] values)
    {
        var kept = values.Where(v => !double.IsNaN(v)).ToArray();
        Array.Sort(kept);
        return (Percentile(kept, LowerQuantile), Percentile(kept, UpperQuantile));
    }

    private void CheckDocuments<T>(T[] perDocument)
    {
        ArgumentNullException.ThrowIfNull(perDocument);
        if (perDocument.Length != Documents) throw new ArgumentException($"{perDocument.Length} documents given to a bootstrap over {Documents}", nameof(perDocument));
    }
}
