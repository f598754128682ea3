using System.Collections.Frozen;

namespace InterpLsp.Analysis.Explain.WordNet;

/// <summary>
/// English function words (pronouns, determiners, prepositions, conjunctions, auxiliaries and modals, negation and a
/// few adverbs of place and time), which count under no WordNet concept: WordNet knows many of them only by a rare
/// noun or verb sense ("he" helium, "at" the Laotian monetary unit, "or" Oregon, "who" the World Health Organization,
/// "may" the month, "does" female deer, "can" a container), so without this rule "he" would count under chemical
/// element and "at" under monetary unit on every line of running prose. Lower case; compared after
/// <see cref="WordNetLexicon.Normalize"/>.
/// </summary>
public static class FunctionWords
{
    public static readonly FrozenSet<string> All = new[]
    {
        // pronouns
        "i", "me", "my", "mine", "myself", "you", "your", "yours", "yourself", "yourselves", "he", "him", "his", "himself",
        "she", "her", "hers", "herself", "it", "its", "itself", "we", "us", "our", "ours", "ourselves", "they", "them",
        "their", "theirs", "themselves", "who", "whom", "whose", "which", "what", "that", "this", "these", "those",
        // determiners and quantifiers
        "a", "an", "the", "some", "any", "no", "every", "each", "either", "neither", "all", "both",
        // prepositions
        "at", "in", "on", "of", "to", "for", "from", "by", "with", "about", "as", "into", "onto", "upon", "over", "under",
        "between", "among", "through", "during", "before", "after", "above", "below", "off", "near", "against", "without",
        "within", "along", "across", "behind", "beyond", "toward", "towards", "around", "per", "via",
        // conjunctions
        "and", "or", "but", "nor", "so", "yet", "if", "because", "although", "though", "while", "whereas", "unless", "than", "whether",
        // auxiliaries and modals
        "be", "am", "is", "are", "was", "were", "been", "being", "have", "has", "had", "having", "do", "does", "did",
        "can", "could", "may", "might", "must", "shall", "should", "will", "would",
        // negation, place, time, manner
        "not", "there", "here", "then", "when", "where", "why", "how",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static bool Contains(string normalized) => All.Contains(normalized);
}
