using InterpLsp.Interp.Text;

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
        int d = EditDistance.Between(asked, candidate);
        return d <= Math.Max(2, asked.Length / 3) ? d : null;
    }
}
