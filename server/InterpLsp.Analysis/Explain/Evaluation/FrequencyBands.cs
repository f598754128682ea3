using InterpLsp.Analysis.Explain.Evidence;
using InterpLsp.Analysis.Explain.Features;
using InterpLsp.Analysis.Explain.WordNet;

namespace InterpLsp.Analysis.Explain.Evaluation;

/// <summary>
/// The frequency bands the evaluation reports by, decided by a concept's measured share of the corpus's tokens (the
/// tokens, all pieces, of the words that count under it by <see cref="WordNetConceptFeature"/>'s rule, over all tokens
/// of the evidence table), never by the list it was planted from:
/// - <see cref="Broad"/>: more than <see cref="RareMax"/> (0.6 %);
/// - <see cref="Rare"/>: from <see cref="RareMin"/> (0.02 %) to <see cref="RareMax"/> (0.6 %), both included;
/// - <see cref="BelowRare"/>: less than 0.02 % (reported, with no target).
/// A mixture is in the band of its two parts when they share one, else in <see cref="Mixed"/>.
/// </summary>
public static class FrequencyBands
{
    public const string Broad = "broad";
    public const string Rare = "rare";
    public const string BelowRare = "below_rare";
    public const string Mixed = "mixed";
    public const double RareMin = 0.0002;
    public const double RareMax = 0.006;

    /// <summary>The bands in the report's order.</summary>
    public static readonly string[] All = [Broad, Rare, BelowRare, Mixed];

    /// <summary>The band of a share of the corpus's tokens (0..1).</summary>
    public static string Of(double share) => share > RareMax ? Broad : share >= RareMin ? Rare : BelowRare;

    /// <summary>The band of a mixture whose parts are in bands <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static string OfMixture(string a, string b) => a == b ? a : Mixed;

    /// <summary>The shares a band spans, [min, max] (max 1 for broad; null for the mixed band, which spans none).</summary>
    public static (double Min, double Max)? Range(string band) => band switch
    {
        Broad => (RareMax, 1), Rare => (RareMin, RareMax), BelowRare => (0, RareMin), _ => null,
    };

    /// <summary><paramref name="holding"/> tokens of <paramref name="tokens"/> (0 when the table is empty).</summary>
    public static double Share(int holding, int tokens) => tokens > 0 ? (double)holding / tokens : 0;

    /// <summary>The tokens of <paramref name="table"/> whose word counts under concept <paramref name="key"/> (a synset
    /// key or <c>lexname:…</c>), by <see cref="WordNetConceptFeature"/>'s rule.</summary>
    public static int Holding(TokenTable table, WordNetLexicon lexicon, string key) =>
        new WordNetConceptFeature(lexicon, key).Evaluate(table).Holds!.Length;

    /// <summary>A concept's share of the table's tokens.</summary>
    public static double ConceptShare(TokenTable table, WordNetLexicon lexicon, string key) => Share(Holding(table, lexicon, key), table.Count);

    /// <summary>A share as a percentage for messages, e.g. "0.153 %".</summary>
    public static string Percent(double share) => (100 * share).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " %";
}
