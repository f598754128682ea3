using InterpLsp.Analysis.Explain.Features;
using static InterpLsp.Tests.Explain.FeatureTestTables;

namespace InterpLsp.Tests.Explain;

/// <summary>Feature ids parse back into the same feature (same id, same values), and bad ids say why.</summary>
public class FeatureIdsTests
{
    private static IEnumerable<IFeature> Samples() =>
        ContextFeature.All.Cast<IFeature>().Concat(new IFeature[]
        {
            new WordSetFeature(new[] { "warmer", "dogs" }),
            new WordSetFeature(new[] { "ice cream", "don't", "a|b", @"back\slash" }),
            new TokenSetFeature(new[] { "||", " warm", "\\", "Dogs" }),
            new RegexFeature(@"(?i)d(o|a)gs:\d+|x\|y"),
        });

    [Fact]
    public void Every_id_round_trips_with_the_same_values()
    {
        var table = SaidAndDogs();
        foreach (var f in Samples())
        {
            var back = FeatureIds.TryParseSimple(f.Id);
            Assert.NotNull(back);
            Assert.Equal(f.Id, back!.Id);
            Assert.Equal(f.Label, back.Label);
            Assert.Equal(f.Family, back.Family);
            Assert.Equal(f.Evaluate(table).ToDense(), back.Evaluate(table).ToDense());
        }
    }

    [Fact]
    public void List_entries_with_bar_and_backslash_are_escaped()
    {
        var f = new WordSetFeature(new[] { "a|b", @"c\d" });
        Assert.Equal(@"words:a\|b|c\\d", f.Id);
        Assert.Equal(new[] { "a|b", @"c\d" }, ((WordSetFeature)FeatureIds.TryParseSimple(f.Id)!).Words);
        var e = Assert.Throws<ArgumentException>(() => FeatureIds.TryParseSimple(@"words:a\b"));
        Assert.Contains("'\\' at character 1", e.Message);
    }

    [Fact]
    public void Unknown_families_are_null_and_known_ones_with_bad_bodies_say_why()
    {
        Assert.Null(FeatureIds.TryParseSimple("wordnet:n.05725676"));
        Assert.Null(FeatureIds.TryParseSimple("warm"));
        var e = Assert.Throws<ArgumentException>(() => FeatureIds.TryParseSimple("context:nope"));
        Assert.Contains("'context:nope'", e.Message);
        Assert.Contains("sentence_start", e.Message);
        Assert.Contains("an empty word list", Assert.Throws<ArgumentException>(() => FeatureIds.TryParseSimple("words:")).Message);
        Assert.Contains("does not compile", Assert.Throws<ArgumentException>(() => FeatureIds.TryParseSimple("regex:(")).Message);
    }

    [Fact]
    public void Parse_lists_the_accepted_forms()
    {
        var e = Assert.Throws<ArgumentException>(() => FeatureIds.Parse("lexname:noun.attribute", FeatureIds.SimpleForms));
        foreach (var prefix in new[] { "context:<name>", "words:", "tokens:", "regex:" }) Assert.Contains(prefix, e.Message);
        Assert.StartsWith("one of: context:<name>", FeatureIds.Describe());
        Assert.Equal("one of: " + string.Join("; ", FeatureIds.SimpleForms.Select(f => f.Form)), FeatureIds.Describe());
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public void Other_families_are_added_by_composing_forms()
    {
        // A family of the caller's own: "upper:" holds on tokens whose text is the given text in capitals.
        var forms = FeatureIds.SimpleForms.Append(new FeatureIdForm("upper:", "upper:<text>", body => new TokenSetFeature(new[] { body.ToUpperInvariant() }))).ToList();
        Assert.Equal("tokens:dogs", FeatureIds.TryParse("upper:dogs", forms)!.Id);
        Assert.Equal("context:digits", FeatureIds.TryParse("context:digits", forms)!.Id);
        Assert.Null(FeatureIds.TryParseSimple("upper:dogs"));
    }
}
