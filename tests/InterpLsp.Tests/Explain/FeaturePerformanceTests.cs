using System.Diagnostics;
using System.Text;
using InterpLsp.Analysis.Explain.Evidence;
using InterpLsp.Analysis.Explain.Features;
using Xunit.Abstractions;

namespace InterpLsp.Tests.Explain;

/// <summary>
/// Every feature of this folder over a 300,000-token table (3,000 seeded random texts of 100 tokens), printing
/// each one's time (the aim is well under 100 ms each; no timed assert, machines differ). The asserts check
/// counts that follow from how the table was made.
/// </summary>
public class FeaturePerformanceTests(ITestOutputHelper output)
{
    private static readonly string[] Vocabulary =
    {
        "the", "of", "warm", "heat", "Dogs", "NASA", "42", "fooBar", "my_var", "not", "never", "(", ")", "\"", ".",
        ",", ";", "—", "!", "?", "=", "{", "}", "said", "ice", "cream", "warmer", "\n", "\n\n",
    };

    /// <summary>3,000 texts of 100 tokens: words from <see cref="Vocabulary"/> separated by spaces (a newline
    /// entry is text between tokens, not a token); words longer than 5 letters split into a 4-letter piece and
    /// the rest (fooBar is fooB + ar, warmer is warm + er).</summary>
    private static TokenTable Big()
    {
        var rng = new Random(20240610);
        var docs = new List<(string, string, int[], int[])>();
        for (int d = 0; d < 3000; d++)
        {
            var sb = new StringBuilder();
            var starts = new List<int>(); var ends = new List<int>();
            while (starts.Count < 100)
            {
                var w = Vocabulary[rng.Next(Vocabulary.Length)];
                if (w.StartsWith('\n')) { sb.Append(w); continue; }
                if (sb.Length > 0) sb.Append(' ');
                int s = sb.Length;
                sb.Append(w);
                if (w.Length > 5 && starts.Count < 99) { starts.Add(s); ends.Add(s + 4); starts.Add(s + 4); ends.Add(s + w.Length); }
                else { starts.Add(s); ends.Add(s + w.Length); }
            }
            docs.Add(("big" + d, sb.ToString(), starts.Take(100).ToArray(), ends.Take(100).ToArray()));
        }
        return TokenTable.Build(docs);
    }

    [Fact]
    public void Every_feature_over_300k_tokens()
    {
        var table = Big();
        Assert.Equal(300_000, table.Count);
        var features = ContextFeature.All.Cast<IFeature>().Concat(new IFeature[]
        {
            new WordSetFeature(new[] { "warm", "heat", "dogs" }),
            new WordSetFeature(new[] { "ice cream", "warm", "my_var" }),
            new TokenSetFeature(new[] { "warm", "er", "(" }),
            new RegexFeature(@"(?i)war\w+|\d+"),
        }).ToList();
        foreach (var f in features)
        {
            // The best of 5 runs: the first ones include the JIT's tiers, and the machine may be shared.
            // Also the process's processor time, which a busy machine does not inflate as it does the wall clock.
            var best = TimeSpan.MaxValue;
            var bestCpu = TimeSpan.MaxValue;
            FeatureValues v = null!;
            using var process = Process.GetCurrentProcess();
            for (int run = 0; run < 5; run++)
            {
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                v = f.Evaluate(table);
                var wall = sw.Elapsed;
                process.Refresh();
                if (wall < best) best = wall;
                if (process.TotalProcessorTime - cpu < bestCpu) bestCpu = process.TotalProcessorTime - cpu;
            }
            output.WriteLine($"{f.Id,-40} {best.TotalMilliseconds,8:0.0} ms wall {bestCpu.TotalMilliseconds,8:0.0} ms processor  {(v.IsSet ? v.Holds!.Length + " hold" : "real")}");
        }
        // Counts that follow from the construction: one first token per text; positions 0..99.
        Assert.Equal(3000, ContextFeature.Of(ContextKind.FirstToken).Evaluate(table).Holds!.Length);
        Assert.Equal(99f, ContextFeature.Of(ContextKind.Position).Evaluate(table).Dense!.Max());
        // The word-piece split happens only for words longer than 5 letters, each adding one continuation piece.
        int pieces = ContextFeature.Of(ContextKind.WordPiece).Evaluate(table).Holds!.Length;
        Assert.Equal(Enumerable.Range(0, table.Count).Count(t => table.Text[t] is "ar" or "er"), pieces);
    }
}
