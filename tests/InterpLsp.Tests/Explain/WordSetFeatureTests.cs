using InterpLsp.Analysis.Explain.Features;
using static InterpLsp.Tests.Explain.FeatureTestTables;

namespace InterpLsp.Tests.Explain;

/// <summary>Word lists and token lists on the hand-built table (<see cref="FeatureTestTables.SaidAndDogs"/>) and on
/// phrase texts.</summary>
public class WordSetFeatureTests
{
    [Fact]
    public void Words_are_normalised_into_one_id_and_label()
    {
        var f = new WordSetFeature(new[] { " Warmer ", "dogs", "", "  ", "DOGS", "ice   Cream" });
        Assert.Equal(new[] { "dogs", "ice cream", "warmer" }, f.Words);
        Assert.Equal("words:dogs|ice cream|warmer", f.Id);
        Assert.Equal("words {dogs, ice cream, warmer}", f.Label);
        Assert.Equal("words", f.Family);
    }

    [Fact]
    public void The_label_shows_eight_words_then_the_rest_as_a_count()
    {
        var f = new WordSetFeature(new[] { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j" });
        Assert.Equal("words {a, b, c, d, e, f, g, h, +2 more}", f.Label);
    }

    [Fact]
    public void An_empty_list_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new WordSetFeature(new[] { "", "  ", "\t" }));
        Assert.Contains("an empty word list", e.Message);
        Assert.Throws<ArgumentException>(() => new WordSetFeature(Array.Empty<string>()));
    }

    // dogs: Dogs (11), dogs (29), Dogs (31); warmer: both pieces warm (4) er (5); "warm" alone matches no word.
    [Fact]
    public void A_word_holds_on_every_piece_of_every_occurrence()
    {
        Assert.Equal(new[] { 4, 5, 11, 29, 31 }, Holds(new WordSetFeature(new[] { "dogs", "warmer" }), SaidAndDogs()));
        Assert.Empty(Holds(new WordSetFeature(new[] { "warm" }), SaidAndDogs()));
    }

    [Fact]
    public void A_tokens_own_leading_space_is_ignored()
    {
        // byte-level BPE tokens carry their space: " warm" is the word "warm".
        var t = One("a warm day", "a", " warm", " day");
        Assert.Equal(new[] { 1 }, Holds(new WordSetFeature(new[] { "warm" }), t));
    }

    private const string Phrases = "I like ice  cream and Ice\ncream, not ice-cream; don't icecream ice creams";
    private static readonly string[] PhraseTokens =
        { "I", "like", "ice", "cream", "and", "Ice", "cream", ",", "not", "ice", "-", "cream", ";", "don", "'", "t", "ice", "cream", "ice", "cream", "s" };

    [Fact]
    public void A_phrase_holds_on_each_word_of_a_matching_run()
    {
        var t = One(Phrases, PhraseTokens);
        // "ice  cream" (2, 3) and "Ice\ncream" (5, 6); not "ice-cream" (9-11), not the single word "icecream"
        // (16, 17: ice+cream touch), not "ice creams" (18-20: the run would end inside the word "creams").
        Assert.Equal(new[] { 2, 3, 5, 6 }, Holds(new WordSetFeature(new[] { "ice cream" }), t));
        // with a hyphen, it is a phrase matched on the text: 9, 10, 11.
        Assert.Equal(new[] { 9, 10, 11 }, Holds(new WordSetFeature(new[] { "ice-cream" }), t));
        // don ' t are three words of the table; the entry don't matches their run: 13, 14, 15.
        Assert.Equal(new[] { 13, 14, 15 }, Holds(new WordSetFeature(new[] { "don't" }), t));
        // single words and phrases together: "like" (1) and "ice cream" (2, 3, 5, 6).
        Assert.Equal(new[] { 1, 2, 3, 5, 6 }, Holds(new WordSetFeature(new[] { "ice cream", "like" }), t));
    }

    [Fact]
    public void A_phrase_does_not_run_across_texts()
    {
        var t = Many(("some ice", new[] { "some", "ice" }), ("cream too", new[] { "cream", "too" }));
        Assert.Empty(Holds(new WordSetFeature(new[] { "ice cream" }), t));
    }

    [Fact]
    public void Tokens_match_the_lower_cased_token_text_exactly()
    {
        var f = new TokenSetFeature(new[] { "Dogs", "'", "dogs", "" });
        Assert.Equal(new[] { "'", "dogs" }, f.Tokens);
        Assert.Equal("tokens:'|dogs", f.Id);
        Assert.Equal("tokens", f.Family);
        // Dogs (11), ' (13), dogs (29), Dogs (31).
        Assert.Equal(new[] { 11, 13, 29, 31 }, Holds(f, SaidAndDogs()));
        // the piece "er" is a token; "warmer" is not.
        Assert.Equal(new[] { 5 }, Holds(new TokenSetFeature(new[] { "er", "warmer" }), SaidAndDogs()));
        // white space counts: " warm" is not "warm".
        Assert.Empty(Holds(new TokenSetFeature(new[] { "warm" }), One("a warm", "a", " warm")));
    }

    [Fact]
    public void An_empty_token_list_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new TokenSetFeature(new[] { "" }));
        Assert.Contains("an empty token list", e.Message);
    }
}
