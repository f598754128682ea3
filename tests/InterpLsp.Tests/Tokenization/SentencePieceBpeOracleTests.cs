using InterpLsp.Model.Tokenization;

namespace InterpLsp.Tests.Tokenization;

/// <summary>
/// A SentencePiece-style BPE vocabulary as Llama 2's and Mistral's tokenizer.json hold one: &lt;unk&gt; &lt;s&gt;
/// &lt;/s&gt;, the 256 byte-fallback tokens "&lt;0xXX&gt;", the characters of a training text (spaces as "▁"), and 400
/// merges learned on that text by plain BPE (the most frequent adjacent pair inside a word, words starting at "▁",
/// ties by first occurrence). Characters outside it (emoji, most CJK) fall back to bytes.
/// </summary>
public static class SentencePieceVocab
{
    private const string Training =
        "The temperature of the gas rose as the two gases mixed in the closed flask. The water in the kettle was warmer " +
        "than the air, and the researchers read the model's directions on the text and the tokens, then they wrote it " +
        "down in their notes. Entropy measures disorder; heat flows from hot to cold. Café naïve résumé — über straße. " +
        "public static int Main(string[] args) { return 0; } def f(x): return x + 1 # 1234567890 !?.,;:()[]{}<>\"'-_/\\|@#$%^&*=+~` " +
        "日本語 中文 한국어 Привет мир العربية";

    private static readonly Lazy<(Dictionary<string, int>, List<(string, string)>)> s_data = new(Build);

    public static Dictionary<string, int> Vocab => s_data.Value.Item1;
    public static List<(string Left, string Right)> Merges => s_data.Value.Item2;

    private static (Dictionary<string, int>, List<(string, string)>) Build()
    {
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        void Add(string t) { if (!vocab.ContainsKey(t)) vocab[t] = vocab.Count; }
        Add("<unk>"); Add("<s>"); Add("</s>");
        for (int b = 0; b < 256; b++) Add($"<0x{b:X2}>");
        var text = "\u2581" + Training.Replace(' ', '\u2581');
        foreach (var r in text.EnumerateRunes()) Add(r.ToString());
        // Words: split before every "▁"; each word a list of symbols (characters).
        var words = new List<List<string>>();
        int start = 0;
        for (int i = 1; i <= text.Length; i++)
            if (i == text.Length || text[i] == '\u2581')
            {
                words.Add(text[start..i].EnumerateRunes().Select(r => r.ToString()).ToList());
                start = i;
            }
        var merges = new List<(string, string)>();
        for (int m = 0; m < 400; m++)
        {
            var counts = new Dictionary<(string, string), (int Count, int First)>();
            int order = 0;
            foreach (var w in words)
                for (int i = 0; i + 1 < w.Count; i++)
                {
                    var key = (w[i], w[i + 1]);
                    counts[key] = counts.TryGetValue(key, out var c) ? (c.Count + 1, c.First) : (1, order++);
                }
            if (counts.Count == 0) break;
            var best = counts.OrderByDescending(kv => kv.Value.Count).ThenBy(kv => kv.Value.First).First();
            if (best.Value.Count < 2) break;
            var (a, b2) = best.Key;
            merges.Add((a, b2));
            Add(a + b2);
            foreach (var w in words)
                for (int i = 0; i + 1 < w.Count; i++)
                    if (w[i] == a && w[i + 1] == b2) { w[i] = a + b2; w.RemoveAt(i + 1); }
        }
        return (vocab, merges);
    }
}

/// <summary>Shared by the SentencePiece-style oracle tests: four layouts of the same vocabulary, each loaded by the Rust
/// library and by ours.</summary>
public sealed class SentencePieceOracleFixture : IDisposable
{
    public BpeOracle Legacy { get; } = new(BpeJsonSpec.Llama2Style("legacy"));
    public BpeOracle First { get; } = new(BpeJsonSpec.Llama2Style("first"));
    public BpeOracle AlwaysSplit { get; } = new(BpeJsonSpec.Llama2Style("always", split: true));
    public BpeOracle Never { get; } = new(BpeJsonSpec.Llama2Style("never"));

    public IEnumerable<BpeOracle> All => [Legacy, First, AlwaysSplit, Never];

    public void Dispose()
    {
        foreach (var o in All) o.Dispose();
    }
}

