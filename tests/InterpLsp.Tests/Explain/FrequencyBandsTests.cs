using InterpLsp.Analysis.Explain.Evaluation;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Xunit;

namespace InterpLsp.Tests.Explain;

/// <summary>The evaluation's frequency bands (<see cref="FrequencyBands"/>) and the shape of its report
/// (<see cref="ExplainEvaluation.Summarize"/>), on hand-computed shares and hand-made cases: no model, no pipeline.</summary>
public sealed class FrequencyBandsTests(WordNetLexiconFixture fixture) : IClassFixture<WordNetLexiconFixture>
{
    /// <summary>animal.n.01 ("dog" counts under it: its first sense, tag count 42, holds most of its weight).</summary>
    private const string Animal = "n.00015568";

    [Theory]
    [InlineData(0.0, FrequencyBands.BelowRare)]
    [InlineData(0.00019, FrequencyBands.BelowRare)]
    [InlineData(0.0002, FrequencyBands.Rare)]      // 0.02 %: included
    [InlineData(0.003, FrequencyBands.Rare)]
    [InlineData(0.006, FrequencyBands.Rare)]       // 0.6 %: included
    [InlineData(0.00601, FrequencyBands.Broad)]
    [InlineData(0.03, FrequencyBands.Broad)]
    public void The_band_follows_the_share_with_both_rare_limits_included(double share, string band) =>
        Assert.Equal(band, FrequencyBands.Of(share));

    [Fact]
    public void A_mixture_is_in_its_parts_band_when_they_share_one()
    {
        Assert.Equal(FrequencyBands.Rare, FrequencyBands.OfMixture(FrequencyBands.Rare, FrequencyBands.Rare));
        Assert.Equal(FrequencyBands.Broad, FrequencyBands.OfMixture(FrequencyBands.Broad, FrequencyBands.Broad));
        Assert.Equal(FrequencyBands.Mixed, FrequencyBands.OfMixture(FrequencyBands.Broad, FrequencyBands.Rare));
    }

    /// <summary>A table of 5,000 tokens, "dog" <paramref name="dogs"/> times and "the" elsewhere: animal.n.01's share is
    /// dogs / 5,000 (1 → 0.02 %, rare; 30 → 0.6 %, rare; 31 → 0.62 %, broad; 0 → below rare).</summary>
    [Theory]
    [InlineData(0, FrequencyBands.BelowRare)]
    [InlineData(1, FrequencyBands.Rare)]
    [InlineData(30, FrequencyBands.Rare)]
    [InlineData(31, FrequencyBands.Broad)]
    public void A_concepts_share_is_the_tokens_of_its_words_over_all_tokens(int dogs, string band)
    {
        const int n = 5000;
        var words = Enumerable.Range(0, n).Select(i => i % (n / Math.Max(1, dogs)) == 7 && i / (n / Math.Max(1, dogs)) < dogs ? "dog" : "the").ToArray();
        Assert.Equal(dogs, words.Count(w => w == "dog"));
        var table = FeatureTestTables.One(string.Join(" ", words), words);
        Assert.Equal(n, table.Count);
        Assert.Equal(dogs, FrequencyBands.Holding(table, fixture.Lexicon, Animal));
        double share = FrequencyBands.ConceptShare(table, fixture.Lexicon, Animal);
        Assert.Equal(dogs / 5000.0, share);
        Assert.Equal(band, FrequencyBands.Of(share));
    }

    private static ExplainEvaluation.Case Concept(string name, string band, double share, bool top1, bool top3, bool? iou = null) =>
        new("concept", name, ["x"], "v", top3)
        {
            Band = band, Share = share, Top1 = top1,
            SanityMissing = iou is bool b ? new() { ["iou"] = b } : null, SanityExtra = iou is bool e ? new() { ["iou"] = !e } : null,
        };

    private static ExplainEvaluation.Case Mixture(string name, string band, bool split) =>
        new("mixture", name, ["x"], "v", split) { Band = band, Share = 0.01, PartShares = [0.004, 0.006] };

