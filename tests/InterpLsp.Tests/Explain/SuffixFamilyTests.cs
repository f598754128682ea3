using InterpLsp.Analysis.Explain.Evaluation;
using InterpLsp.Analysis.Explain.Families;
using InterpLsp.Analysis.Explain.Features;
using InterpLsp.Analysis.Explain.Pipeline;
using InterpLsp.Tests.Support;
using Xunit;
using static InterpLsp.Tests.Explain.FeatureTestTables;

namespace InterpLsp.Tests.Explain;

/// <summary>The word-ending family (<see cref="SuffixFamily"/>), added as one file and one registry line: its rule on a
/// hand-built table, and a direction planted on words ending in -ing explained by <c>suffix:ing</c> first.</summary>
[Collection(ModelCollection.Name)]
public sealed class SuffixFamilyTests : IClassFixture<ExplainPipelineTests.Evidence>
{
    private readonly ExplainPipelineTests.Evidence _e;
    private static readonly InterpLsp.Analysis.Explain.Candidates.CandidateBase? NoBase = null;
    public SuffixFamilyTests(ExplainPipelineTests.Evidence e) => _e = e;

    [Fact]
    public void A_word_ending_holds_on_every_piece_of_words_with_a_long_enough_stem()
    {
        var table = One("Running kings keep being sing-ing and jumping", "Run", "ning", " kings", " keep", " being", " sing", "-", "ing", " and", " jump", "ing");
        var f = new SuffixFeature("ing");
        // running (both pieces) and jumping (both pieces); not king(s), being (stem "be"), sing, nor "ing" after '-'.
        Assert.Equal(new[] { 0, 1, 9, 10 }, Holds(f, table));
        Assert.Equal("words ending in -ing", f.Label);
        Assert.Equal("suffix:ing", CandidateFamilies.Default.TryParse("suffix:ing", NoBase)!.Id);
        Assert.Contains("lower-case letters", Assert.Throws<ArgumentException>(() => CandidateFamilies.Default.TryParse("suffix:ING", NoBase)).Message);
        Assert.Throws<ArgumentException>(() => new SuffixFeature(""));
        Assert.Same(CandidateFamilies.Default.Named("suffix"), CandidateFamilies.Default.FamilyOf("suffix:ly"));
    }

    /// <summary>Among the top five: with the part-of-speech tagger built, the Brown tags of -ing forms (VBG, and HVG
    /// "having", BEG "being") or a formula of them and the ending may rank above the ending itself — each says what the
    /// direction was planted on; any candidate ranked above it must be one of those.</summary>
    [Fact]
    public void A_direction_planted_on_words_ending_in_ing_is_explained_by_that_ending_or_its_verb_forms_first()
    {
        var truth = new SuffixFeature("ing");
        var holds = truth.Evaluate(_e.Ev.Table).Holds!;
        var values = _e.Ev.Projections([ExplainEvaluation.PlantVector(_e.Base, holds, truth.Id)])[0];
        var r = Explainer.Explain(_e.Base, _e.Null, values, "planted -ing", "h", default);
        var pos = r.Sides[0];
        var listing = string.Join("\n", pos.Candidates.Select(c => $"{c.Id} IoU {c.Scores.IoU.Value:F3}"));
        int at = pos.Candidates.FindIndex(c => c.Id == truth.Id);
        Assert.True(at is >= 0 and < 5, listing);
        string[] ingForms = ["suffix:", "pos:VBG", "pos:HVG", "pos:BEG"];
        foreach (var above in pos.Candidates.Take(at))
            Assert.True(ingForms.Any(f => above.Id.Contains(f, StringComparison.Ordinal)), listing);
        var best = pos.Candidates[at];
        Assert.Equal("suffix", best.Family);
        // On this small sample the null is wide; the ending must still beat its own baselines.
        Assert.True(best.Scores.F1.Value > best.Shuffled.F1 && best.Scores.F1.Value > best.RandomDirections.F1);
        var back = CandidateFamilies.Default.TryParse(best.Id, _e.Base)!;
        Assert.Equal(holds, back.Evaluate(_e.Ev.Table).Holds);
    }
}
