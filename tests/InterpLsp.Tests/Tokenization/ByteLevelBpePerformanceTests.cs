using InterpLsp.Model.Tokenization;
using System.Diagnostics;
using Xunit.Abstractions;

namespace InterpLsp.Tests.Tokenization;

/// <summary>Timing of the byte-level BPE with GPT-2's vocabulary; alone (the performance collection) so that it means something.</summary>
[Collection(nameof(PerformanceTests))]
public sealed class ByteLevelBpePerformanceTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "interplsp-bpeperf-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private BpeTokenizer Load(BpeJsonSpec spec)
    {
        Directory.CreateDirectory(_dir);
        string path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".json");
        spec.Write(path);
        var sw = Stopwatch.StartNew();
        var t = BpeTokenizer.FromTokenizerJson(path);
        output.WriteLine($"load: {sw.Elapsed.TotalMilliseconds:F0} ms");
        return t;
    }

    private double Median(Func<int> run, int warmup, int runs, out int count)
    {
        for (int i = 0; i < warmup; i++) run();
        var times = new List<double>();
        count = 0;
        for (int i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            count = run();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }

    [Fact]
    public void Tokenizes_100000_characters_in_well_under_a_second()
    {
        foreach (var spec in new[] { BpeJsonSpec.Gpt2(), BpeJsonSpec.Llama3Style() })
        {
            var t = Load(spec);
            string doc = TestText.Document(100_000, seed: 1)[..100_000];
            double median = Median(() => t.Tokenize(doc).Count, warmup: 10, runs: 11, out int count);
            output.WriteLine($"100,000 chars -> {count} tokens: median {median:F1} ms");
            Assert.True(median < 500, $"median {median} ms");
        }
    }

    [Fact]
    public void Pathological_inputs_stay_fast()
    {
        var t = Load(BpeJsonSpec.Gpt2());
        string[] inputs =
        [
            new string('a', 100_000),                                       // one pre-token of 100,000 bytes
            new string(' ', 100_000) + "x",                                  // one whitespace run
            string.Concat(Enumerable.Repeat("\U0001F916", 25_000)),          // 100,000 bytes of emoji, one pre-token
            string.Concat(Enumerable.Repeat("<|endoftext|", 8_000)),         // almost special tokens
            string.Concat(Enumerable.Repeat("ab1 ", 25_000)),
        ];
        foreach (var s in inputs)
        {
            double median = Median(() => t.Tokenize(s).Count, warmup: 1, runs: 3, out int count);
            output.WriteLine($"{s.Length:N0} chars -> {count} tokens: median {median:F1} ms");
            Assert.True(median < 2000, $"median {median} ms");
        }
    }
}
