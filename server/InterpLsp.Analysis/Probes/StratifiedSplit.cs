namespace InterpLsp.Analysis.Probes;

/// <summary>Seeded, stratified splits over groups (a group is one example: its rows never straddle a split).
/// A group's stratum is 1 when any of its rows is positive. Within each stratum the groups are shuffled
/// (System.Random with the seed, Fisher-Yates) and cut.</summary>
public static class StratifiedSplit
{
    /// <summary>Rows of the train and test parts; the test part takes round(fraction x groups) of each stratum,
    /// at least one when the stratum has two or more groups.</summary>
    public static (int[] Train, int[] Test) Holdout(FeatureMatrix m, double testFraction, int seed)
    {
        if (!(testFraction > 0 && testFraction < 1)) throw new ArgumentOutOfRangeException(nameof(testFraction), "the test fraction must be between 0 and 1");
        var rng = new Random(seed);
        var testGroups = new HashSet<int>();
        foreach (var stratum in Strata(m))
        {
            var g = Shuffled(stratum, rng);
            int take = (int)Math.Round(testFraction * g.Count);
            if (g.Count >= 2) take = Math.Clamp(take, 1, g.Count - 1);
            foreach (var x in g.Take(take)) testGroups.Add(x);
        }
        var rows = Enumerable.Range(0, m.Rows);
        return (rows.Where(i => !testGroups.Contains(m.Groups[i])).ToArray(), rows.Where(i => testGroups.Contains(m.Groups[i])).ToArray());
    }

    /// <summary>k folds of rows (each stratum's shuffled groups dealt round-robin).</summary>
    public static int[][] Folds(FeatureMatrix m, int k, int seed)
    {
        var rng = new Random(seed);
        var foldOf = new Dictionary<int, int>();
        int next = 0;
        foreach (var stratum in Strata(m))
            foreach (var g in Shuffled(stratum, rng)) foldOf[g] = next++ % k;
        return Enumerable.Range(0, k).Select(f => Enumerable.Range(0, m.Rows).Where(i => foldOf[m.Groups[i]] == f).ToArray()).ToArray();
    }

    /// <summary>Groups with no positive row, then groups with one, each in first-seen order.</summary>
    public static List<List<int>> Strata(FeatureMatrix m)
    {
        var positive = new Dictionary<int, bool>();
        var order = new List<int>();
        for (int i = 0; i < m.Rows; i++)
        {
            if (!positive.TryGetValue(m.Groups[i], out var p)) order.Add(m.Groups[i]);
            positive[m.Groups[i]] = p || m.Labels[i] == 1;
        }
        return new List<List<int>> { order.Where(g => !positive[g]).ToList(), order.Where(g => positive[g]).ToList() };
    }

    private static List<int> Shuffled(List<int> items, Random rng)
    {
        var a = items.ToList();
        for (int i = a.Count - 1; i > 0; i--) { int j = rng.Next(i + 1); (a[i], a[j]) = (a[j], a[i]); }
        return a;
    }
}
