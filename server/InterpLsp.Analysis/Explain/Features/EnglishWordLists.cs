namespace InterpLsp.Analysis.Explain.Features;

/// <summary>Fixed English word lists the context features use (lower-case).</summary>
public static class EnglishWordLists
{
    /// <summary>The negation words of <see cref="ContextKind.AfterNegation"/>.</summary>
    public static IReadOnlySet<string> NegationWords => Negations;
    /// <summary>The function words of <see cref="ContextKind.FunctionWord"/>.</summary>
    public static IReadOnlySet<string> FunctionWordList => FunctionWords;

    /// <summary>Words that negate what follows (<see cref="ContextKind.AfterNegation"/>).</summary>
    internal static readonly HashSet<string> Negations = new(StringComparer.Ordinal)
    {
        "not", "no", "never", "none", "nor", "neither", "nobody", "nothing", "nowhere", "without", "cannot",
    };

    /// <summary>
    /// 121 English function words (<see cref="ContextKind.FunctionWord"/>): articles and determiners, pronouns,
    /// prepositions, conjunctions, auxiliary and modal verbs, and a few particles and adverbs of degree.
    /// </summary>
    internal static readonly HashSet<string> FunctionWords = new(StringComparer.Ordinal)
    {
        // articles, determiners, quantifiers
        "a", "an", "the", "this", "that", "these", "those", "some", "any", "each", "every", "all", "both",
        "either", "neither", "no", "many", "much", "more", "most", "few", "such", "other", "another",
        // pronouns
        "i", "me", "my", "mine", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her", "it", "its",
        "they", "them", "their", "who", "whom", "whose", "which", "what", "myself", "itself", "themselves",
        // prepositions
        "of", "in", "on", "at", "by", "for", "with", "from", "to", "into", "onto", "about", "over", "under",
        "after", "before", "between", "through", "during", "without", "against", "among", "upon", "within",
        // conjunctions
        "and", "or", "but", "nor", "so", "yet", "if", "because", "although", "though", "while", "when",
        "where", "whether", "than", "as",
        // auxiliary and modal verbs
        "be", "is", "am", "are", "was", "were", "been", "being", "have", "has", "had", "do", "does", "did",
        "will", "would", "shall", "should", "can", "could", "may", "might", "must",
        // particles, degree
        "not", "there", "then", "very", "too", "also", "just",
    };
}