    [Fact]
    public void The_report_gives_each_band_its_figures_and_the_broad_bands_under_the_old_keys()
    {
        var cases = new List<ExplainEvaluation.Case>
        {
            Concept("b1", FrequencyBands.Broad, 0.03, top1: true, top3: true, iou: true),
            Concept("b2", FrequencyBands.Broad, 0.01, top1: false, top3: true),
            Concept("r1", FrequencyBands.Rare, 0.002, top1: true, top3: true, iou: true),
            Concept("r2", FrequencyBands.Rare, 0.001, top1: false, top3: true, iou: false),
            Concept("r3", FrequencyBands.Rare, 0.0005, top1: false, top3: false, iou: true),
            Concept("f1", FrequencyBands.BelowRare, 0.0001, top1: false, top3: false),
            Mixture("b1 + b2", FrequencyBands.Broad, true),
            Mixture("r1 + r2", FrequencyBands.Rare, true),
            Mixture("r1 + r3", FrequencyBands.Rare, false),
            Mixture("b1 + r1", FrequencyBands.Mixed, false),
        };
        for (int i = 0; i < 4; i++) cases.Add(new ExplainEvaluation.Case("random", $"seed {i}", [], "unexplained", i != 0));
        var report = ExplainEvaluation.Summarize(cases);

        // The keys without a band are the broad band's, as before the bands.
        Assert.Equal((2, 0.5, 1.0, 1, 1.0), (report.Concepts, report.Top1, report.Top3, report.Mixtures, report.MixturesSplit));
        Assert.Equal(0.5, report.SanityMissing["iou"]);
        Assert.Equal(0.0, report.SanityExtra["iou"]);
        Assert.Equal((4, 0.75), (report.Random, report.RandomUnexplained));
        Assert.Equal(new[] { FrequencyBands.Broad, FrequencyBands.Rare, FrequencyBands.BelowRare, FrequencyBands.Mixed }, report.Bands.Keys);

        var rare = report.Bands[FrequencyBands.Rare];
        Assert.Equal((3, 1 / 3.0, 2 / 3.0, 2, 0.5), (rare.Concepts, rare.Top1, rare.Top3, rare.Mixtures, rare.MixturesSplit));
        Assert.Equal((0.0002, 0.006), (rare.ShareMin!.Value, rare.ShareMax!.Value));
        Assert.Equal(["r3", "r1 + r3"], rare.Misses);
        Assert.Equal(2 / 3.0, rare.SanityMissing["iou"]);
        Assert.Equal(1 / 3.0, rare.SanityExtra["iou"]);
        Assert.Equal(new Dictionary<string, double> { ["top1"] = 0.6, ["top3"] = 0.8, ["mixtures_split"] = 0.8 }, rare.Targets);
        Assert.Equal(new Dictionary<string, bool> { ["top1"] = false, ["top3"] = false, ["mixtures_split"] = false }, rare.Met);
        Assert.Empty(report.Bands[FrequencyBands.BelowRare].Targets);
        Assert.Equal(1, report.Bands[FrequencyBands.Mixed].Mixtures);
        Assert.Null(report.Bands[FrequencyBands.Mixed].ShareMin);

        // Every target of issue 17, and whether each figure meets it.
        Assert.Equal(new Dictionary<string, double>
        {
            ["top1"] = 0.6, ["top3"] = 0.8, ["mixtures_split"] = 0.7, ["random_unexplained"] = 0.9,
            ["rare.top1"] = 0.6, ["rare.top3"] = 0.8, ["rare.mixtures_split"] = 0.8,
        }, report.Targets);
        Assert.Equal(new Dictionary<string, bool>
        {
            ["top1"] = false, ["top3"] = true, ["mixtures_split"] = true, ["random_unexplained"] = false,
            ["rare.top1"] = false, ["rare.top3"] = false, ["rare.mixtures_split"] = false,
        }, report.Met);

        // The JSON: the old keys, the bands, and each case's band and share (none for a random direction).
        var json = JObject.Parse(JsonConvert.SerializeObject(report));
        foreach (var k in new[] { "concepts", "top1", "top3", "mixtures", "mixtures_split", "random", "random_unexplained",
                     "sanity_missing_labels", "sanity_extra_labels", "targets", "met", "tokens", "bands", "cases", "seconds" })
            Assert.True(json.ContainsKey(k), k);
        Assert.Equal(2 / 3.0, (double)json["bands"]!["rare"]!["top3"]!);
        Assert.Equal(0.006, (double)json["bands"]!["broad"]!["share_min"]!);
        var c0 = (JObject)json["cases"]![0]!;
        Assert.Equal(("broad", 0.03, true), ((string)c0["band"]!, (double)c0["share"]!, (bool)c0["top1"]!));
        Assert.False(c0.ContainsKey("sanity_missing_labels"));
        Assert.Equal(new[] { 0.004, 0.006 }, json["cases"]![6]!["part_shares"]!.Select(x => (double)x));
        var random = (JObject)json["cases"]![10]!;
        Assert.False(random.ContainsKey("band") || random.ContainsKey("share") || random.ContainsKey("top1"));
    }
}
