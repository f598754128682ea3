using InterpLsp.Model;
using InterpLsp.Model.Tokenization;
using System.Text;

namespace InterpLsp.Tests.Tokenization;

/// <summary>
/// Against Hugging Face with a vocabulary of every single code point (<see cref="CharVocab"/>), where the ids spell
/// the normalised text exactly: every code point, in several contexts, and random strings.
/// </summary>
[Collection(CharVocabCollection.Name)]
public sealed class ExhaustiveCodePointTests(CharVocabOracleFixture fixture)
{
    private readonly Oracle _oracle = fixture.Oracle;
    private static readonly int[] AllScalars = Enumerable.Range(0, 0x110000).Where(c => c is < 0xD800 or > 0xDFFF).ToArray();

    private void AssertAll(Func<int, string> probe)
    {
        const int batch = 4096;
        for (int b = 0; b < AllScalars.Length; b += batch)
        {
            var sb = new StringBuilder();
            for (int k = b; k < Math.Min(b + batch, AllScalars.Length); k++) sb.Append(' ').Append(probe(AllScalars[k]));
            _oracle.AssertSame(sb.ToString());
        }
    }

    private static string S(int cp) => char.ConvertFromUtf32(cp);

    [Fact] public void Every_code_point_inside_a_word() => AssertAll(c => "a" + S(c) + "b");

    [Fact] public void Every_code_point_alone() => AssertAll(S);

    [Fact] public void Every_code_point_after_punctuation_and_before_a_mark() => AssertAll(c => "." + S(c) + "\u0301x");

    /// <summary>Canonical reordering: U+1D16D (class 226) then U+1D165 (216) are swapped unless what is between
    /// them is a starter.</summary>
    [Fact] public void Every_code_point_between_two_marks() => AssertAll(c => "a\U0001D16D" + S(c) + "\U0001D165b");

    [Fact] public void Every_code_point_after_a_mark() => AssertAll(c => "a\U0001D16D" + S(c));

    [Fact]
    public void Random_strings_match()
    {
        var rng = new Random(12345);
        for (int i = 0; i < 3000; i++) _oracle.AssertSame(TestText.Random(rng));
    }

    [Fact]
    public void Random_runs_of_marks_match()
    {
        string[] pool =
        [
            "\U0001D165", "\U0001D16D", "\U0001D16E", "\U0001D172", "\u1B44", "\u1BAA", "\u302E", "\u302F", "\uA953",
            "\U0001E944", "\U0001E94A", "\U00011446", "\u08D4", "\u1DFB", "\U0001E000", "\U0001D15E", "\U0001D160",
            "\u0301", "\u0316", "\u0941", "\u0B56", "\u093C", "\u0345", "\u200B", "\0", "\u00AD", "\uFEFF",
            "\u1AB0", "\u1DF6", "\u0898", "\u1734", "a", "e", "\u00E9", "\u0915", "\u09CB", "\uAC01", " ", ".", "\uD800",
        ];
        var rng = new Random(99);
        for (int i = 0; i < 20000; i++)
        {
            var sb = new StringBuilder("x");
            int n = 2 + rng.Next(6);
            for (int k = 0; k < n; k++) sb.Append(pool[rng.Next(pool.Length)]);
            _oracle.AssertSame(sb.Append('y').ToString());
        }
    }

    /// <summary>HF's max_input_chars_per_word counts Unicode scalar values of the normalised word, not UTF-16 units
    /// and not original characters.</summary>
    [Fact]
    public void Word_length_limit_counts_scalar_values_after_normalisation()
    {
        var t = _oracle.Ours;
        string emoji100 = string.Concat(Enumerable.Repeat("😀", 100)); // 200 UTF-16 units
        _oracle.AssertSame(emoji100);
        Assert.Equal(100, t.Tokenize(emoji100).Count);
        _oracle.AssertSame(emoji100 + "😀");
        Assert.Equal([t.UnkId], t.Tokenize(emoji100 + "😀").Select(x => x.Id));

        string accents = string.Concat(Enumerable.Repeat("e\u0301", 100)); // 200 units, 100 after stripping
        _oracle.AssertSame(accents);
        Assert.Equal(100, t.Tokenize(accents).Count);

        string hangul = string.Concat(Enumerable.Repeat("\uAC01", 34)); // 34 characters, 102 jamo
        _oracle.AssertSame(hangul);
        Assert.Equal([t.UnkId], t.Tokenize(hangul).Select(x => x.Id));
    }

    [Fact]
    public void Lone_surrogates_are_removed_like_U_FFFD()
    {
        foreach (var s in new[] { "a\uD800b", "a\uDC00b", "\uD83D", "x\uDE00", "\uDFFF\uD800", "a\uD800\uD800\uDC00b" })
        {
            _oracle.AssertSame(s); // the oracle sees U+FFFD in their place
            Assert.Equal(_oracle.Actual(Oracle.ReplaceLoneSurrogates(s)), _oracle.Actual(s));
        }
    }
}
