using System.Diagnostics;
using InterpLsp.Analysis.Explain.Evidence;
using InterpLsp.Analysis.Explain.Features;
using static InterpLsp.Tests.Explain.FeatureTestTables;

namespace InterpLsp.Tests.Explain;

/// <summary>Regex hypotheses: overlap semantics on the hand-built table (<see cref="FeatureTestTables.SaidAndDogs"/>),
/// case, bad patterns, and the time bound.</summary>
public class RegexFeatureTests
{
    [Fact]
    public void Id_label_family()
    {
        var f = new RegexFeature(@"a|b:c");
        Assert.Equal("regex:a|b:c", f.Id);
        Assert.Equal("regex /a|b:c/", f.Label);
        Assert.Equal("hypothesis", f.Family);
    }

    [Fact]
    public void A_token_holds_when_its_range_overlaps_a_match()
    {
        // "ar" in warmer is [14,16): inside the piece warm [13,17) only (4); "ar" in bark [12,14) of text
        // "dogs" lies in bark [11,15) (15).
        Assert.Equal(new[] { 4, 15 }, Holds(new RegexFeature("ar"), SaidAndDogs()));
        // er" \(t is [17,23): er [17,19), " [19,20), ( [21,22), twice [22,27); the space at 20 is no token.
        Assert.Equal(new[] { 5, 6, 7, 8 }, Holds(new RegexFeature("er\" \\(t"), SaidAndDogs()));
        // a match touching a token's end without overlapping it: "He " is [0,3), said starts at 3.
        Assert.Equal(new[] { 0 }, Holds(new RegexFeature("^He "), SaidAndDogs()));
    }

    [Fact]
    public void Matching_is_case_sensitive_unless_the_pattern_says_so()
    {
        // dogs only at 29; with (?i) also Dogs at 11 and 31.
        Assert.Equal(new[] { 29 }, Holds(new RegexFeature("dogs"), SaidAndDogs()));
        Assert.Equal(new[] { 11, 29, 31 }, Holds(new RegexFeature("(?i)dogs"), SaidAndDogs()));
    }

    [Fact]
    public void Bad_patterns_are_refused_with_the_pattern_named()
    {
        var e = Assert.Throws<ArgumentException>(() => new RegexFeature("(ab"));
        Assert.Contains("/(ab/", e.Message);
        Assert.Contains("does not compile", e.Message);
        Assert.Contains("Not enough )", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("an empty regex", Assert.Throws<ArgumentException>(() => new RegexFeature("")).Message);
        foreach (var p in new[] { "a*", "(x)?", "^", "x|" })
            Assert.Contains("matches the empty string", Assert.Throws<ArgumentException>(() => new RegexFeature(p)).Message);
    }

    [Fact]
    public void A_runaway_pattern_is_refused_within_a_bound()
    {
        const string text = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"; // 32 a's: ^(a+)+$ tries about 2^32 splits
        var t = TokenTable.Build(new[] { ("runaway", text, new[] { 0, 32 }, new[] { 32, 33 }) });
        var f = new RegexFeature("^(a+)+$");
        var sw = Stopwatch.StartNew();
        var e = Assert.Throws<ArgumentException>(() => f.Evaluate(t));
        sw.Stop();
        Assert.Contains("the regex /^(a+)+$/ took longer than 100 ms on text 'runaway'; simplify it", e.Message);
        // The bound: the 100 ms match timeout plus slack for a loaded machine, far below the runaway's minutes.
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), $"took {sw.Elapsed}");
    }
}
