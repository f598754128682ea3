using InterpLsp.Analysis.Explain.Features;
using static InterpLsp.Tests.Explain.FeatureTestTables;

namespace InterpLsp.Tests.Explain;

/// <summary>Each context feature's exact set on the hand-built table of <see cref="FeatureTestTables.SaidAndDogs"/>
/// (token numbers as listed there), and the rules' edge cases on small texts.</summary>
public class ContextFeatureTests
{
    private static int[] On(string name) => Holds(ContextFeature.Named(name)!, SaidAndDogs());

    [Fact]
    public void The_table_is_as_described()
    {
        var t = SaidAndDogs();
        Assert.Equal(32, t.Count);
        Assert.Equal("warmer", t.Words[t.Word[4]]);
        Assert.Equal(4, t.WordFirstToken[5]);
        Assert.Equal(new[] { "Dogs", "don", "'", "t" }, t.Text[11..15]);
        Assert.Equal("Dogs", t.Text[31]);
    }

    [Fact]
    public void Every_kind_has_one_feature_in_order()
    {
        var kinds = Enum.GetValues<ContextKind>();
        Assert.Equal(kinds.Length, ContextFeature.All.Count);
        foreach (var k in kinds) Assert.Equal(k, ContextFeature.Of(k).Kind);
        Assert.All(ContextFeature.All, f => { Assert.Equal("context:" + f.Name, f.Id); Assert.Equal("context", f.Family); Assert.NotEmpty(f.Label); });
        Assert.Equal(ContextFeature.All.Count, ContextFeature.All.Select(f => f.Name).Distinct().Count());
    }

    [Fact] public void First_token() => Assert.Equal(new[] { 0, 11 }, On("first_token"));

    [Fact]
    public void Position_is_the_index_in_its_text()
    {
        var v = ContextFeature.Named("position")!.Evaluate(SaidAndDogs());
        Assert.False(v.IsSet);
        // text "said": tokens 0..10 at 0..10; text "dogs": tokens 11..31 at 0..20.
        var expected = Enumerable.Range(0, 11).Concat(Enumerable.Range(0, 21)).Select(i => (float)i).ToArray();
        Assert.Equal(expected, v.Dense!);
    }

    // 0 and 11 start their texts; 20 (IT) follows "." (19) and a blank line; 31 (Dogs) follows "!" (30).
    [Fact] public void Sentence_start() => Assert.Equal(new[] { 0, 11, 20, 31 }, On("sentence_start"));

    [Fact]
    public void Sentence_start_after_a_blank_line_alone()
    {
        // "b" follows a blank line without a full stop; "c" follows one newline only.
        var t = One("a\n \nb\nc", "a", "b", "c");
        Assert.Equal(new[] { 0, 1 }, Holds(ContextFeature.Of(ContextKind.SentenceStart), t));
    }

    // 0 and 11 start their texts; 20 (IT) after "\n\n"; 26 (no) after "\n  ".
    [Fact] public void Line_start() => Assert.Equal(new[] { 0, 11, 20, 26 }, On("line_start"));

    // He, Dogs, Al, IT, MAX, Dogs.
    [Fact] public void Capitalised() => Assert.Equal(new[] { 0, 11, 18, 20, 22, 31 }, On("capitalised"));

    // IT and MAX; "He" and "Al" have a lower-case letter.
    [Fact] public void All_caps() => Assert.Equal(new[] { 20, 22 }, On("all_caps"));

    [Fact]
    public void All_caps_needs_two_letters()
    {
        var t = One("A B2 R2D2 U.S", "A", "B2", "R2D2", "U.S");
        // A: 1 letter; B2: 1 letter; R2D2: letters R, D; U.S: letters U, S.
        Assert.Equal(new[] { 2, 3 }, Holds(ContextFeature.Of(ContextKind.AllCaps), t));
    }

    [Fact] public void Digits() => Assert.Equal(new[] { 24 }, On("digits"));
    [Fact] public void Punct_period() => Assert.Equal(new[] { 10, 19 }, On("punct_period"));
    [Fact] public void Punct_comma() => Assert.Equal(new[] { 16 }, On("punct_comma"));
    [Fact] public void Punct_colon() => Assert.Equal(new[] { 25 }, On("punct_colon"));
    // the two double quotes and the apostrophe of don't (a quote character as a whole token).
    [Fact] public void Punct_quote() => Assert.Equal(new[] { 2, 6, 13 }, On("punct_quote"));
    [Fact] public void Punct_bracket() => Assert.Equal(new[] { 7, 9 }, On("punct_bracket"));
    [Fact] public void Punct_dash() => Assert.Equal(new[] { 28 }, On("punct_dash"));
    // _ (connector punctuation), = (math symbol), ! (punctuation in no other class).
    [Fact] public void Punct_other() => Assert.Equal(new[] { 21, 23, 30 }, On("punct_other"));

