using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using InterpLsp.Model.Tokenization;
using System.Text;

namespace InterpLsp.Tests.Tokenization;

[CollectionDefinition(Name)]
public sealed class Gpt2OracleCollection : ICollectionFixture<Gpt2OracleFixture>
{
    public const string Name = "GPT-2 byte-level BPE oracle";
}

/// <summary>Our byte-level BPE against Hugging Face's Rust tokenizers, id for id, with GPT-2's real vocabulary in five
/// layouts: GPT-2's (ByteLevel with its regex), the same with add_prefix_space, Llama 3's (Split + ByteLevel,
/// ignore_merges), GPT-NeoX's (NFC + ByteLevel) and Qwen2's (NFC + Split + ByteLevel).</summary>
[Collection(Gpt2OracleCollection.Name)]
public sealed class ByteLevelBpeOracleTests(Gpt2OracleFixture fixture)
{
    public static readonly string[] Cases =
    [
        "",
        "Hello world",
        "The quick brown fox jumps over the lazy dog. It's what they're saying: we've, I'm, you'll, he'd.",
        "IT'S THEY'RE WE'VE I'M YOU'LL HE'D 'S 'T 'Re 'rE 'ſ 'K x's y'", // contractions, case, long s
        "public static async Task<int> Main(string[] args)\r\n{\r\n\tvar x = args?.Length ?? 0;\r\n\treturn x >= 1 ? 0 : -1;\r\n}\r\n",
        "def f(x: list[int]) -> dict[str, int]:\n    if x:\n\t\treturn {k: v for k, v in enumerate(x)}\n    return {}\n\n\n",
        "trailing spaces   \nand tabs\t\t\nand   \r\n  mixed \t \r\n\r\n\n   ",
        "     leading spaces",
        "   ",
        "\n",
        " \n ",
        "a  b   c    d\u00A0\u00A0e\u3000\u3000f",
        "I ❤️ NY 😀😃 👍🏽 👨‍👩‍👧‍👦 👩🏽‍💻 🏳️‍🌈 🇫🇷🇯🇵🇺🇸 #️⃣ 1️⃣ ©️ ™ 🤖",
        "emoji😀inside😀words and👨‍👩‍👧family",
        "中文分词测试。你好，世界！日本語のテキスト、カタカナとひらがな。한국어 텍스트입니다.",
        "漢字𠀀𪜀𫝀𫠠𬺰丽丸 ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３",
        "العربية: مَرْحَبًا بِالْعَالَمِ ١٢٣ עברית: שָׁלוֹם",
        "e\u0301 a\u0300\u0323 A\u030A Cafe\u0301s Z\u0351\u036B\u0343\u036A\u0302\u036B\u033D\u034F\u0334A",
        "हिन्दी: नमस्ते दुनिया। தமிழ்: கொ ภาษาไทย: สวัสดี",
        new string('a', 200),
        new string('x', 200) + " " + string.Concat(Enumerable.Repeat("ab", 150)),
        "1 12 123 1234 12345 123456789012345678901234567890 3.14159 1e-10 0xDEADBEEF ١٢٣٤٥ 𝟎𝟏𝟐𝟑 ⅠⅡⅢ ²³",
        "before<|endoftext|>after <|endoftext|> <|endoftext|><|endoftext|> <|endoftext <|endoftext|",
        "<|begin_of_text|>Hi<|eot_id|> <|start_header_id|>user<|end_header_id|>\n\nHello<|eot_id|>",
        "\U0001D400\U0001D41A math \U00010400\U00010428 deseret \U00010D50 garay \u1C89 \uA7CB \U0001E900",
        "nul\0byte \u0001\u0002\u007F\u0080\u009F zero\u200Bwidth\u200Cnon\u200Djoiner\uFEFFbom \uFFFD",
        "\uE000private\uF8FFuse\U000F0000 \uFFFE\uFFFF nonchar \u0378unassigned \U000E0001",
        "lone\uD800high lone\uDC00low \uDBFF\uDFFF ok \uD83D",
        "\uD800",
        "NFC: e\u0301 \u1E9B\u0323 \u0041\u030A\u0301 \u212B \u2126 \uFB01 \u1100\u1161\u11A8 \uAC00\u11A8 \u0B47\u0B3E \u0344 \u0F73 a\u0345\u0316\u0301 \U0001D15E \u0958 \U00011935\U00011930 \U00011938 o\u0308\u0304 \u00F6\u0304 e\u0301\u0301",
        "a\u1680b\u2000c\u200Ad\u202Fe\u205Ff\u180Eg\u2028h\u2029i\u0085j\u000Bk\u000Cl\u001Cm\u001Fn",
        "!!!???... --- === *** ((([[[{{{ }}}]]])))  'quoted' \"double\" `back`",
        "https://example.com/path?query=1&b=%20#frag user@example.com C:\\Windows\\System32",
    ];

    public static TheoryData<int> CaseIndices => new(Enumerable.Range(0, Cases.Length));

