using InterpLsp.Analysis.Explain.Evidence;
using InterpLsp.Analysis.Explain.Features;
using InterpLsp.Analysis.Explain.Predictability;
using InterpLsp.Analysis.Explain.WordNet;

namespace InterpLsp.Analysis.Explain.Candidates;

/// <summary>
/// What every side's candidates are drawn from, computed once per evidence table: each word's WordNet concepts
/// (those holding at least half its sense weight), the token strings, the context features, the predictability
/// features (an n-gram model trained on the table's texts) and other directions' values.
/// </summary>
public sealed class CandidateBase
{
    public CandidateBase(ExplainEvidence evidence, WordNetLexicon lexicon, IReadOnlyList<(IFeature Feature, FeatureValues Values)>? others = null)
    {
        Evidence = evidence;
        Lexicon = lexicon;
        var table = evidence.Table;
        // WordNet concepts of each word.
        var conceptIds = new Dictionary<string, int>(StringComparer.Ordinal);
        ConceptsOfWord = new int[table.Words.Count][];
        for (int w = 0; w < table.Words.Count; w++)
        {
            var word = table.Words[w];
            if (word.Length < 2 || !char.IsLetter(word[0])) { ConceptsOfWord[w] = []; continue; }
            var ids = new List<int>();
            foreach (var (c, weight) in lexicon.Concepts(word))
            {
                if (weight < WordNetConceptFeature.MinWeight) continue;
                if (!conceptIds.TryGetValue(c, out int id)) { id = ConceptKeys.Count; ConceptKeys.Add(c); conceptIds[c] = id; }
                ids.Add(id);
            }
            ConceptsOfWord[w] = ids.ToArray();
        }
        // Token strings (lower-cased).
        var tokenIds = new Dictionary<string, int>(StringComparer.Ordinal);
        TokenString = new int[table.Count];
        for (int t = 0; t < table.Count; t++)
        {
            var s = table.Text[t].ToLowerInvariant();
            if (!tokenIds.TryGetValue(s, out int id)) { id = TokenStrings.Count; TokenStrings.Add(s); tokenIds[s] = id; }
            TokenString[t] = id;
        }
        Fixed = new List<(IFeature, FeatureValues)>();
        foreach (var f in ContextFeature.All) Fixed.Add((f, f.Evaluate(table)));
        NGram = PredictabilityFeature.Train(table);
        foreach (var kind in PredictabilityFeature.Kinds)
            foreach (var low in new[] { false, true })
            {
                var f = new PredictabilityFeature(NGram, kind, low);
                Fixed.Add((f, f.Evaluate(table)));
            }
        Others = others ?? [];
    }

    public ExplainEvidence Evidence { get; }
    public TokenTable Table => Evidence.Table;
    public WordNetLexicon Lexicon { get; }
    /// <summary>Per word id: the ids (in <see cref="ConceptKeys"/>) of the concepts it counts under.</summary>
    public int[][] ConceptsOfWord { get; }
    public List<string> ConceptKeys { get; } = new();
    /// <summary>Per token: the id of its lower-cased text in <see cref="TokenStrings"/>.</summary>
    public int[] TokenString { get; }
    public List<string> TokenStrings { get; } = new();
    /// <summary>Candidates tried for every side: context and predictability features.</summary>
    public List<(IFeature Feature, FeatureValues Values)> Fixed { get; }
    /// <summary>Other directions' values (tried for the explained direction, not for the null's random ones).</summary>
    public IReadOnlyList<(IFeature Feature, FeatureValues Values)> Others { get; set; }
    public NGramModel NGram { get; }
}
