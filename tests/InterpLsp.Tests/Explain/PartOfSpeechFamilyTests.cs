using System.Diagnostics;
using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Evaluation;
using InterpLsp.Analysis.Explain.Families;
using InterpLsp.Analysis.Explain.PartsOfSpeech;
using InterpLsp.Analysis.Explain.Pipeline;
using InterpLsp.Analysis.Explain.WordNet;
using InterpLsp.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static InterpLsp.Tests.Explain.FeatureTestTables;

namespace InterpLsp.Tests.Explain;

/// <summary>The part-of-speech family (<see cref="PartOfSpeechFamily"/>): tags mapped to the model's tokens, its ids
/// through the registry, what it says without a tagger, and a direction planted on past-tense verbs explained by
/// <c>pos:VBD</c> (or <c>upos:VERB</c>).</summary>
[Collection(ModelCollection.Name)]
public sealed class PartOfSpeechFamilyTests : IClassFixture<ExplainPipelineTests.Evidence>
{
    private readonly ExplainPipelineTests.Evidence _e;
    private readonly ITestOutputHelper _out;
    private static readonly CandidateBase? NoBase = null;

    public PartOfSpeechFamilyTests(ExplainPipelineTests.Evidence e, ITestOutputHelper output) { _e = e; _out = output; }

    /// <summary>The default registry with the part-of-speech family reading <paramref name="tagger"/>.</summary>
    private static CandidateFamilies With(PosTagger? tagger) =>
        new(CandidateFamilies.Default.Families.Select(f => f is PartOfSpeechFamily ? new PartOfSpeechFamily(() => tagger) : f).ToList());

    [Fact]
    public void Without_a_tagger_the_family_proposes_nothing_and_says_so_once()
    {
        var families = With(null);
        var family = Assert.IsType<PartOfSpeechFamily>(families.Named("pos"));
        Assert.Same(family, families.FamilyOf("pos:VBD"));
        Assert.Same(family, families.FamilyOf("upos:VERB"));
        Assert.Null(families.TryParse("pos:VBD", NoBase));
        Assert.Contains("no Universal tag 'VRB'", Assert.Throws<ArgumentException>(() => families.TryParse("upos:VRB", NoBase)).Message);
        Assert.Equal("no part-of-speech candidates: no part-of-speech tagger was given", family.Note(_e.Base));
        Assert.Equal("pos(none)", family.Key(_e.Base));
        // The pipeline's own registry: the shipped model where the build put one, else a warning, once.
        var r = Explainer.Explain(_e.Base, _e.Null, _e.Ev.Projections([RandomNull.Unit(_e.Ev.Width, 7)])[0], "random", "h", default);
        int warned = r.Warnings.Count(w => w.StartsWith("no part-of-speech candidates", StringComparison.Ordinal));
        Assert.Equal(PosTagger.Default(out _) is null ? 1 : 0, warned);
    }

    [Fact]
    public void A_token_gets_the_tag_of_the_word_it_falls_in()
    {
        var (tagger, _) = TrainedOrToy();
        var table = One("The dog walked home. Dogs barked", "The", " dog", " walk", "ed", " home", ".", " Dogs", " bark", "ed");
        var tags = TokenTags.Of(tagger, table);
        Assert.Same(tags, TokenTags.Of(tagger, table)); // computed once per table
        var fine = tags.Fine.Select(t => t == TokenTags.None ? "-" : tagger.Tags[t]).ToArray();
        Assert.Equal(fine[2], fine[3]); // walk + ed: one word, one tag
        Assert.Equal("VBD", fine[2]);
        Assert.Equal(fine[7], fine[8]);
        Assert.Equal(".", fine[5]);
        var f = new PartOfSpeechFeature(tagger, "VBD", universal: false);
        Assert.Equal("past-tense verbs (VBD)", f.Label);
        Assert.Equal("pos:VBD", f.Id);
        var holds = Holds(f, table);
        Assert.Equal(new[] { 2, 3 }, holds.Where(t => t < 7));
        Assert.Equal(holds.Contains(7), holds.Contains(8)); // bark + ed: both or neither, whatever the tagger says of it
        var verbs = new PartOfSpeechFeature(tagger, "VERB", universal: true);
        Assert.Equal("verbs (Universal VERB)", verbs.Label);
        Assert.Equal("upos:VERB", verbs.Id);
        Assert.Contains(2, Holds(verbs, table));
        Assert.Throws<ArgumentException>(() => new PartOfSpeechFeature(tagger, "QQQ", universal: false));
    }

