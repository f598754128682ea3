using System.Diagnostics;
using InterpLsp.Analysis.Explain.Predictability;
using Xunit.Abstractions;

namespace InterpLsp.Tests.Explain;

/// <summary>The Witten-Bell n-gram model against a corpus worked out by hand, against brute-force sums over its
/// vocabulary, and timed (printed, not asserted) on 300k tokens.</summary>
public class NGramModelTests
{
    private readonly ITestOutputHelper _out;
    public NGramModelTests(ITestOutputHelper output) => _out = output;

    private static string[] S(string text) => text.Length == 0 ? Array.Empty<string>() : text.Split(' ');

    // Bigram model on [a b] and [a c]. Events (context -> next): <s> -> a twice; a -> b; b -> </s>; a -> c; c -> </s>.
    // Vocabulary a b c </s> (4) + unknown: uniform u = 1/5.
    // Unigram: counts a 2, b 1, c 1, </s> 2; N = 6, T = 4: P1(w) = (c(w) + 4/5) / 10:
    //   a 0.28, b 0.18, c 0.18, </s> 0.28, unknown 0.08 (sum 1).
    // Context a: c = 2, T = 2: P(w | a) = (c(a, w) + 2 P1(w)) / 4: b (1 + 0.36) / 4 = 0.34, c 0.34, a 0.56 / 4 = 0.14,
    //   </s> 0.14, unknown 0.16 / 4 = 0.04.
    // Context <s>: c = 2, T = 1: P(a | <s>) = (2 + 0.28) / 3 = 0.76; P(b | <s>) = 0.18 / 3 = 0.06; unknown 0.08 / 3.
    // Context b: c = 1, T = 1: P(</s> | b) = (1 + 0.28) / 2 = 0.64; P(a | b) = 0.28 / 2 = 0.14.
    private static NGramModel HandBigram() => NGramModel.Train(new[] { S("a b"), S("a c") }, order: 2);

    [Fact]
    public void Bigram_probabilities_by_hand()
    {
        var m = HandBigram();
        Assert.Equal(4, m.VocabularySize);
        Assert.Equal(6, m.Tokens);
        Assert.Equal(0.76, m.Probability(S(""), "a"), 5e-13);
        Assert.Equal(0.06, m.Probability(S(""), "b"), 5e-13);
        Assert.Equal(0.08 / 3, m.Probability(S(""), "zzz"), 5e-13);
        Assert.Equal(0.34, m.Probability(S("a"), "b"), 5e-13);
        Assert.Equal(0.14, m.Probability(S("a"), "a"), 5e-13);
        Assert.Equal(0.14, m.EndProbability(S("a")), 5e-13);
        Assert.Equal(0.04, m.Probability(S("a"), "zzz"), 5e-13);
        Assert.Equal(0.64, m.EndProbability(S("a b")), 5e-13);
        Assert.Equal(0.14, m.Probability(S("a b"), "a"), 5e-13);
        // An unknown history token: context unseen, the unigram answers: P1(b) = 0.18.
        Assert.Equal(0.18, m.Probability(S("zzz"), "b"), 5e-13);

        var s = m.Surprisal(S("a b"));
        Assert.Equal(new[] { -Math.Log2(0.76), -Math.Log2(0.34) }, s, (x, y) => Math.Abs(x - y) < 1e-12);
        // An unseen token: P = 0.04 after a, about 4.64 bits, finite.
        var u = m.Surprisal(S("a zzz"));
        Assert.Equal(-Math.Log2(0.04), u[1], 5e-13);
        Assert.True(double.IsFinite(u[1]));

        // After [a]: b .34, c .34, a .14, </s> .14, unknown .04.
        double h = -(2 * 0.34 * Math.Log2(0.34) + 2 * 0.14 * Math.Log2(0.14) + 0.04 * Math.Log2(0.04));
        Assert.Equal(h, m.NextEntropy(S("a"))[0], 5e-13);

        // Add-one unigram: N = 6, vocabulary 4, unknown 1 -> denominator 11; a: (2 + 1) / 11, unknown 1 / 11.
        Assert.Equal(new[] { -Math.Log2(3.0 / 11), -Math.Log2(1.0 / 11) }, m.UnigramSurprisal(S("a zzz")), (x, y) => Math.Abs(x - y) < 1e-12);
    }

    /// <summary>A seeded corpus of 40 sequences of 0..9 tokens over 7 letters.</summary>
    private static List<string[]> RandomCorpus(int seed, int sequences = 40)
    {
        var rng = new Random(seed);
        var letters = "abcdefg".Select(c => c.ToString()).ToArray();
        var r = new List<string[]>();
        for (int i = 0; i < sequences; i++)
            r.Add(Enumerable.Range(0, rng.Next(10)).Select(_ => letters[(int)(letters.Length * Math.Pow(rng.NextDouble(), 2))]).ToArray());
        return r;
    }