    [Fact]
    public void Punctuation_classes_ignore_a_tokens_own_space_and_keep_mixed_tokens_as_other()
    {
        var t = One("a . ... ;: .\" ( –", " .", " ...", " ;:", " .\"", " (", " –");
        Assert.Equal(new[] { 0, 1 }, Holds(ContextFeature.Of(ContextKind.PunctPeriod), t));
        Assert.Equal(new[] { 2 }, Holds(ContextFeature.Of(ContextKind.PunctColon), t));
        Assert.Equal(new[] { 3 }, Holds(ContextFeature.Of(ContextKind.PunctOther), t));
        Assert.Equal(new[] { 4 }, Holds(ContextFeature.Of(ContextKind.PunctBracket), t));
        Assert.Equal(new[] { 5 }, Holds(ContextFeature.Of(ContextKind.PunctDash), t));
    }

    // not, warm, er between the quotes at characters 8 and 19; the quotes themselves excluded.
    [Fact] public void Inside_quotes() => Assert.Equal(new[] { 3, 4, 5 }, On("inside_quotes"));

    [Fact]
    public void Inside_quotes_curly_and_unclosed()
    {
        // “a” b "c d   -> a inside curly quotes; b outside; the straight quote before c is never closed.
        var t = One("“a” b \"c d", "“", "a", "”", "b", "\"", "c", "d");
        Assert.Equal(new[] { 1, 5, 6 }, Holds(ContextFeature.Of(ContextKind.InsideQuotes), t));
    }

    [Fact] public void Inside_brackets() => Assert.Equal(new[] { 8 }, On("inside_brackets"));

    [Fact]
    public void Inside_brackets_counts_nesting()
    {
        // [a (b) c] d ) e   -> a, b, c inside (depth 1, 2, 1); d outside; a stray ")" leaves depth at 0, so e too.
        var t = One("[a (b) c] d ) e", "[", "a", "(", "b", ")", "c", "]", "d", ")", "e");
        Assert.Equal(new[] { 1, 3, 5 }, Holds(ContextFeature.Of(ContextKind.InsideBrackets), t));
    }

    // "not" (3): warmer (4, 5), twice (8); the quote and bracket are not words with letters; "." ends.
    // "t" after "n'" (14): bark (15), said (17), Al (18). "no" (26): cats (27), dogs (29); "!" ends before Dogs.
    [Fact] public void After_negation() => Assert.Equal(new[] { 4, 5, 8, 15, 17, 18, 27, 29 }, On("after_negation"));

    [Fact]
    public void After_negation_one_word_contraction_and_restart()
    {
        // isn't (one token) -> a, b, never; never restarts -> c, d, e; f is the 4th word after never.
        var t = One("isn't a b never c d e f", "isn't", "a", "b", "never", "c", "d", "e", "f");
        Assert.Equal(new[] { 1, 2, 3, 4, 5, 6 }, Holds(ContextFeature.Of(ContextKind.AfterNegation), t));
    }

    // dogs (29) and Dogs (31) after Dogs (11), in the same text; "said" is in both texts but once in each.
    [Fact] public void Seen_before() => Assert.Equal(new[] { 29, 31 }, On("seen_before"));

    [Fact]
    public void Seen_before_marks_every_piece_and_skips_punctuation()
    {
        // warm+er twice: both pieces of the second; the second "," is not counted (no letter or digit).
        var t = One("warmer, warmer,", "warm", "er", ",", "warm", "er", ",");
        Assert.Equal(new[] { 3, 4 }, Holds(ContextFeature.Of(ContextKind.SeenBefore), t));
    }

    [Fact] public void Word_piece() => Assert.Equal(new[] { 5 }, On("word_piece"));

    // IT _ MAX (chunk with "_"), "=" and ";" (operators), 42 (its line ends in ";").
    [Fact] public void Code_like() => Assert.Equal(new[] { 20, 21, 22, 23, 24, 25 }, On("code_like"));

    [Fact]
    public void Code_like_camel_case_and_brace_lines()
    {
        // fooBar: camelCase; "x y {" ends in "{" (x and y count); "=>" operator; plain words do not.
        var t = One("call fooBar now\nx y {\nsee => here", "call", "foo", "Bar", "now", "x", "y", "{", "see", "=>", "here");
        Assert.Equal(new[] { 1, 2, 4, 5, 6, 8 }, Holds(ContextFeature.Of(ContextKind.CodeLike), t));
    }

    // he, not, it (IT), no.
    [Fact] public void Function_word() => Assert.Equal(new[] { 0, 3, 20, 26 }, On("function_word"));

    [Fact]
    public void Function_word_list_has_121_lower_case_words()
    {
        Assert.Equal(121, EnglishWordLists.FunctionWordList.Count);
        Assert.All(EnglishWordLists.FunctionWordList, w => Assert.Equal(w.ToLowerInvariant().Trim(), w));
    }
}
