using InterpLsp.Analysis.Explain.Evidence;
using InterpLsp.Analysis.Explain.Families;
using InterpLsp.Analysis.Explain.Features;
using InterpLsp.Analysis.Explain.Predictability;
using InterpLsp.Analysis.Explain.WordNet;

namespace InterpLsp.Analysis.Explain.Candidates;

/// <summary>
/// What every side's candidates are drawn from, computed once per evidence table: each word's WordNet concepts
/// (those holding at least half its sense weight), the token strings, an n-gram model trained on the table's texts,
/// what each family prepares for the table (<see cref="ICandidateFamily.Prepare"/>) and other directions' values.
/// </summary>
public sealed class CandidateBase
{
    public CandidateBase(ExplainEvidence evidence, WordNetLexicon lexicon, IReadOnlyList<(IFeature Feature, FeatureValues Values)>? others = null,
        CandidateFamilies? families = null, ModelNextToken? nextToken = null)
    {
        Evidence = evidence;
        NextToken = nextToken;
        Lexicon = lexicon;
        var table = evidence.Table;
        // The n-gram model trains on its own core meanwhile.
        var ngram = Task.Run(() => PredictabilityFeature.Train(table));
        // WordNet concepts of each word: looked up in parallel, then numbered in word order.
        var perWord = new string[table.Words.Count][];
        Parallel.For(0, table.Words.Count, w =>
        {
            var word = table.Words[w];
            perWord[w] = word.Length < 2 || !char.IsLetter(word[0]) ? []
                : lexicon.Concepts(word).Where(kv => kv.Value >= WordNetConceptFeature.MinWeight).Select(kv => kv.Key).OrderBy(k => k, StringComparer.Ordinal).ToArray();
        });
        var conceptIds = new Dictionary<string, int>(StringComparer.Ordinal);
        ConceptsOfWord = new int[table.Words.Count][];
        for (int w = 0; w < table.Words.Count; w++)
        {
            var ids = new int[perWord[w].Length];
            for (int i = 0; i < ids.Length; i++)
            {
                var c = perWord[w][i];
                if (!conceptIds.TryGetValue(c, out int id)) { id = ConceptKeys.Count; ConceptKeys.Add(c); conceptIds[c] = id; }
                ids[i] = id;
            }
            ConceptsOfWord[w] = ids;
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
        TokensOfWord = Group(table.Word, table.Words.Count);
        TokensOfString = Group(TokenString, TokenStrings.Count);
        var wordsOf = new List<int>[ConceptKeys.Count];
        for (int w = 0; w < ConceptsOfWord.Length; w++)
            foreach (int c in ConceptsOfWord[w]) (wordsOf[c] ??= new List<int>()).Add(w);
        WordsOfConcept = wordsOf.Select(l => l?.ToArray() ?? []).ToArray();
        _ngram = ngram;
        Families = families ?? CandidateFamilies.Default;
        // What each family computes once per table, in the registry's order (context while the n-gram model trains).
        _prepared = Families.Families.Select(f => f.Prepare(this)).ToArray();
        Others = others ?? [];
    }

    /// <summary>Per word id, its tokens (ascending); per token-string id, likewise; per concept id, its words.</summary>
    public int[][] TokensOfWord { get; }
    public int[][] TokensOfString { get; }
    public int[][] WordsOfConcept { get; }

    /// <summary>The tokens of the given words (or token strings), ascending.</summary>
    public static int[] Union(int[][] lists, IEnumerable<int> ids)
    {
        var all = new List<int>();
        foreach (int i in ids) all.AddRange(lists[i]);
        var a = all.ToArray();
        Array.Sort(a);
        return a;
    }

    private static int[][] Group(int[] key, int count)
    {
        var sizes = new int[count];
        foreach (int k in key) sizes[k]++;
        var r = new int[count][];
        for (int i = 0; i < count; i++) r[i] = new int[sizes[i]];
        Array.Clear(sizes);
        for (int t = 0; t < key.Length; t++) r[key[t]][sizes[key[t]]++] = t;
        return r;
    }

    public ExplainEvidence Evidence { get; }
    public TokenTable Table => Evidence.Table;
    /// <summary>A causal model's own next-token entropy and surprisal on every token (the predictability family's
    /// <c>model:</c> candidates); null for an encoder.</summary>
    public ModelNextToken? NextToken { get; }
    public WordNetLexicon Lexicon { get; }
    /// <summary>Per word id: the ids (in <see cref="ConceptKeys"/>) of the concepts it counts under.</summary>
    public int[][] ConceptsOfWord { get; }
    public List<string> ConceptKeys { get; } = new();
    /// <summary>Per token: the id of its lower-cased text in <see cref="TokenStrings"/>.</summary>
    public int[] TokenString { get; }
    public List<string> TokenStrings { get; } = new();
    /// <summary>The families candidates are proposed from (<see cref="CandidateFamilies.Default"/> unless a test gives others).</summary>
    public CandidateFamilies Families { get; }

    private readonly object?[] _prepared;

    /// <summary>What <paramref name="family"/> computed for this table (<see cref="ICandidateFamily.Prepare"/>).</summary>
    public T StateOf<T>(ICandidateFamily family) where T : class
    {
        for (int i = 0; i < _prepared.Length; i++)
            if (ReferenceEquals(Families.Families[i], family)) return (T)_prepared[i]!;
        throw new ArgumentException($"the family '{family.Name}' is not one of this base's");
    }

    /// <summary>Other directions' values (tried for the explained direction, not for the null's random ones); empty in
    /// the base that is cached and shared, set only on one explanation's copy (<see cref="WithOthers"/>).</summary>
    public IReadOnlyList<(IFeature Feature, FeatureValues Values)> Others { get; private set; }

    /// <summary>This base with <paramref name="others"/> as candidates too, for one explanation: a shallow copy that
    /// shares everything else, so the cached base (used by other explanations and the hover) is never changed.</summary>
    public CandidateBase WithOthers(IReadOnlyList<(IFeature Feature, FeatureValues Values)> others)
    {
        var copy = (CandidateBase)MemberwiseClone();
        copy.Others = others;
        return copy;
    }
    /// <summary>The n-gram model trained on the table's texts (waits for its training).</summary>
    public NGramModel NGram => _ngram.GetAwaiter().GetResult();
    private readonly Task<NGramModel> _ngram;
}
