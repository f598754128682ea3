namespace InterpLsp.Analysis.Explain.Features;

/// <summary>The computable context features; each one's rule is on <see cref="ContextFeature"/>'s matching member
/// and in <see cref="ContextRules"/>. The id name is the snake_case form (<c>SentenceStart</c> is
/// <c>context:sentence_start</c>).</summary>
public enum ContextKind
{
    FirstToken,
    Position,
    SentenceStart,
    LineStart,
    Capitalised,
    AllCaps,
    Digits,
    PunctPeriod,
    PunctComma,
    PunctColon,
    PunctQuote,
    PunctBracket,
    PunctDash,
    PunctOther,
    InsideQuotes,
    InsideBrackets,
    AfterNegation,
    SeenBefore,
    WordPiece,
    CodeLike,
    FunctionWord,
}
