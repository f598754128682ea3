using InterpLsp.Analysis.Explain.Features;
using InterpLsp.Analysis.Explain.Pipeline;

namespace InterpLsp.Analysis.Explain.Families;

/// <summary>Word lists (<see cref="WordSetFeature"/>, id <c>words:heat|warm</c>): the words most enriched among the
/// firing tokens, alone and as sets (<see cref="ItemSets"/>). A list of n words has complexity n. Also what a user's
/// <c>words</c> hypothesis becomes.</summary>
public sealed class WordsFamily : ICandidateFamily
{
    public const string Prefix = "words:";

    /// <summary>The id form, for <see cref="FeatureIds"/>.</summary>
    public static FeatureIdForm Form { get; } = new(Prefix, "words:<word>|<word>… (lower-case, a phrase may hold spaces, \\| and \\\\ for | and \\)",
        body => new WordSetFeature(FeatureIdList.Split(body)));

    public string Name => "words";
    public IReadOnlyList<string> Prefixes { get; } = [Prefix];
    public IFeature? Parse(string id, FeatureContext context) => Form.Parse(id[Prefix.Length..]);
    public int Complexity(IFeature feature) => feature is WordSetFeature w ? w.Words.Count : 1;

    public void Propose(Proposal p)
    {
        var table = p.Table;
        // A whitespace-only "word" (a byte-level BPE's space or newline token) is no word: never proposed.
        var ranked = p.Enriched(t => table.Word[t], ItemSets.Ranked).Select(x => x.Item)
            .Where(w => !string.IsNullOrWhiteSpace(table.Words[w])).ToList();
        ItemSets.Propose(p, ranked, p.Base.TokensOfWord, ids => new WordSetFeature(ids.Select(i => table.Words[i])));
    }
}
