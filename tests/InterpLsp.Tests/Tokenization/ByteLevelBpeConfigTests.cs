using InterpLsp.Model.Tokenization;
using System.Text;

namespace InterpLsp.Tests.Tokenization;

/// <summary>The less common parts of the format against the oracle, on small vocabularies: Split behaviours, added
/// token options, merge order and stale merges, unk / fuse_unk / byte_fallback.</summary>
public sealed class ByteLevelBpeConfigTests
{
    private static string B(char c) => ByteLevelAlphabet.Encode(Encoding.UTF8.GetBytes(c.ToString()));

    /// <summary>All 256 byte tokens (id = byte), then every pair and triple of <paramref name="alphabet"/>'s characters
    /// as merged tokens, so that pieces show in the ids.</summary>
    private static (Dictionary<string, int>, List<(string, string)>) SmallVocab(string alphabet)
    {
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int b = 0; b < 256; b++) vocab[ByteLevelAlphabet.ByteToChar((byte)b).ToString()] = b;
        var merges = new List<(string, string)>();
        foreach (char x in alphabet)
            foreach (char y in alphabet)
            {
                string xy = B(x) + B(y);
                if (vocab.TryAdd(xy, vocab.Count)) merges.Add((B(x), B(y)));
            }
        foreach (char x in alphabet)
            foreach (char y in alphabet)
                foreach (char z in alphabet)
                {
                    string xyz = B(x) + B(y) + B(z);
                    if (vocab.TryAdd(xyz, vocab.Count)) merges.Add((B(x) + B(y), B(z)));
                }
        return (vocab, merges);
    }

    private static string RandomText(Random rng, string alphabet, int maxLength = 24)
    {
        var sb = new StringBuilder();
        int n = rng.Next(maxLength + 1);
        for (int i = 0; i < n; i++) sb.Append(alphabet[rng.Next(alphabet.Length)]);
        return sb.ToString();
    }

    public static TheoryData<string, bool, string, bool> SplitCases()
    {
        var data = new TheoryData<string, bool, string, bool>();
        foreach (var (pattern, regex) in new[] { (@"\s+", true), ("-", false), (@"[,1]", true), ("--", false), ("", false) })
            foreach (var behavior in new[] { "Removed", "Isolated", "MergedWithPrevious", "MergedWithNext", "Contiguous" })
                foreach (var invert in new[] { false, true })
                    data.Add(pattern, regex, behavior, invert);
        return data;
    }

    [Theory]
    [MemberData(nameof(SplitCases))]
    public void Split_behaviours_match(string pattern, bool regex, string behavior, bool invert)
    {
        const string alphabet = "ab -,1\n";
        var (vocab, merges) = SmallVocab(alphabet);
        using var o = new BpeOracle(new BpeJsonSpec
        {
            Vocab = vocab,
            Merges = merges,
            Splits = [(pattern, regex, behavior, invert)],
            UseRegex = false,
        });
        foreach (var s in new[] { "", "a", "-", "--a--b--", "a b  c", " a,b,,1 ", "ab-ba--,1,\n", "---", "a-", "-a" })
            o.AssertSame(s);
        var rng = new Random(pattern.Length * 31 + behavior.Length + (invert ? 1 : 0));
        for (int i = 0; i < 150; i++) o.AssertSame(RandomText(rng, alphabet));
    }

    [Fact]
    public void Two_splits_and_a_prefix_space_match()
    {
        const string alphabet = "ab -,1";
        var (vocab, merges) = SmallVocab(alphabet);
        using var o = new BpeOracle(new BpeJsonSpec
        {
            Vocab = vocab,
            Merges = merges,
            Splits = [(",", false, "MergedWithNext", false), (@"\d", true, "Isolated", false)],
            AddPrefixSpace = true,
            UseRegex = true,
        });
        var rng = new Random(3);
        for (int i = 0; i < 300; i++) o.AssertSame(RandomText(rng, alphabet));
    }

    /// <summary>Random merges over a small alphabet, with several merges making the same token (so queue entries go
    /// stale in HF's particular way) and repeated pairs (the later one counts).</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Random_merge_tables_match(int seed)
    {
        var rng = new Random(seed);
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int b = 0; b < 256; b++) vocab[ByteLevelAlphabet.ByteToChar((byte)b).ToString()] = b;
        var tokens = "abcd".Select(c => c.ToString()).ToList();
        var merges = new List<(string, string)>();
        for (int i = 0; i < 120; i++)
        {
            string l = tokens[rng.Next(tokens.Count)], r = tokens[rng.Next(tokens.Count)];
            if (l.Length + r.Length > 7) continue;
            if (vocab.TryAdd(l + r, vocab.Count)) tokens.Add(l + r);
            merges.Add((l, r));
        }
        using var o = new BpeOracle(new BpeJsonSpec { Vocab = vocab, Merges = merges, MergesAsPairs = seed % 2 == 0 });
        for (int i = 0; i < 400; i++) o.AssertSame(RandomText(rng, "abcd", 40));
        o.AssertSame(new string('a', 300));
        o.AssertSame(string.Concat(Enumerable.Repeat("abcd", 80)));
    }

    public static TheoryData<bool, bool, string> UnkCases() => new()
    {
        { false, false, "<unk>" },
        { true, false, "<unk>" },
        { false, true, "<unk>" },
        { true, true, "<unk>" },
        { false, false, "" }, // no unk token: unknown characters are dropped
    };

    [Theory]
    [MemberData(nameof(UnkCases))]
    public void Unknown_bytes_match(bool fuseUnk, bool byteFallback, string unk)
    {
        // Only lowercase letters and the space have byte tokens; byte fallback covers the UTF-8 of some byte
        // characters ('Ġ' is C4 A0 ...), not all.
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (char c in "abcdefghijklmnopqrstuvwxyz ") vocab[B(c)] = vocab.Count;
        if (unk.Length > 0) vocab[unk] = vocab.Count;
        if (byteFallback)
            for (int b = 0; b < 256; b++)
                if (b < 0x80 || b == 0xC4 || b == 0xC5 || b == 0xA0)
                    vocab[$"<0x{b:X2}>"] = vocab.Count;
        var merges = new List<(string, string)> { (B('a'), B('b')), (B(' '), B('a')), (B('a') + B('b'), B('c')) };
        foreach (var (l, r) in merges) vocab.TryAdd(l + r, vocab.Count);
        using var o = new BpeOracle(new BpeJsonSpec
        {
            Vocab = vocab,
            Merges = merges,
            UnkToken = unk.Length > 0 ? unk : null,
            FuseUnk = fuseUnk,
            ByteFallback = byteFallback,
        });
        foreach (var s in new[] { "abc", "ABC", "a1b2c3", "ab\u00E9c", "x\U0001F916y", "a  b\tc\n", "AAA aaa ...", "\u00FF\u0100" })
            o.AssertSame(s);
        var rng = new Random(11);
        for (int i = 0; i < 300; i++) o.AssertSame(TestText.Random(rng));
    }

    [Fact]
    public void Added_token_options_match()
    {
        using var o = new BpeOracle(BpeJsonSpec.Gpt2() with
        {
            Added =
            [
                (Gpt2Vocab.EndOfText, true, false, false, false, false),
                ("<mask>", true, false, true, false, false),      // lstrip
                ("[R]", true, false, false, true, false),         // rstrip
                ("<both>", true, false, true, true, false),       // lstrip and rstrip
                ("word", false, true, false, false, true),        // single word, normalized
                ("the", false, true, false, false, false),        // in the vocabulary already
                ("<|x|>", true, false, false, false, false),
                ("<|x|>y", true, false, false, false, false),     // longest wins
                ("hello world", false, false, false, false, false),
                ("日本", false, true, false, false, true),
            ],
        });
        Assert.Equal(Gpt2Vocab.Vocab["the"], o.Ours.TokenId("the"));
        Assert.Equal(50257, o.Ours.TokenId("<mask>"));
        string[] cases =
        [
            "a <mask> b", "a<mask>b", "a   <mask>", "  <mask>  ", "x [R]  y", "[R]\n\nz", "p  <both>  q",
            "word words sword word_ word1 (word) _word", "the other then", "<|x|><|x|>y<|x|>yy", "say hello world!",
            "日本語 日本 本日本", "<mask><mask>  <mask>[R] [R]", Gpt2Vocab.EndOfText + " <mask>",
        ];
        foreach (var s in cases) o.AssertSame(s);
        var rng = new Random(17);
        string[] pieces = ["<mask>", "[R]", "<both>", "word", "the", "<|x|>", "y", " ", "  ", "\n", "a", "日本", "hello world", "_", "1"];
        for (int i = 0; i < 500; i++)
        {
            var sb = new StringBuilder();
            for (int k = rng.Next(12); k > 0; k--) sb.Append(pieces[rng.Next(pieces.Length)]);
            o.AssertSame(sb.ToString());
        }
    }
}