    /// <summary>The Brown tagger where the corpus is unpacked; a tagger trained on a few sentences otherwise, enough for
    /// the token mapping.</summary>
    private static (PosTagger, TaggerReport?) TrainedOrToy()
    {
        if (BrownData.Folder is not null) return BrownData.Tagger;
        TaggedSentence[] toy =
        [
            new(["The", "dog", "walked", "home", "."], ["AT", "NN", "VBD", "NR", "."]),
            new(["Dogs", "barked", "."], ["NNS", "VBD", "."]),
        ];
        var (t, r) = PosTaggerTraining.Train(Enumerable.Repeat(toy, 10).SelectMany(s => s).ToList(), toy, 1, 1);
        return (t, r);
    }

    [BrownFact]
    public void A_direction_planted_on_past_tense_verbs_is_explained_by_that_part_of_speech()
    {
        var (tagger, _) = BrownData.Tagger;
        var families = With(tagger);
        var clock = Stopwatch.StartNew();
        var tags = TokenTags.Compute(tagger, _e.Ev.Table);
        _out.WriteLine($"tagged {_e.Ev.Table.Count:N0} tokens of {_e.Ev.Table.Documents:N0} texts in {clock.Elapsed.TotalSeconds:F2} s "
            + $"({_e.Ev.Table.Count / clock.Elapsed.TotalSeconds:N0} tokens/s)");
        var b = new CandidateBase(_e.Ev, WordNetLexicon.Default(), families: families);
        var nul = RandomNull.Build(b, null, new List<string>(), default);
        var truth = families.TryParse("pos:VBD", b)!;
        Assert.Equal("past-tense verbs (VBD)", truth.Label);
        var holds = truth.Evaluate(_e.Ev.Table).Holds!;
        _out.WriteLine($"VBD holds on {holds.Length:N0} of {_e.Ev.Table.Count:N0} tokens");
        Assert.True(holds.Length >= 100, $"only {holds.Length} past-tense tokens in the sample");
        var values = _e.Ev.Projections([ExplainEvaluation.PlantVector(b, holds, truth.Id)])[0];
        var r = Explainer.Explain(b, nul, values, "planted VBD", "h", default);
        var pos = r.Sides[0];
        var top = pos.Candidates.Take(3).Select(c => c.Id).ToList();
        var listing = string.Join("\n", pos.Candidates.Take(10).Select(c => $"{c.Id} ({c.Label}) IoU {c.Scores.IoU.Value:F3} F1 {c.Scores.F1.Value:F3}"));
        _out.WriteLine(listing);
        _out.WriteLine(r.Verdict);
        Assert.True(top.Contains("pos:VBD") || top.Contains("upos:VERB"), listing);
        Assert.DoesNotContain(r.Warnings, w => w.StartsWith("no part-of-speech candidates", StringComparison.Ordinal));
        // Every part-of-speech id parses back through the registry to the same tokens.
        foreach (var c in pos.Candidates.Where(c => c.Family == "pos"))
        {
            var back = families.TryParse(c.Id, b)!;
            Assert.Equal(c.Id, back.Id);
            Assert.Equal(back.Evaluate(_e.Ev.Table).Holds, new PartOfSpeechFeature(tagger, back.Id[(back.Id.IndexOf(':') + 1)..], back.Id.StartsWith("upos:")).Evaluate(_e.Ev.Table).Holds);
        }
        Assert.Equal(holds, families.TryParse(truth.Id, b)!.Evaluate(_e.Ev.Table).Holds);
        Assert.True(tags.Fine.Length == _e.Ev.Table.Count);
    }
}
