using InterpLsp.Analysis.Explain.Families;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Explain.Features;

/// <summary>
/// Turns feature ids (<see cref="IFeature.Id"/>) back into features, so a stored explanation can be evaluated
/// again. Each family is a <see cref="FeatureIdForm"/> (prefix, shown form, parser); <see cref="SimpleForms"/> are
/// the families that need nothing but the id (context, words, tokens, regex). Families that need more (a WordNet
/// database, an n-gram model, a direction library) are added by composing lists:
/// <c>FeatureIds.TryParse(id, FeatureIds.SimpleForms.Concat(myForms).ToList())</c>, with whatever they need held by
/// their parser closures. Each form is its family's (<see cref="CandidateFamilies"/>), which parses every family's
/// ids, those that need the evidence too.
/// </summary>
public static class FeatureIds
{
    /// <summary>context:&lt;name&gt;, words:&lt;w|w…&gt;, tokens:&lt;t|t…&gt;, regex:&lt;pattern&gt;.</summary>
    public static IReadOnlyList<FeatureIdForm> SimpleForms { get; } =
        [ContextFamily.Form, WordsFamily.Form, TokensFamily.Form, UserHypothesesFamily.Form];

    /// <summary>The feature for an id of a family in <see cref="SimpleForms"/>; null when the id has none of their
    /// prefixes.</summary>
    /// <exception cref="ArgumentException">The prefix is known but the rest is not a valid feature of that family
    /// (an unknown context name, an empty list, a regex that does not compile).</exception>
    public static IFeature? TryParseSimple(string id) => TryParse(id, SimpleForms);

    /// <summary>The feature for an id of one of <paramref name="forms"/> (the first whose prefix it starts with);
    /// null when it starts with none of them.</summary>
    /// <exception cref="ArgumentException">The parser of the matching form refused the rest of the id; the message
    /// names the id.</exception>
    public static IFeature? TryParse(string id, IReadOnlyList<FeatureIdForm> forms)
    {
        ArgumentNullException.ThrowIfNull(id);
        foreach (var f in forms)
        {
            if (!id.StartsWith(f.Prefix, StringComparison.Ordinal)) continue;
            try { return f.Parse(id[f.Prefix.Length..]); }
            catch (ArgumentException e) { throw new ArgumentException($"the feature id '{Echo.Input(id, 200)}': {e.Message}", e); }
        }
        return null;
    }

    /// <summary>Like <see cref="TryParse"/>, but an id of no known form is an <see cref="ArgumentException"/> that
    /// lists the accepted forms.</summary>
    public static IFeature Parse(string id, IReadOnlyList<FeatureIdForm> forms) =>
        TryParse(id, forms) ?? throw new ArgumentException($"the feature id '{Echo.Input(id, 200)}' has no known form; it must be {Describe(forms)}");

    /// <summary>The accepted forms, for error messages, on one line: <c>one of: form; form; …</c>.</summary>
    public static string Describe(IReadOnlyList<FeatureIdForm> forms) =>
        "one of: " + string.Join("; ", forms.Select(f => f.Form));

    /// <summary><see cref="Describe(IReadOnlyList{FeatureIdForm})"/> of <see cref="SimpleForms"/>.</summary>
    public static string Describe() => Describe(SimpleForms);
}
