namespace InterpLsp.Library;

/// <summary>"Did you mean" for library names: names containing the asked one (or contained in it), then the
/// nearest by edit distance (at most a third of the name's length).</summary>
public static class NameSuggestions
{
    public static IReadOnlyList<string> Closest(string name, IEnumerable<string> names, int max)
    {
        var n = name.ToLowerInvariant();
        return names
            .Select(c => (Name: c, Score: Score(n, c.ToLowerInvariant())))
            .Where(x => x.Score is not null)
            .OrderBy(x => x.Score).ThenBy(x => x.Name, StringComparer.Ordinal)
            .Take(max).Select(x => x.Name).ToList();
    }

    private static int? Score(string asked, string candidate)
    {
        if (asked.Length == 0) return null;
        if (candidate.Contains(asked) || asked.Contains(candidate)) return 0;
        if (Math.Abs(asked.Length - candidate.Length) > Math.Max(2, asked.Length / 3)) return null;
        int d = Distance(asked, candidate);
        return d <= Math.Max(2, asked.Length / 3) ? d : null;
    }

    private static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