    private IEnumerable<BpeOracle> All => [fixture.Gpt2, fixture.Gpt2PrefixSpace, fixture.Llama3Style, fixture.NeoXStyle, fixture.Qwen2Style];

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void Cases_match(int index)
    {
        foreach (var o in All) o.AssertSame(Cases[index]);
    }

    [Fact]
    public void Shared_test_texts_match()
    {
        foreach (var o in All)
            foreach (var s in TestText.Cases) o.AssertSame(s);
    }

    [Fact]
    public void Seeded_random_strings_match()
    {
        var rng = new Random(20260611);
        for (int i = 0; i < 1500; i++)
        {
            string s = TestText.Random(rng);
            foreach (var o in All) o.AssertSame(s);
        }
    }

    [Fact]
    public void Long_documents_match()
    {
        for (int seed = 1; seed <= 3; seed++)
        {
            string doc = TestText.Document(30_000, seed);
            foreach (var o in All) o.AssertSame(doc);
        }
    }

    [Property(MaxTest = 400, Replay = "(1234567,7654321)")]
    public Property Random_scalars_match() =>
        Prop.ForAll(ByteLevelGenerators.Scalars.ToArbitrary(), s =>
        {
            foreach (var o in All) o.AssertSame(s);
            return true;
        });

    [Property(MaxTest = 400, Replay = "(7777777,3333333)")]
    public Property Random_mixed_text_matches() =>
        Prop.ForAll(Generators.MixedText.ToArbitrary(), s =>
        {
            foreach (var o in All) o.AssertSame(s);
            return true;
        });

    [Fact]
    public void Known_gpt2_tokenizations()
    {
        var t = fixture.Gpt2.Ours;
        Assert.Equal([15496, 995], t.Tokenize("Hello world").Select(x => x.Id));
        Assert.Equal(["Hello", "Ġworld", "!"], t.Tokenize("Hello world!").Select(x => t.IdToToken(x.Id)));
        Assert.Equal(50256, t.TokenId(Gpt2Vocab.EndOfText));
        Assert.Equal(50256, t.AddedTokens[Gpt2Vocab.EndOfText]);
        Assert.Equal(50256, t.SpecialTokens[Gpt2Vocab.EndOfText]);
        Assert.Equal(50257, t.VocabSize);
        Assert.Equal([50256], t.Tokenize(Gpt2Vocab.EndOfText).Select(x => x.Id));
        Assert.Equal(Gpt2Vocab.EndOfText, t.IdToToken(50256));
        Assert.Equal(" world"u8.ToArray(), t.TokenBytes(995));
        Assert.Null(t.TokenId("no such token"));
        Assert.Throws<ArgumentOutOfRangeException>(() => t.IdToToken(50257));
        Assert.Empty(t.Tokenize(""));

        var p = fixture.Gpt2PrefixSpace.Ours;
        Assert.Equal(["ĠHello"], p.Tokenize("Hello").Select(x => p.IdToToken(x.Id)));
        var l = fixture.Llama3Style.Ours;
        Assert.Equal(50256, l.TokenId("<|begin_of_text|>"));
        Assert.Equal(50260, l.TokenId("<|eot_id|>"));
    }

    [Fact]
    public void Tokenize_is_thread_safe()
    {
        var t = fixture.Gpt2.Ours;
        string[] texts = Enumerable.Range(0, 64).Select(i => TestText.Document(2000, 100 + i)).ToArray();
        int[][] expected = texts.Select(s => t.Tokenize(s).Select(x => x.Id).ToArray()).ToArray();
        Parallel.For(0, 256, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            int k = i % texts.Length;
            Assert.Equal(expected[k], t.Tokenize(texts[k]).Select(x => x.Id));
        });
    }
}

public static class ByteLevelGenerators
{
    /// <summary>Strings of 0-30 pieces: random scalar values from every plane (assigned or not), ASCII letters, digits,
    /// spaces and pieces of <see cref="TestText.Alphabet"/>.</summary>
    public static readonly Gen<string> Scalars =
        Gen.Choose(0, int.MaxValue).Select(seed =>
        {
            var rng = new Random(seed);
            var sb = new StringBuilder();
            int n = rng.Next(31);
            for (int i = 0; i < n; i++)
            {
                switch (rng.Next(6))
                {
                    case 0:
                        int cp = rng.Next(4) == 0 ? rng.Next(0x10000, 0x110000) : rng.Next(0, 0x10000);
                        if (cp is >= 0xD800 and <= 0xDFFF) cp = 0xFFFD;
                        sb.Append(char.ConvertFromUtf32(cp));
                        break;
                    case 1: sb.Append((char)('a' + rng.Next(26)), 1 + rng.Next(6)); break;
                    case 2: sb.Append((char)('0' + rng.Next(10)), 1 + rng.Next(5)); break;
                    case 3: sb.Append(" \t\n\r"[rng.Next(4)], 1 + rng.Next(3)); break;
                    default: sb.Append(TestText.Alphabet[rng.Next(TestText.Alphabet.Length)]); break;
                }
            }
            return sb.ToString();
        });
}
