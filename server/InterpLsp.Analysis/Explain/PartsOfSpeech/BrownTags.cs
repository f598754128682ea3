using System.Collections.Frozen;

namespace InterpLsp.Analysis.Explain.PartsOfSpeech;

/// <summary>
/// The Brown Corpus's part-of-speech tags as the tagger and the candidate family use them: a raw tag
/// (<c>nn-tl</c>, <c>fw-in</c>, <c>bedz*</c>, <c>ppss+ber</c>) made a <b>fine tag</b> (<see cref="Fine"/>), each fine
/// tag's coarse <b>Universal</b> tag (<see cref="Universal"/>, the 12 tags of Petrov, Das and McDonald 2012, following
/// their mapping for Brown) and readable names for people (<see cref="Name"/>: <c>VBD</c> is "past-tense verbs").
/// </summary>
public static class BrownTags
{
    /// <summary>The 12 Universal tags (Petrov et al. 2012), in their paper's order.</summary>
    public static IReadOnlyList<string> UniversalTags { get; } = ["NOUN", "VERB", "ADJ", "ADV", "PRON", "DET", "ADP", "NUM", "CONJ", "PRT", ".", "X"];

    /// <summary>Brown's marks of use rather than of part of speech: in a title, in a headline, cited as a word. A
    /// few tags in the corpus carry them truncated (<c>-n</c>, <c>-t</c>).</summary>
    private static readonly string[] UseSuffixes = ["-TL", "-HL", "-NC", "-N", "-T"];

    /// <summary>The fine tag of a raw Brown tag: upper case, without the marks of use (<c>NN-TL</c> is <c>NN</c>),
    /// every foreign word <c>FW</c> (Brown tags them <c>FW-</c> + the tag the word would have in English). Contractions
    /// (<c>PPSS+BER</c>) and negated forms (<c>BEDZ*</c>) stay tags of their own, as in the corpus.</summary>
    public static string Fine(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var tag = raw.Trim().ToUpperInvariant();
        bool stripped = true;
        while (stripped)
        {
            stripped = false;
            foreach (var s in UseSuffixes)
                if (tag.Length > s.Length && tag.EndsWith(s, StringComparison.Ordinal) && tag[..^s.Length].Any(c => c != '-'))
                {
                    tag = tag[..^s.Length];
                    stripped = true;
                    break;
                }
        }
        if (tag.StartsWith("FW-", StringComparison.Ordinal)) return "FW";
        return tag;
    }

