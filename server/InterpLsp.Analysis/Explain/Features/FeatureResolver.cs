using InterpLsp.Analysis.Explain.Candidates;

namespace InterpLsp.Analysis.Explain.Features;

/// <summary>Turns a stored candidate id back into the feature, so that a stored explanation can be computed on a
/// new text: the simple families (<see cref="FeatureIds"/>), WordNet concepts, predictability (with the n-gram
/// model of the evidence, when loaded) and formulas over those. Null when the id cannot be computed here.</summary>
public static class FeatureResolver
{
    public static IFeature? TryParse(string id, CandidateBase? evidenceBase)
    {
        if (id.StartsWith(FormulaFeature.Prefix, StringComparison.Ordinal))
        {
            try { return FormulaFeature.TryParse(id, t => TryParse(t, evidenceBase) ?? throw new ArgumentException(t)); }
            catch (ArgumentException) { return null; }
        }
        if (id.StartsWith(PredictabilityFeature.Prefix, StringComparison.Ordinal))
        {
            if (evidenceBase is null) return null;
            var name = id[PredictabilityFeature.Prefix.Length..];
            bool low = name.StartsWith('-');
            return new PredictabilityFeature(evidenceBase.NGram, low ? name[1..] : name, low);
        }
        try
        {
            if (FeatureIds.TryParseSimple(id) is { } simple) return simple;
            if (!id.StartsWith(WordNetConceptFeature.SynsetPrefix, StringComparison.Ordinal) && !id.StartsWith(WordNet.WordNetLexicon.LexnamePrefix, StringComparison.Ordinal)) return null;
            // Never wait for the lexicon here (the hover card calls this): without it loaded, not computable yet.
            return WordNet.WordNetLexicon.LoadedOrStartLoading() is { } lexicon ? WordNetConceptFeature.TryParse(id, lexicon) : null;
        }
        catch (ArgumentException) { return null; }
    }
}
