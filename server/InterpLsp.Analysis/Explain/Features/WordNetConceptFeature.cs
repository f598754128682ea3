using InterpLsp.Analysis.Explain.Evidence;
using InterpLsp.Analysis.Explain.WordNet;

namespace InterpLsp.Analysis.Explain.Features;

/// <summary>
/// A WordNet concept as a candidate: a synset with everything under it (id <c>wordnet:n.05725676</c>) or a
/// lexicographer file, WordNet's supersense (id <c>lexname:noun.attribute</c>). It holds on every token (all
/// pieces) of a word when at least half of the word's sense weight lies under the concept
/// (<see cref="WordNetLexicon.Concepts"/>: senses of every base form by morphy, weighted by their SemCor tag
/// count + 1), so a word whose usual sense is elsewhere does not count.
/// </summary>
public sealed class WordNetConceptFeature : IFeature
{
    public const double MinWeight = 0.5;
    public const string SynsetPrefix = "wordnet:";

    private readonly WordNetLexicon _lexicon;

    public WordNetConceptFeature(WordNetLexicon lexicon, string concept)
    {
        _lexicon = lexicon;
        Concept = concept;
        bool lex = concept.StartsWith(WordNetLexicon.LexnamePrefix, StringComparison.Ordinal);
        if (lex)
        {
            var name = concept[WordNetLexicon.LexnamePrefix.Length..];
            if (!lexicon.Lexnames.Contains(name)) throw new ArgumentException($"WordNet has no lexicographer file '{name}'");
            Id = concept;
            Label = $"WordNet supersense {name}";
            Family = "lexname";
        }
        else
        {
            if (!lexicon.Contains(concept)) throw new ArgumentException($"WordNet has no synset '{concept}'");
            Id = SynsetPrefix + concept;
            var lemmas = lexicon.Lemmas(concept).Take(3).Select(l => l.Replace('_', ' '));
            Label = $"WordNet {lexicon.Name(concept)} ({string.Join(", ", lemmas)}) and its hyponyms";
            Family = "wordnet";
        }
    }

    /// <summary>The concept key as <see cref="WordNetLexicon.Concepts"/> gives it: a synset key or <c>lexname:…</c>.</summary>
    public string Concept { get; }
    public string Id { get; }
    public string Label { get; }
    public string Family { get; }

    public FeatureValues Evaluate(TokenTable table)
    {
        var holdsWord = new bool?[table.Words.Count];
        var holds = new List<int>();
        for (int t = 0; t < table.Count; t++)
        {
            int w = table.Word[t];
            holdsWord[w] ??= _lexicon.Concepts(table.Words[w]).TryGetValue(Concept, out var weight) && weight >= MinWeight;
            if (holdsWord[w] == true) holds.Add(t);
        }
        return FeatureValues.Set(table.Count, holds.ToArray());
    }

    /// <summary>Parses <c>wordnet:KEY</c> or <c>lexname:NAME</c>; null for other ids.</summary>
    /// <param name="lexicon">The lexicon; null: the shared one, loaded if need be.</param>
    public static IFeature? TryParse(string id, WordNetLexicon? lexicon = null)
    {
        if (id.StartsWith(SynsetPrefix, StringComparison.Ordinal)) return new WordNetConceptFeature(lexicon ?? WordNetLexicon.Default(), id[SynsetPrefix.Length..]);
        if (id.StartsWith(WordNetLexicon.LexnamePrefix, StringComparison.Ordinal)) return new WordNetConceptFeature(lexicon ?? WordNetLexicon.Default(), id);
        return null;
    }
}
