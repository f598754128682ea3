using System.Diagnostics;
using System.Text.RegularExpressions;
using InterpLsp.Analysis.Explain.Evidence;
using InterpLsp.Interp.Directions;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Explain.Features;

/// <summary>
/// A user's hypothesis written as a .NET regular expression: holds on each token whose character range overlaps
/// a match in its text (token [s, e) and match [ms, me) overlap when s &lt; me and ms &lt; e; so a token with an
/// empty range, and an empty match, never take part). Family <c>hypothesis</c>, id <c>regex:</c> + the pattern
/// as written, label <c>regex /pattern/</c>.
/// The pattern is case-sensitive and culture-invariant (<see cref="RegexOptions.CultureInvariant"/>); write
/// <c>(?i)</c> at its start for case-insensitive matching.
/// Runaway patterns are bounded twice: each text's matching may take at most <see cref="PerTextLimit"/> (100 ms;
/// .NET's match timeout stops a single runaway match, and the time is also summed over the text's matches; a
/// text past it is matched once more, since a pause of the whole process can also take 100 ms, and refused the
/// second time), and one <see cref="Evaluate"/> at most <see cref="TotalLimit"/> (2 s) over all texts, checked
/// after each match, so it may run over by one match's limit. Running past either is an
/// <see cref="ArgumentException"/>.
/// </summary>
public sealed class RegexFeature : IFeature
{
    /// <summary>The most time the matches in one text may take.</summary>
    public static readonly TimeSpan PerTextLimit = TimeSpan.FromMilliseconds(100);
    /// <summary>The most time one evaluation may take over all texts.</summary>
    public static readonly TimeSpan TotalLimit = TimeSpan.FromSeconds(2);

    private readonly Regex _regex;

    /// <exception cref="ArgumentException">An empty pattern, one that does not compile (with .NET's message), or one
    /// that matches the empty text (<c>a*</c>, <c>(x)?</c>, <c>^</c>): its empty matches would hold on no token.</exception>
    public RegexFeature(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (pattern.Length == 0) throw new ArgumentException("an empty regex");
        try { _regex = new Regex(pattern, RegexOptions.CultureInvariant, PerTextLimit); }
        catch (ArgumentException e) { throw new ArgumentException($"the regex /{Shown(pattern)}/ does not compile: {e.Message}", e); }
        bool matchesEmpty;
        try { matchesEmpty = _regex.IsMatch(""); }
        catch (RegexMatchTimeoutException) { matchesEmpty = false; }
        if (matchesEmpty)
            throw new ArgumentException($"the regex /{Shown(pattern)}/ matches the empty string, so it can match nothing at every place and hold on no token; require at least one character (+ instead of *, no empty alternative)");
        Pattern = pattern;
    }

    public string Pattern { get; }
    public string Id => "regex:" + Pattern;
    public string Label => $"regex /{Pattern}/";
    public string Family => "hypothesis";

    /// <exception cref="ArgumentException">When matching runs past <see cref="PerTextLimit"/> on a text or
    /// <see cref="TotalLimit"/> in all.</exception>
    public FeatureValues Evaluate(TokenTable table)
    {
        var b = new HoldsBuilder(64);
        var covered = Array.Empty<int>();
        var total = Stopwatch.StartNew();
        for (int d = 0; d < table.Documents; d++)
        {
            var text = table.DocTexts[d];
            if (covered.Length < text.Length + 1) covered = new int[Math.Max(text.Length + 1, covered.Length * 2)];
            // A text past the limit is matched once more from the start before it is refused: a pause of the
            // whole process (a garbage collection, a busy machine) can stop any text for 100 ms, while a runaway
            // pattern runs past the limit again.
            if (!MatchText(text, covered, total, table.DocKeys[d]) && !MatchText(text, covered, total, table.DocKeys[d]))
                throw TooLong(PerTextLimit, "", table.DocKeys[d]);
            for (int i = 0; i < text.Length; i++) covered[i + 1] += covered[i];
            for (int t = table.DocFirst[d]; t < table.DocFirst[d + 1]; t++)
                if (covered[table.End[t]] - covered[table.Start[t]] > 0) b.Add(t);
        }
        return b.ToValues(table.Count);
    }

    /// <summary>Marks the matches of one text in <paramref name="covered"/> (covered[i + 1] = 1 when character i
    /// lies in a match; later turned into prefix sums so any range's count is one subtraction). False when the
    /// text ran past <see cref="PerTextLimit"/>.</summary>
    /// <exception cref="ArgumentException">The evaluation ran past <see cref="TotalLimit"/>.</exception>
    private bool MatchText(string text, int[] covered, Stopwatch total, string key)
    {
        Array.Clear(covered, 0, text.Length + 1);
        long textStart = Stopwatch.GetTimestamp();
        try
        {
            for (var m = _regex.Match(text); m.Success; m = m.NextMatch())
            {
                for (int i = m.Index; i < m.Index + m.Length; i++) covered[i + 1] = 1;
                if (total.Elapsed > TotalLimit) throw TooLong(TotalLimit, " in all", key);
                if (Stopwatch.GetElapsedTime(textStart) > PerTextLimit) return false;
            }
        }
        catch (RegexMatchTimeoutException) { return false; }
        if (total.Elapsed > TotalLimit) throw TooLong(TotalLimit, " in all", key);
        return true;
    }

    private ArgumentException TooLong(TimeSpan limit, string scope, string key) =>
        new($"the regex /{Shown(Pattern)}/ took longer than {Describe(limit)}{scope} on text '{Echo.Origin(key)}'; simplify it");

    /// <summary>A pattern as quoted in messages: control characters as ?, at most 200 characters.</summary>
    private static string Shown(string pattern) => Echo.Input(pattern, 200);

    private static string Describe(TimeSpan t) => t.TotalSeconds >= 1 ? $"{t.TotalSeconds:0.#} s" : $"{t.TotalMilliseconds:0} ms";

    public override string ToString() => Id;
}
