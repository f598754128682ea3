using InterpLsp.Analysis.Explain.Evidence;

namespace InterpLsp.Analysis.Explain.Features;

/// <summary>
/// A feature computed from where a token stands and what it looks like, with no model and no word list given by
/// the user: family <c>context</c>, id <c>context:&lt;name&gt;</c>. Every kind is a set (holds or not) except
/// <c>position</c>, which is real. The rules, token by token (a token's <em>core</em> is its text without
/// surrounding white space; a <em>word</em> is the table's word, see <see cref="TokenTable"/>):
/// <list type="bullet">
/// <item><c>first_token</c>: the token is at position 0 of its text.</item>
/// <item><c>position</c> (real): the token's index in its text (0, 1, 2, …).</item>
/// <item><c>sentence_start</c>: the first token of its text; or the token right after a token whose core is made
/// only of <c>. ! ? …</c>; or a token with a blank line (a newline, only white space, another newline) between it
/// and the token before it.</item>
/// <item><c>line_start</c>: only white space other than a newline lies between the previous newline (or the
/// text's start) and the token's first character.</item>
/// <item><c>capitalised</c>: the core's first character is an upper-case letter.</item>
/// <item><c>all_caps</c>: the core has at least 2 letters and every letter in it is upper-case.</item>
/// <item><c>digits</c>: the core has a decimal digit (Unicode category Nd).</item>
/// <item><c>punct_period</c>, <c>punct_comma</c>, <c>punct_colon</c>, <c>punct_quote</c>,
/// <c>punct_bracket</c>, <c>punct_dash</c>: the core is made only of, in turn, <c>. …</c> / <c>,</c> /
/// <c>: ;</c> / <c>" ' ` “ ” ‘ ’</c> / <c>( ) [ ] { }</c> / <c>- – —</c>.</item>
/// <item><c>punct_other</c>: the core is made only of punctuation and symbol characters and is none of the six
/// classes above (<c>!</c>, <c>%</c>, <c>."</c>).</item>
/// <item><c>inside_quotes</c>: a non-space character of the token lies between an opening and a closing double
/// quote of its text, the quotes themselves excluded. <c>"</c> opens when closed and closes when open,
/// <c>“</c> opens, <c>”</c> closes; an unclosed quote runs to the end of the text. Single quotes are not counted
/// (they are apostrophes as often as quotes).</item>
/// <item><c>inside_brackets</c>: a non-space character of the token lies inside <c>( )</c> or <c>[ ]</c>, the
/// brackets excluded. Depth counts nesting: <c>(</c> and <c>[</c> add one, <c>)</c> and <c>]</c> take one away
/// (never below zero); inside means depth above zero.</item>
/// <item><c>after_negation</c>: the token belongs to one of the 3 words (words with a letter or digit; a
/// punctuation word is neither counted nor marked) that follow a negation, in its text, before a token whose core
/// is made only of <c>. ! ?</c> ends the scope. A negation is a word in the list not, no, never, none, nor,
/// neither, nobody, nothing, nowhere, without, cannot; or a word ending in <c>n't</c> / <c>n’t</c> (don't as one
/// word); or the piece <c>t</c> right after <c>n'</c> / <c>n’</c> in the text (WordPiece's <c>don ' t</c>). A
/// negation inside a scope is itself marked and starts a new scope of 3 words.</item>
/// <item><c>seen_before</c>: the token's word has a letter or digit and appeared earlier in the same text (every
/// piece of the repeated word holds); the pattern an induction head completes.</item>
/// <item><c>word_piece</c>: the token is a continuation piece, not the first token of its word.</item>
/// <item><c>code_like</c>: any of: the token's chunk (the maximal run of non-white-space characters around it)
/// contains <c>_</c>, or a lower-case letter directly followed by an upper-case letter (camelCase, so
/// <c>iPhone</c> counts too); or the core is one of <c>= == != &lt;= &gt;= =&gt; -&gt; ; { }</c>; or the
/// token's line ends, ignoring trailing white space, in <c>;</c>, <c>{</c> or <c>}</c> (a prose line ending in
/// a semicolon counts too).</item>
/// <item><c>function_word</c>: the token's word (without surrounding white space) is one of the 121 English
/// function words in <see cref="EnglishWordLists.FunctionWordList"/>; every piece holds.</item>
/// </list>
/// </summary>
public sealed class ContextFeature : IFeature
{
    private ContextFeature(ContextKind kind, string name, string label)
    {
        Kind = kind; Name = name; Label = label;
    }

    public ContextKind Kind { get; }
    /// <summary>The id's name part, e.g. <c>sentence_start</c>.</summary>
    public string Name { get; }
    public string Id => "context:" + Name;
    public string Label { get; }
    public string Family => "context";

    /// <summary>Every context feature, in <see cref="ContextKind"/> order.</summary>
    public static IReadOnlyList<ContextFeature> All { get; } = new[]
    {
        new ContextFeature(ContextKind.FirstToken, "first_token", "first token of its text"),
        new ContextFeature(ContextKind.Position, "position", "position of the token in its text"),
        new ContextFeature(ContextKind.SentenceStart, "sentence_start", "first token of a sentence"),
        new ContextFeature(ContextKind.LineStart, "line_start", "first token on its line"),
        new ContextFeature(ContextKind.Capitalised, "capitalised", "starts with a capital letter"),
        new ContextFeature(ContextKind.AllCaps, "all_caps", "all in capital letters"),
        new ContextFeature(ContextKind.Digits, "digits", "contains a digit"),
        new ContextFeature(ContextKind.PunctPeriod, "punct_period", "a full stop"),
        new ContextFeature(ContextKind.PunctComma, "punct_comma", "a comma"),
        new ContextFeature(ContextKind.PunctColon, "punct_colon", "a colon or semicolon"),
        new ContextFeature(ContextKind.PunctQuote, "punct_quote", "a quotation mark"),
        new ContextFeature(ContextKind.PunctBracket, "punct_bracket", "a bracket"),
        new ContextFeature(ContextKind.PunctDash, "punct_dash", "a dash or hyphen"),
        new ContextFeature(ContextKind.PunctOther, "punct_other", "other punctuation or symbols"),
        new ContextFeature(ContextKind.InsideQuotes, "inside_quotes", "inside double quotes"),
        new ContextFeature(ContextKind.InsideBrackets, "inside_brackets", "inside brackets"),
        new ContextFeature(ContextKind.AfterNegation, "after_negation", "within 3 words after a negation"),
        new ContextFeature(ContextKind.SeenBefore, "seen_before", "a word already seen earlier in the text"),
        new ContextFeature(ContextKind.WordPiece, "word_piece", "a later piece of a split word"),
        new ContextFeature(ContextKind.CodeLike, "code_like", "looks like program code"),
        new ContextFeature(ContextKind.FunctionWord, "function_word", "a function word (the, of, and, …)"),
    };

    /// <summary>The context feature with this name (<c>sentence_start</c>), or null.</summary>
    public static ContextFeature? Named(string name)
    {
        foreach (var f in All) if (f.Name == name) return f;
        return null;
    }

    /// <summary>The names, comma-separated, for error messages.</summary>
    public static string Names => string.Join(", ", All.Select(f => f.Name));

    public static ContextFeature Of(ContextKind kind) => All[(int)kind];

    public FeatureValues Evaluate(TokenTable table) => ContextRules.Evaluate(Kind, table);

    public override string ToString() => Id;
}