    private static readonly FrozenDictionary<string, string> Simple = new Dictionary<string, string>
    {
        ["NN"] = "NOUN", ["NN$"] = "NOUN", ["NNS"] = "NOUN", ["NNS$"] = "NOUN", ["NP"] = "NOUN", ["NP$"] = "NOUN", ["NPS"] = "NOUN",
        ["NPS$"] = "NOUN", ["NR"] = "NOUN", ["NR$"] = "NOUN", ["NRS"] = "NOUN", ["PN"] = "NOUN", ["PN$"] = "NOUN", ["CD$"] = "NOUN",
        ["VB"] = "VERB", ["VBD"] = "VERB", ["VBG"] = "VERB", ["VBN"] = "VERB", ["VBZ"] = "VERB", ["BE"] = "VERB", ["BED"] = "VERB",
        ["BEDZ"] = "VERB", ["BEG"] = "VERB", ["BEM"] = "VERB", ["BEN"] = "VERB", ["BER"] = "VERB", ["BEZ"] = "VERB", ["HV"] = "VERB",
        ["HVD"] = "VERB", ["HVG"] = "VERB", ["HVN"] = "VERB", ["HVZ"] = "VERB", ["DO"] = "VERB", ["DOD"] = "VERB", ["DOZ"] = "VERB",
        ["MD"] = "VERB",
        ["JJ"] = "ADJ", ["JJR"] = "ADJ", ["JJS"] = "ADJ", ["JJT"] = "ADJ", ["OD"] = "ADJ", ["AP"] = "ADJ",
        ["RB"] = "ADV", ["RBR"] = "ADV", ["RBT"] = "ADV", ["RN"] = "ADV", ["QL"] = "ADV", ["QLP"] = "ADV", ["WRB"] = "ADV", ["WQL"] = "ADV",
        ["*"] = "ADV",
        ["RP"] = "PRT", ["TO"] = "PRT", ["UH"] = "PRT", ["EX"] = "PRT", ["ABL"] = "PRT", ["ABN"] = "PRT", ["AP$"] = "PRT", ["RB$"] = "PRT",
        ["JJ$"] = "PRT",
        ["AT"] = "DET", ["DT"] = "DET", ["DTI"] = "DET", ["DTS"] = "DET", ["DTX"] = "DET", ["DT$"] = "DET", ["ABX"] = "DET", ["PP$"] = "DET",
        ["WDT"] = "DET", ["WP$"] = "DET",
        ["PPS"] = "PRON", ["PPSS"] = "PRON", ["PPO"] = "PRON", ["PPL"] = "PRON", ["PPLS"] = "PRON", ["PP$$"] = "PRON", ["WPS"] = "PRON",
        ["WPO"] = "PRON",
        ["IN"] = "ADP", ["CS"] = "ADP",
        ["CC"] = "CONJ",
        ["CD"] = "NUM",
        ["FW"] = "X", ["NIL"] = "X",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The Universal tag of a fine tag (<see cref="Fine"/>), by Petrov et al.'s mapping for Brown: a tag made
    /// of punctuation is <c>.</c>; a negated form is its verb's (<c>BEDZ*</c> VERB); a contraction whose first part is
    /// a verb is VERB (<c>VB+PPO</c>), one of a word and a following verb is PRT (<c>PPSS+BER</c> "we're", <c>NN+BEZ</c>),
    /// any other the first part's (<c>IN+PPO</c> ADP); a tag the mapping does not know is X.</summary>
    public static string Universal(string fine)
    {
        ArgumentNullException.ThrowIfNull(fine);
        if (fine.Length > 0 && fine.All(c => !char.IsLetterOrDigit(c) && c != '*' && c != '$')) return ".";
        if (fine.Contains('+'))
        {
            var parts = fine.Split('+');
            if (parts.Length != 2 || fine == "DO+PPSS" || parts.Any(p => p.Length == 0)) return "X";
            var first = Universal(parts[0]);
            if (first == "VERB") return "VERB";
            if (parts[0] == "WRB" || Universal(parts[1]) == "VERB") return "PRT";
            return first;
        }
        var bare = fine.Length > 1 && fine.EndsWith('*') ? fine[..^1] : fine;
        return Simple.TryGetValue(bare, out var u) ? u : "X";
    }

    private static readonly FrozenDictionary<string, string> Names = new Dictionary<string, string>
    {
        ["NN"] = "singular nouns", ["NNS"] = "plural nouns", ["NN$"] = "possessive nouns", ["NNS$"] = "possessive plural nouns",
        ["NP"] = "proper nouns", ["NPS"] = "plural proper nouns", ["NP$"] = "possessive proper nouns", ["NR"] = "adverbial nouns (home, today, west)",
        ["PN"] = "nominal pronouns (everyone, nothing)",
        ["VB"] = "base-form verbs", ["VBD"] = "past-tense verbs", ["VBG"] = "-ing verbs (present participles, gerunds)", ["VBN"] = "past participles",
        ["VBZ"] = "third-person singular present verbs", ["MD"] = "modal verbs (can, would, must)", ["MD*"] = "negated modals (can't, won't)",
        ["BE"] = "forms of be: be", ["BED"] = "forms of be: were", ["BEDZ"] = "forms of be: was", ["BEG"] = "forms of be: being", ["BEM"] = "forms of be: am",
        ["BEN"] = "forms of be: been", ["BER"] = "forms of be: are", ["BEZ"] = "forms of be: is",
        ["HV"] = "forms of have: have", ["HVD"] = "forms of have: had (past tense)", ["HVG"] = "forms of have: having", ["HVN"] = "forms of have: had (participle)",
        ["HVZ"] = "forms of have: has", ["DO"] = "forms of do: do", ["DOD"] = "forms of do: did", ["DOZ"] = "forms of do: does",
        ["JJ"] = "adjectives", ["JJR"] = "comparative adjectives", ["JJS"] = "semantically superlative adjectives (chief, top)", ["JJT"] = "superlative adjectives",
        ["OD"] = "ordinal numbers", ["AP"] = "post-determiners (many, other, next, last)",
        ["RB"] = "adverbs", ["RBR"] = "comparative adverbs", ["RBT"] = "superlative adverbs", ["RN"] = "nominal adverbs (here, then)",
        ["RP"] = "adverbial particles (up, out, off)", ["QL"] = "qualifiers (very, too, so)", ["QLP"] = "post-qualifiers (enough, indeed)",
        ["WRB"] = "wh-adverbs (when, where, how, why)", ["WQL"] = "wh-qualifiers (how as in how long)", ["*"] = "negators (not, n't)",
        ["AT"] = "articles", ["DT"] = "singular determiners (this, that)", ["DTS"] = "plural determiners (these, those)", ["DTI"] = "determiners (some, any)",
        ["DTX"] = "determiners that pair (either, neither)", ["ABN"] = "pre-quantifiers (all, half)", ["ABX"] = "pre-quantifier both", ["ABL"] = "pre-qualifiers (quite, rather)",
        ["PP$"] = "possessive determiners (my, their)", ["WDT"] = "wh-determiners (which, what)", ["WP$"] = "possessive wh-pronoun whose",
        ["PPS"] = "third-person singular subject pronouns (he, she, it)", ["PPSS"] = "other subject pronouns (I, we, they, you)", ["PPO"] = "object pronouns (him, them)",
        ["PPL"] = "reflexive pronouns (himself)", ["PPLS"] = "plural reflexive pronouns (themselves)", ["PP$$"] = "possessive pronouns (mine, theirs)",
        ["WPS"] = "wh-pronouns as subject (who, that)", ["WPO"] = "wh-pronouns as object (whom)",
        ["IN"] = "prepositions", ["CS"] = "subordinating conjunctions (that, if, because)", ["CC"] = "coordinating conjunctions (and, or, but)",
        ["CD"] = "cardinal numbers", ["TO"] = "infinitive to", ["EX"] = "existential there", ["UH"] = "interjections", ["FW"] = "foreign words",
        ["."] = "sentence-ending punctuation", [","] = "commas", [":"] = "colons and semicolons", ["--"] = "dashes", ["("] = "opening brackets", [")"] = "closing brackets",
        ["``"] = "opening quotes", ["''"] = "closing quotes",
        ["PPSS+BER"] = "contractions such as we're, they're", ["PPSS+MD"] = "contractions such as I'll, we'd", ["PPS+BEZ"] = "contractions such as it's, he's",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> UniversalNames = new Dictionary<string, string>
    {
        ["NOUN"] = "nouns", ["VERB"] = "verbs", ["ADJ"] = "adjectives", ["ADV"] = "adverbs", ["PRON"] = "pronouns", ["DET"] = "determiners and articles",
        ["ADP"] = "prepositions and subordinators (adpositions)", ["NUM"] = "numbers", ["CONJ"] = "conjunctions", ["PRT"] = "particles and other function words",
        ["."] = "punctuation", ["X"] = "other words (foreign words, typos)",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>A fine tag's name for people, in the plural ("past-tense verbs"); a tag without a name of its own is
    /// "words tagged X".</summary>
    public static string Name(string fine) => Names.TryGetValue(fine, out var n) ? n : $"words tagged {fine}";

    /// <summary>A Universal tag's name for people, in the plural ("verbs").</summary>
    public static string UniversalName(string universal) => UniversalNames.TryGetValue(universal, out var n) ? n : $"words tagged {universal}";

    /// <summary>True for one of the 12 Universal tags.</summary>
    public static bool IsUniversal(string tag) => UniversalNames.ContainsKey(tag);
}
