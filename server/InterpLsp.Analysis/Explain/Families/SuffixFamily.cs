using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Evidence;
using InterpLsp.Analysis.Explain.Features;
using InterpLsp.Analysis.Explain.Pipeline;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Explain.Families;

/// <summary>
/// Word endings (<see cref="SuffixFeature"/>, id <c>suffix:ing</c>): "fires on words ending in -ing / -ly / -tion",
/// the morphology a word list of at most six words cannot state. Proposed: the <see cref="Proposed"/> endings of
/// 2 to 4 letters most enriched among the firing tokens, each shared by at least <see cref="MinWords"/> words of the
/// table (fewer is a word list's job) and not nested in a longer one (<see cref="NestedShare"/>).
/// </summary>
public sealed class SuffixFamily : ICandidateFamily
{
    public const string Prefix = "suffix:";
    public const int Proposed = 8, MinLength = 2, MaxLength = 4, MinWords = 3;
    /// <summary>An ending is left out when one a letter longer holds on at least this share of its tokens.</summary>
    public const double NestedShare = 0.8;

    public string Name => "suffix";
    public IReadOnlyList<string> Prefixes { get; } = [Prefix];
    public IFeature? Parse(string id, FeatureContext context) => new SuffixFeature(id[Prefix.Length..]);

    private sealed record State(string[] Suffixes, int[][] SuffixesOfWord, int[][] WordsOfSuffix);

    /// <summary>Each word's endings (those shared by <see cref="MinWords"/> words or more), numbered.</summary>
    public object? Prepare(CandidateBase b)
    {
        var words = b.Table.Words;
        var endings = new string[words.Count][];
        var count = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int w = 0; w < words.Count; w++)
        {
            var word = words[w].Trim();
            endings[w] = Enumerable.Range(MinLength, MaxLength - MinLength + 1).Where(k => SuffixFeature.Ends(word, k)).Select(k => word[^k..]).ToArray();
            foreach (var e in endings[w]) count[e] = count.GetValueOrDefault(e) + 1;
        }
        var tokens = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int t = 0; t < b.Table.Count; t++) foreach (var e in endings[b.Table.Word[t]]) tokens[e] = tokens.GetValueOrDefault(e) + 1;
        // An ending nearly all of whose tokens one a letter longer also holds on says nothing more (-ng is mostly -ing).
        bool Nested(string e) => count.Keys.Any(l => l.Length == e.Length + 1 && l.EndsWith(e, StringComparison.Ordinal) && count[l] >= MinWords
            && tokens[l] >= NestedShare * tokens[e]);
        var kept = count.Where(kv => kv.Value >= MinWords && !Nested(kv.Key)).Select(kv => kv.Key).OrderBy(s => s, StringComparer.Ordinal).ToArray();
        var id = kept.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => x.i, StringComparer.Ordinal);
        var ofWord = endings.Select(es => es.Where(id.ContainsKey).Select(e => id[e]).ToArray()).ToArray();
        var wordsOf = kept.Select(_ => new List<int>()).ToArray();
        for (int w = 0; w < ofWord.Length; w++) foreach (int s in ofWord[w]) wordsOf[s].Add(w);
        return new State(kept, ofWord, wordsOf.Select(l => l.ToArray()).ToArray());
    }

    public void Propose(Proposal p)
    {
        var s = p.Base.StateOf<State>(this);
        var table = p.Table;
        foreach (var (i, _, _) in p.Enriched(t => s.SuffixesOfWord[table.Word[t]], Proposed))
            p.Add(new SuffixFeature(s.Suffixes[i]), FeatureValues.Set(table.Count, CandidateBase.Union(p.Base.TokensOfWord, s.WordsOfSuffix[i])));
    }
}

/// <summary>A word ending: holds on every token (all pieces) of a word (the table's, without surrounding white space,
/// lower-case) made only of letters that ends in <see cref="Suffix"/> after at least <see cref="MinStem"/> letters
/// (<c>suffix:ing</c> holds on <c>running</c>, not on <c>king</c> or <c>being</c>). Family <c>suffix</c>, id
/// <c>suffix:</c> + the ending, label <c>words ending in -ing</c>.</summary>
public sealed class SuffixFeature : IFeature
{
    public const int MinStem = 3, MaxSuffix = 12;

    /// <exception cref="ArgumentException">An ending that is empty, longer than <see cref="MaxSuffix"/>, or not all
    /// lower-case letters.</exception>
    public SuffixFeature(string suffix)
    {
        if (suffix.Length is 0 or > MaxSuffix || !suffix.All(c => char.IsLetter(c) && !char.IsUpper(c)))
            throw new ArgumentException($"a word ending is 1 to {MaxSuffix} lower-case letters, not '{Echo.Input(suffix)}'");
        Suffix = suffix;
    }

    public string Suffix { get; }
    public string Id => SuffixFamily.Prefix + Suffix;
    public string Label => $"words ending in -{Suffix}";
    public string Family => "suffix";

    /// <summary>True when <paramref name="word"/> (lower-case, trimmed) is all letters and longer than
    /// <paramref name="k"/> + <see cref="MinStem"/> - 1: it has an ending of <paramref name="k"/> letters.</summary>
    public static bool Ends(string word, int k) => word.Length >= k + MinStem && word.All(char.IsLetter);

    public FeatureValues Evaluate(TokenTable table)
    {
        var holds = new bool[table.Words.Count];
        for (int w = 0; w < holds.Length; w++)
        {
            var word = table.Words[w].Trim();
            holds[w] = Ends(word, Suffix.Length) && word.EndsWith(Suffix, StringComparison.Ordinal);
        }
        var b = new HoldsBuilder(64);
        for (int t = 0; t < table.Count; t++) if (holds[table.Word[t]]) b.Add(t);
        return b.ToValues(table.Count);
    }

    public override string ToString() => Id;
}
