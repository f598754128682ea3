using InterpLsp.Analysis.Explain.Evidence;

namespace InterpLsp.Analysis.Explain.Features;

/// <summary>
/// A candidate explanation as a function: it gives every token of a table a value, so it is scored exactly
/// against a direction's activations. <see cref="Id"/> is stable and parseable (<see cref="FeatureIds"/>), so a
/// stored explanation can be evaluated again on a new text (the hover card's per-token share).
/// </summary>
public interface IFeature
{
    /// <summary>Stable id, e.g. <c>words:heat|warm</c>, <c>wordnet:n.05725676</c>, <c>lexname:noun.attribute</c>,
    /// <c>context:digits</c>, <c>ngram:entropy</c>, <c>direction:ab12…</c>.</summary>
    string Id { get; }
    /// <summary>For people: <c>words {heat, warm}</c>, <c>WordNet: heat (n.05725676) and its hyponyms</c>.</summary>
    string Label { get; }
    /// <summary>Its family: words, tokens, wordnet, lexname, context, predictability, direction, formula, hypothesis.</summary>
    string Family { get; }
    /// <summary>The values on every token of <paramref name="table"/>.</summary>
    FeatureValues Evaluate(TokenTable table);
}
