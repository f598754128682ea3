using InterpLsp.Model.Tokenization;
using System.Text;

namespace InterpLsp.Tests.Tokenization;

/// <summary>Token ranges: each character belongs to the token holding its first byte; a token of only continuation
/// bytes has an empty range at its character's end; ranges are non-decreasing and cover the text.</summary>
[Collection(Gpt2OracleCollection.Name)]
public sealed class ByteLevelBpeOffsetTests(Gpt2OracleFixture fixture)
{
    /// <summary>Checks the range rule for a tokenizer without a prefix space (every byte of a token comes from the text).</summary>
    public static void AssertRanges(BpeTokenizer t, string text)
    {
        var tokens = t.Tokenize(text);
        string src = BpeTokenizer.WithoutLoneSurrogates(text);
        // UTF-8 byte offset of each UTF-16 index that starts a character, and the whole byte stream.
        var charAtByte = new Dictionary<int, (int Start, int End)>();
        var utf8 = new List<byte>();
        for (int i = 0; i < src.Length;)
        {
            int len = char.IsHighSurrogate(src[i]) && i + 1 < src.Length && char.IsLowSurrogate(src[i + 1]) ? 2 : 1;
            charAtByte[utf8.Count] = (i, i + len);
            utf8.AddRange(Encoding.UTF8.GetBytes(src.Substring(i, len)));
            i += len;
        }

        int pos = 0, prevEnd = 0, covered = 0;
        foreach (var tok in tokens)
        {
            byte[] bytes = t.TokenBytes(tok.Id);
            Assert.True(utf8.Skip(pos).Take(bytes.Length).SequenceEqual(bytes), $"token bytes at byte {pos} differ from the text's for {Oracle.Describe(text)}");
            var owned = Enumerable.Range(pos, bytes.Length).Where(charAtByte.ContainsKey).Select(b => charAtByte[b]).ToList();
            if (owned.Count > 0)
            {
                Assert.Equal((owned[0].Start, owned[^1].End), (tok.Start, tok.End));
                Assert.Equal(covered, tok.Start);
                covered = tok.End;
            }
            else
            {
                // Only continuation bytes: an empty range at the end of the character they continue.
                Assert.Equal(tok.Start, tok.End);
                Assert.Equal(prevEnd, tok.Start);
            }
            // A token whose bytes are whole characters spells exactly its range.
            bool whole = charAtByte.ContainsKey(pos) && (pos + bytes.Length == utf8.Count || charAtByte.ContainsKey(pos + bytes.Length));
            if (whole && tok.End > tok.Start)
                Assert.Equal(Encoding.UTF8.GetBytes(src[tok.Start..tok.End]), bytes);
            Assert.True(tok.Start >= prevEnd, "ranges decrease");
            Assert.False(tok.Start < text.Length && char.IsLowSurrogate(text[tok.Start]) && tok.Start > 0 && char.IsHighSurrogate(text[tok.Start - 1]), "a range starts inside a surrogate pair");
            Assert.False(tok.End < text.Length && char.IsLowSurrogate(text[tok.End]) && tok.End > 0 && char.IsHighSurrogate(text[tok.End - 1]), "a range ends inside a surrogate pair");
            prevEnd = tok.End;
            pos += bytes.Length;
        }
        Assert.Equal(utf8.Count, pos);
        Assert.Equal(src.Length, covered);
    }

    [Fact]
    public void Ranges_follow_the_first_byte_rule()
    {
        foreach (var t in new[] { fixture.Gpt2.Ours, fixture.Llama3Style.Ours })
        {
            foreach (var s in ByteLevelBpeOracleTests.Cases) AssertRanges(t, s);
            foreach (var s in TestText.Cases) AssertRanges(t, s);
            var rng = new Random(5);
            for (int i = 0; i < 500; i++) AssertRanges(t, TestText.Random(rng));
            AssertRanges(t, TestText.Document(20_000, 9));
        }
    }

    [Fact]
    public void An_emoji_split_across_tokens_belongs_to_the_token_with_its_first_byte()
    {
        var t = fixture.Gpt2.Ours;
        // U+1F916 is F0 9F A4 96: GPT-2 has no token for it, so it is split into byte tokens.
        string text = "a\U0001F916b";
        var tokens = t.Tokenize(text);
        var emoji = tokens.Where(x => t.TokenBytes(x.Id).Any(b => b >= 0x80)).ToList();
        Assert.True(emoji.Count >= 2, "the emoji should be split");
        Assert.Equal(0xF0, t.TokenBytes(emoji[0].Id)[0]);
        Assert.Equal((1, 3), (emoji[0].Start, emoji[0].End)); // the whole surrogate pair
        foreach (var rest in emoji.Skip(1)) Assert.Equal((3, 3), (rest.Start, rest.End)); // empty, at the emoji's end
        Assert.Equal(fixture.Gpt2.Expected(text), tokens.Select(x => x.Id));
    }

    [Fact]
    public void Lone_surrogates_are_U_FFFD_with_the_surrogate_range()
    {
        var t = fixture.Gpt2.Ours;
        var a = t.Tokenize("x\uD800y");
        var b = t.Tokenize("x\uFFFDy");
        Assert.Equal(b.Select(x => x.Id), a.Select(x => x.Id));
        Assert.Equal(b.Select(x => (x.Start, x.End)), a.Select(x => (x.Start, x.End)));
        AssertRanges(t, "\uDC00\uD800\uDBFF\uDFFF\uD800");
    }

    [Fact]
    public void The_prefix_space_is_in_no_range()
    {
        var t = fixture.Gpt2PrefixSpace.Ours;
        var tokens = t.Tokenize("Hello world");
        Assert.Equal([("ĠHello", 0, 5), ("Ġworld", 5, 11)], tokens.Select(x => (t.IdToToken(x.Id), x.Start, x.End)));
        // A special token starts a new piece, which gets its own prefix space.
        tokens = t.Tokenize("<|endoftext|>Hi");
        Assert.Equal([("<|endoftext|>", 0, 13), ("ĠHi", 13, 15)], tokens.Select(x => (t.IdToToken(x.Id), x.Start, x.End)));
        foreach (var s in ByteLevelBpeOracleTests.Cases)
        {
            int prev = 0;
            foreach (var x in t.Tokenize(s))
            {
                Assert.True(x.Start >= prev && x.End >= x.Start);
                prev = x.End;
            }
        }
    }

    [Fact]
    public void With_nfc_ranges_are_non_decreasing_and_cover_the_text()
    {
        foreach (var t in new[] { fixture.NeoXStyle.Ours, fixture.Qwen2Style.Ours })
        {
            var rng = new Random(8);
            var texts = ByteLevelBpeOracleTests.Cases.Concat(TestText.Cases).Concat(Enumerable.Range(0, 300).Select(_ => TestText.Random(rng)));
            foreach (var s in texts)
            {
                int covered = 0;
                foreach (var x in t.Tokenize(s))
                {
                    Assert.True(x.End >= x.Start && x.Start >= 0 && x.End <= s.Length);
                    if (x.End == x.Start) { Assert.Equal(covered, x.Start); continue; }
                    Assert.Equal(covered, x.Start);
                    covered = x.End;
                }
                Assert.Equal(s.Length, covered);
            }
            // "e" + U+0301 is one character after NFC: its token has the range of both.
            var tokens = t.Tokenize("caf" + "e\u0301");
            Assert.Equal(5, tokens[^1].End);
            Assert.Equal(t.Tokenize("caf\u00E9").Select(x => x.Id), tokens.Select(x => x.Id));
        }
    }
}
