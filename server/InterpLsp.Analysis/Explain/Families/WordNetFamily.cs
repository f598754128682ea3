using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Features;
using InterpLsp.Analysis.Explain.Pipeline;
using InterpLsp.Analysis.Explain.WordNet;

namespace InterpLsp.Analysis.Explain.Families;

/// <summary>WordNet concepts (<see cref="WordNetConceptFeature"/>): synsets with their hyponyms (id
/// <c>wordnet:n.05725676</c>) and supersenses (id <c>lexname:noun.attribute</c>), the <see cref="Concepts"/> most
/// enriched among the firing tokens. They may serve the union test, which also tries the concepts that cover every
/// mode (<see cref="ProposeCovering"/>).</summary>
public sealed class WordNetFamily : ICandidateFamily
{
    public const int Concepts = 40;
    /// <summary>Most concepts tried as covering the modes, and the least share of each mode's firing tokens they need.</summary>
    public const int CoverConcepts = 30;
    public const double MinModeShare = 0.1;

    public string Name => "wordnet";
    public IReadOnlyList<string> Prefixes { get; } = [WordNetConceptFeature.SynsetPrefix, WordNetLexicon.LexnamePrefix];
    public bool ServesUnion => true;

    /// <summary>Never waits for the lexicon (the hover card parses ids): without it loaded, not computable yet.</summary>
    public IFeature? Parse(string id, FeatureContext context) =>
        (context.Base?.Lexicon ?? WordNetLexicon.LoadedOrStartLoading()) is { } lexicon ? WordNetConceptFeature.TryParse(id, lexicon) : null;

    public void Propose(Proposal p)
    {
        var b = p.Base;
        var table = p.Table;
        foreach (var (c, _, _) in p.Enriched(t => b.ConceptsOfWord[table.Word[t]], Concepts))
            p.Add(new WordNetConceptFeature(b.Lexicon, b.ConceptKeys[c]), ConceptValues(b, c));
    }

    /// <summary>The <see cref="CoverConcepts"/> concepts whose smallest share of a mode's proposing-half firing tokens
    /// is largest (at least <see cref="MinModeShare"/> of every mode).</summary>
    public IEnumerable<Candidate> ProposeCovering(CandidateBase b, IReadOnlyList<bool[]> modes)
    {
        var table = b.Table;
        var ev = b.Evidence;
        var shares = new List<Dictionary<int, double>>();
        foreach (var mask in modes)
        {
            var counts = new Dictionary<int, double>();
            int n = 0;
            for (int t = 0; t < table.Count; t++)
            {
                if (!mask[t] || ev.IsHeldOut(t)) continue;
                n++;
                foreach (int c in b.ConceptsOfWord[table.Word[t]]) counts[c] = counts.TryGetValue(c, out var v) ? v + 1 : 1;
            }
            shares.Add(counts.ToDictionary(kv => kv.Key, kv => n > 0 ? kv.Value / n : 0));
        }
        var common = shares[0].Keys.Select(c => (c, min: shares.Min(s => s.TryGetValue(c, out var v) ? v : 0)))
            .Where(z => z.min >= MinModeShare).OrderByDescending(z => z.min).ThenBy(z => z.c).Take(CoverConcepts).Select(z => z.c);
        foreach (int c in common)
        {
            var v = ConceptValues(b, c);
            yield return new Candidate(new WordNetConceptFeature(b.Lexicon, b.ConceptKeys[c]), v, v.Holds!);
        }
    }

    /// <summary>The tokens of words that count under concept <paramref name="c"/> (an id in <see cref="CandidateBase.ConceptKeys"/>).</summary>
    public static FeatureValues ConceptValues(CandidateBase b, int c) =>
        FeatureValues.Set(b.Table.Count, CandidateBase.Union(b.TokensOfWord, b.WordsOfConcept[c]));
}
