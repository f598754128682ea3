namespace InterpLsp.Analysis.Explain.Features;

/// <summary>
/// One accepted form of feature id: ids that start with <paramref name="Prefix"/> are parsed by
/// <paramref name="Parse"/>, which gets the rest of the id and returns the feature or throws an
/// <see cref="ArgumentException"/> saying what is wrong with it. <paramref name="Form"/> shows the form to people
/// (<c>context:&lt;name&gt;</c>).
/// </summary>
public sealed record FeatureIdForm(string Prefix, string Form, Func<string, IFeature> Parse);