    /// <summary>P of every outcome after a history: each word, &lt;/s&gt;, and the unknown (one outcome).</summary>
    private static double[] Distribution(NGramModel m, string[] history) =>
        m.Words.Select(w => m.Probability(history, w)).Append(m.EndProbability(history)).Append(m.Probability(history, "<never-seen>")).ToArray();

    private static readonly string[][] Histories =
        { S(""), S("a"), S("a b"), S("g g g"), S("b a c a"), S("x"), S("a x"), S("x a"), S("f e d c b a"), S("c c c c c c c c") };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Probabilities_sum_to_one_and_entropy_matches_brute_force(int order)
    {
        var m = NGramModel.Train(RandomCorpus(9), order);
        foreach (var h in Histories)
        {
            var p = Distribution(m, h);
            Assert.All(p, v => Assert.True(v > 0));
            Assert.Equal(1.0, p.Sum(), 5e-10);
        }
        // NextEntropy at every position of these sequences equals -Σ p log2 p over the whole vocabulary.
        foreach (var seq in Histories.Where(h => h.Length > 0))
        {
            var e = m.NextEntropy(seq);
            var s = m.Surprisal(seq);
            for (int t = 0; t < seq.Length; t++)
            {
                double brute = -Distribution(m, seq[..(t + 1)]).Sum(v => v * Math.Log2(v));
                Assert.Equal(brute, e[t], 5e-10);
                Assert.Equal(-Math.Log2(m.Probability(seq[..t], seq[t])), s[t], 5e-13);
                Assert.True(double.IsFinite(s[t]));
            }
        }
    }

    [Fact]
    public void Marker_spellings_are_ordinary_words_and_bad_input_is_refused()
    {
        // A text token spelled "</s>" is a word of its own, not the end marker.
        var m = NGramModel.Train(new[] { new[] { "</s>", "<s>" } }, order: 2);
        Assert.Equal(3, m.VocabularySize);
        Assert.Equal(1.0, Distribution(m, new[] { "</s>" }).Sum(), 5e-13);
        Assert.Throws<ArgumentException>(() => NGramModel.Train(Array.Empty<string[]>()));
        Assert.Throws<ArgumentException>(() => NGramModel.Train(new[] { new[] { "a", null! } }));
        Assert.Throws<ArgumentOutOfRangeException>(() => NGramModel.Train(new[] { S("a") }, order: 0));
        Assert.Throws<ArgumentException>(() => m.Surprisal(new[] { "a", null! }));
    }

    [Fact]
    public void Trains_and_evaluates_300k_tokens()
    {
        // A seeded Markov text over 5,000 words: the next word is the previous one times 31 plus a Zipf-like draw.
        var rng = new Random(21);
        var seqs = new List<string[]>();
        int total = 0;
        while (total < 300_000)
        {
            int len = 20 + rng.Next(21), prev = rng.Next(5000);
            var s = new string[len];
            for (int i = 0; i < len; i++)
            {
                prev = (prev * 31 + (int)(200 * Math.Pow(rng.NextDouble(), 3))) % 5000;
                s[i] = "w" + prev;
            }
            seqs.Add(s);
            total += len;
        }
        // Wall time and this process's CPU time (the machine may be shared; the CPU time is the fairer figure).
        var proc = Process.GetCurrentProcess();
        var cpu0 = proc.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var m = NGramModel.Train(seqs, order: 3);
        double train = sw.Elapsed.TotalSeconds;
        proc.Refresh();
        var cpu1 = proc.TotalProcessorTime;
        sw.Restart();
        double sum = 0, ent = 0, uni = 0;
        foreach (var s in seqs)
        {
            foreach (var v in m.Surprisal(s)) sum += v;
            foreach (var v in m.NextEntropy(s)) ent += v;
        }
        double eval = sw.Elapsed.TotalSeconds;
        proc.Refresh();
        var cpu2 = proc.TotalProcessorTime;
        foreach (var s in seqs) foreach (var v in m.UnigramSurprisal(s)) uni += v;
        _out.WriteLine($"{total} tokens, {m.VocabularySize} outcomes: train {train:F3} s (CPU {(cpu1 - cpu0).TotalSeconds:F3} s); " +
            $"Surprisal + NextEntropy over all tokens {eval:F3} s (CPU {(cpu2 - cpu1).TotalSeconds:F3} s); " +
            $"mean surprisal {sum / total:F3} bits (add-one unigram {uni / total:F3}), mean next entropy {ent / total:F3} bits");
        Assert.True(double.IsFinite(sum) && double.IsFinite(ent));
        // The text is predictable from the word before: on its own training text the trigram model beats the unigram.
        Assert.True(sum < uni);
    }
}
