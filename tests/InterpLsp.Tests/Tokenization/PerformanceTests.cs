using InterpLsp.Model;
using InterpLsp.Model.Tokenization;
using System.Diagnostics;
using Xunit.Abstractions;

namespace InterpLsp.Tests.Tokenization;

/// <summary>Runs alone (not in parallel with the oracle tests) so that the timing means something.</summary>
[CollectionDefinition(nameof(PerformanceTests), DisableParallelization = true)]
public sealed class PerformanceCollection;

[Collection(nameof(PerformanceTests))]
public sealed class PerformanceTests(ITestOutputHelper output)
{
    [Fact]
    public void Tokenizes_100000_characters_well_under_100_ms()
    {
        var tok = BertWordPieceTokenizer.FromVocab(new StringReader(string.Join('\n', MiniLmVocab.Lines)));
        string doc = TestText.Document(100_000, seed: 1)[..100_000];
        for (int i = 0; i < 30; i++) tok.Tokenize(doc); // warm-up (JIT, tiering, table initialisation)

        var times = new List<double>();
        int count = 0;
        for (int i = 0; i < 31; i++)
        {
            var sw = Stopwatch.StartNew();
            count = tok.Tokenize(doc).Count;
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        output.WriteLine($"100,000 chars -> {count} tokens: median {times[times.Count / 2]:F2} ms, min {times[0]:F2} ms, max {times[^1]:F2} ms");
        Assert.True(times[times.Count / 2] < 100, $"median {times[times.Count / 2]} ms");
    }
}