/// <summary>Our tokenizer on SentencePiece-style tokenizer.json files (Llama 2's and Mistral's legacy Prepend/Replace
/// normalizer, and the Metaspace pre-tokenizer with each prepend_scheme, split or not) against Hugging Face's Rust
/// tokenizers, id for id, with byte fallback and added tokens; and the ranges such a tokenizer gives.</summary>
public sealed class SentencePieceBpeOracleTests(SentencePieceOracleFixture fixture) : IClassFixture<SentencePieceOracleFixture>
{
    public static TheoryData<int> CaseIndices => new(Enumerable.Range(0, ByteLevelBpeOracleTests.Cases.Length));

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void Cases_match(int index)
    {
        var text = ByteLevelBpeOracleTests.Cases[index] + " <s>inside</s> <unk>";
        foreach (var o in fixture.All)
        {
            o.AssertSame(ByteLevelBpeOracleTests.Cases[index]);
            o.AssertSame(text);
        }
    }

    [Fact]
    public void Shared_and_seeded_random_texts_match()
    {
        foreach (var o in fixture.All)
            foreach (var s in TestText.Cases) o.AssertSame(s);
        var rng = new Random(20261207);
        for (int i = 0; i < 600; i++)
        {
            string s = TestText.Random(rng);
            foreach (var o in fixture.All) o.AssertSame(s);
        }
    }

    [Fact]
    public void A_long_document_matches()
    {
        string doc = TestText.Document(20_000, 3);
        foreach (var o in fixture.All) o.AssertSame(doc);
    }

    [Fact]
    public void Known_pieces_ranges_and_bytes()
    {
        var t = fixture.Legacy.Ours;
        Assert.True(t.IsMetaspace);
        var text = "The gas 😀 rose";
        var tokens = t.Tokenize(text);
        var pieces = tokens.Select(x => t.IdToToken(x.Id)).ToList();
        Assert.Equal("\u2581The", pieces[0]);
        Assert.Equal((0, 3), (tokens[0].Start, tokens[0].End)); // the prepended "▁" is in no range
        Assert.Contains("\u2581gas", pieces);
        // The emoji is not in the vocabulary: four byte tokens, the first holds the character, the others are empty at its end.
        int first = pieces.IndexOf("<0xF0>");
        Assert.True(first > 0, string.Join(" ", pieces));
        Assert.Equal(["<0xF0>", "<0x9F>", "<0x98>", "<0x80>"], pieces.Skip(first).Take(4));
        Assert.Equal((text.IndexOf('\uD83D'), text.IndexOf('\uD83D') + 2), (tokens[first].Start, tokens[first].End));
        for (int k = 1; k < 4; k++) Assert.Equal((tokens[first].End, tokens[first].End), (tokens[first + k].Start, tokens[first + k].End));
        // Decoding: "▁" reads as a space, a byte token as its byte.
        var bytes = tokens.SelectMany(x => t.TokenBytes(x.Id)).ToArray();
        Assert.Equal(" " + text, System.Text.Encoding.UTF8.GetString(bytes));
        // The layouts differ where HF's do: after an added token the legacy normalizer prepends "▁" to the segment,
        // Metaspace "first" does not; "never" prepends nothing even at the start.
        string Pieces(BpeOracle o, string s) => string.Join(" ", o.Ours.Tokenize(s).Select(x => o.Ours.IdToToken(x.Id)));
        Assert.StartsWith("<s> \u2581", Pieces(fixture.Legacy, "<s>The"));
        Assert.Equal(fixture.Legacy.Expected("<s>The"), fixture.Legacy.Actual("<s>The"));
        Assert.DoesNotContain("\u2581", Pieces(fixture.First, "<s>The"));
        Assert.Equal(fixture.First.Expected("<s>The"), fixture.First.Actual("<s>The"));
        Assert.StartsWith("\u2581", Pieces(fixture.First, "The"));
        Assert.DoesNotContain("\u2581", Pieces(fixture.Never, "The"));
        // Ranges never overlap and never go backwards.
        foreach (var o in fixture.All)
        {
            var spans = o.Ours.Tokenize(ByteLevelBpeOracleTests.Cases[12]);
            for (int i = 1; i < spans.Count; i++) Assert.True(spans[i].Start >= spans[i - 1].End);
        }
    }
}
