using InterpLsp.Model;
using InterpLsp.Model.Tokenization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace InterpLsp.Tests.Tokenization;

/// <summary>
/// Token ranges in the original text. "Normalised" here is Hugging Face's own normalisation, read off the
/// char-vocabulary oracle, so the check does not reuse the code under test.
/// </summary>
[Collection(CharVocabCollection.Name)]
public sealed class SpanPropertyTests(MiniLmOracleFixture miniLm, CharVocabOracleFixture chars)
{
    private readonly BertWordPieceTokenizer _tok = miniLm.Oracle.Ours;

    /// <summary>HF's normalised, pre-tokenised words of <paramref name="s"/>.</summary>
    private List<string> Words(string s) => CharVocab.Words(chars.Oracle.Vocab, chars.Oracle.Expected(s));

    private void CheckSpans(string text)
    {
        var tokens = _tok.Tokenize(text);
        string where = Oracle.Describe(text);

        // Well-formed: within the text, increasing, not overlapping, never inside a surrogate pair.
        int prevEnd = 0;
        foreach (var t in tokens)
        {
            Assert.True(t.Start >= prevEnd && t.End >= t.Start && t.End <= text.Length, $"bad range {t} after {prevEnd} in {where}");
            Assert.False(SplitsPair(text, t.Start) || SplitsPair(text, t.End), $"{t} splits a surrogate pair in {where}");
            prevEnd = t.End;
        }

        // Spelling. A token with an empty range continues the original character of the token before it (a Hangul
        // syllable split into jamo pieces, say): such tokens are checked together with that one, as a group.
        var rebuilt = new List<string>();
        for (int i = 0; i < tokens.Count;)
        {
            int j = i + 1;
            while (j < tokens.Count && tokens[j].Start == tokens[j].End && tokens[j].Start == tokens[i].End) j++;
            var group = tokens.Skip(i).Take(j - i).ToList();
            var spanWords = Words(text[tokens[i].Start..tokens[i].End]);
            string spelled = string.Concat(spanWords);
            if (group.Count == 1 && group[0].Id == _tok.UnkId)
            {
                // [UNK] is a whole word.
                Assert.True(spanWords.Count == 1, $"[UNK] {group[0]} is not one word in {where}: {string.Join("|", spanWords)}");
                rebuilt.Add(spelled);
            }
            else
            {
                string pieces = string.Concat(group.Select(t => Piece(t.Id)));
                Assert.True(pieces == spelled, $"{group[0]} spells {Oracle.Describe(spelled)}, tokens say {Oracle.Describe(pieces)} in {where}");
                Assert.True(spelled.Length > 0 && spanWords.Count == 1, $"{group[0]} covers {spanWords.Count} words in {where}");
                if (IsContinuation(group[0].Id) && rebuilt.Count > 0) rebuilt[^1] += spelled;
                else rebuilt.Add(spelled);
            }
            i = j;
        }

        // Together the tokens are exactly the words of the text.
        Assert.True(Words(text).SequenceEqual(rebuilt), $"words differ for {where}");
    }

    private string Piece(int id)
    {
        string t = _tok.IdToToken(id);
        return IsContinuation(id) ? t[2..] : t;
    }

    private bool IsContinuation(int id) => _tok.IdToToken(id) is { Length: > 2 } t && t.StartsWith("##", StringComparison.Ordinal);

    private static bool SplitsPair(string s, int i) =>
        i > 0 && i < s.Length && char.IsHighSurrogate(s[i - 1]) && char.IsLowSurrogate(s[i]);

    public static TheoryData<int> CaseIndexes() => OracleComparisonTests.CaseIndexes();

    [Theory]
    [MemberData(nameof(CaseIndexes))]
    public void Case_spans_spell_their_tokens(int index) => CheckSpans(TestText.Cases[index]);

    [Fact]
    public void Seeded_random_spans_spell_their_tokens()
    {
        var rng = new Random(4242);
        for (int i = 0; i < 1500; i++) CheckSpans(TestText.Random(rng));
    }

    [Property(MaxTest = 500)]
    public Property Random_spans_spell_their_tokens() =>
        Prop.ForAll(Generators.MixedText.ToArbitrary(), s =>
        {
            CheckSpans(s);
            return true;
        });

    [Fact]
    public void Mixed_document_spans_spell_their_tokens() => CheckSpans(TestText.Document(10_000, seed: 3));

    [Fact]
    public void Ranges_are_in_the_original_text()
    {
        // 'İ' is one UTF-16 unit that HF turns into "i" (NFD gives I + U+0307, the mark is stripped, then lowercased).
        Assert.Equal([("istanbul", 0, 8)], Spans("İstanbul"));
        // Decomposed accent: the stripped mark belongs to the token of its letter.
        Assert.Equal([("cafe", 0, 5), ("!", 5, 6)], Spans("Cafe\u0301!"));
        // An emoji is a surrogate pair: the [UNK] covers both units; ZWJ sequences are one word.
        Assert.Equal([("hi", 0, 2), ("[UNK]", 3, 11)], Spans("hi 👨‍👩‍👧"));
        // Removed characters inside a word are inside its token; after it, they attach to it.
        Assert.Equal([("ab", 0, 4), ("c", 5, 6)], Spans("a\u200Bb\0 c"));
        // CRLF, tabs: whitespace is between tokens.
        Assert.Equal([("x", 0, 1), ("=", 3, 4), ("1", 5, 6)], Spans("x\r\n=\t1"));
        // CJK ideographs are words of their own.
        Assert.Equal([("中", 0, 1), ("文", 1, 2)], Spans("中文"));
        // Word pieces of one word tile it.
        Assert.Equal([("una", 0, 3), ("##ffa", 3, 6), ("##ble", 6, 9)], Spans("UNAFFABLE"));
    }

    [Fact]
    public void A_character_split_across_pieces_goes_to_the_first_one()
    {
        // "각" (U+AC01) is three jamo; if they fall into different pieces, the later ones get an empty range.
        var tokens = _tok.Tokenize("\uAC01");
        Assert.Equal(0, tokens[0].Start);
        Assert.Equal(1, tokens[0].End);
        Assert.All(tokens.Skip(1), t => Assert.Equal((1, 1), (t.Start, t.End)));
        CheckSpans("\uAC01\uAC01 \uD55C\uAE00");
    }

    private List<(string, int, int)> Spans(string text) =>
        _tok.Tokenize(text).Select(t => (_tok.IdToToken(t.Id), t.Start, t.End)).ToList();
}
