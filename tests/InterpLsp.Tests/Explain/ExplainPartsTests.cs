using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Coverage;
using InterpLsp.Analysis.Explain.Evidence;
using InterpLsp.Analysis.Explain.Features;
using InterpLsp.Analysis.Explain.Modes;
using InterpLsp.Analysis.Explain.Results;
using InterpLsp.Analysis.Explain.Pipeline;
using Xunit;

namespace InterpLsp.Tests.Explain;

/// <summary>The explanation pipeline's parts on hand-computed cases: words of the token table, the enrichment
/// z-score, formulas, k-means with its silhouette rule, least squares, and the verdict rules.</summary>
public sealed class ExplainPartsTests
{
    [Fact]
    public void Touching_letter_pieces_make_one_word_and_punctuation_is_its_own()
    {
        var t = FeatureTestTables.SaidAndDogs();
        Assert.Equal(t.Word[4], t.Word[5]);
        Assert.Equal("warmer", t.Words[t.Word[4]]);
        Assert.Equal(4, t.WordFirstToken[5]);
        Assert.NotEqual(t.Word[3], t.Word[2]); // `"` then `not`
        Assert.Equal("dogs", t.Words[t.Word[11]]); // lower-cased
        Assert.Equal(t.Word[11], t.Word[29]);
        Assert.Equal(t.WordId("dogs"), t.Word[31]);
        Assert.Equal(-1, t.WordId("nothing-here"));
        Assert.Equal(new[] { 0, 11, 32 }, t.DocFirst);
    }

    [Fact]
    public void The_halves_are_a_stable_function_of_the_key()
    {
        var keys = Enumerable.Range(0, 2000).Select(i => $"n.{i:D8}.def").ToList();
        var first = keys.Select(TokenTable.IsHeldOut).ToList();
        Assert.Equal(first, keys.Select(TokenTable.IsHeldOut).ToList());
        int held = first.Count(h => h);
        Assert.InRange(held, 900, 1100); // a fair split: 1000 +- 100 (4.5 standard deviations)
    }

    [Fact]
    public void A_token_range_outside_its_text_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => TokenTable.Build(new[] { ("k", "abc", new[] { 0 }, new[] { 4 }) }));
        Assert.Contains("outside its 3 characters", e.Message);
    }

    [Fact]
    public void Enrichment_z_matches_the_hand_computed_log_odds()
    {
        // y_f = 10 of n_f = 100 firing tokens, y_o = 10 of n_o = 900 others; a = 1000 * 20 / 1000 = 20.
        // delta = ln(30 / (100 + 1000 - 10 - 20)) - ln(30 / (900 + 1000 - 10 - 20)) = ln(1870 / 1070) = 0.558280
        // var = 1/30 + 1/30 = 0.0666667, z = 0.558280 / 0.258199 = 2.162208
        Assert.Equal(2.162208, Enrichment.Z(10, 100, 10, 900), 5e-6);
        Assert.Equal(0, Enrichment.Z(0, 100, 0, 900));
        Assert.True(Enrichment.Z(1, 100, 99, 900) < 0); // under-represented
        var ranked = Enrichment.Rank(new Dictionary<int, double> { [1] = 10, [2] = 3, [3] = 1 },
            new Dictionary<int, double> { [1] = 20, [2] = 300, [3] = 1 }, 100, 1000, 10);
        Assert.Equal(new[] { 1 }, ranked.Select(r => r.Item).ToArray()); // 2 is under-represented, 3 used once
    }

    [Fact]
    public void The_residual_part_reads_broader_shares_without_the_first_candidates_tokens()
    {
        // The rule's shares are 0.03 %, 0.1 %, 0.3 %, 1 %, 3 %; those at least 2.5 times the share firing now are tried.
        Assert.Equal(new[] { 0.003, 0.01, 0.03 }, ResidualPart.BroaderShares(0.001));
        Assert.Equal(0.003, ResidualPart.BroaderShares(0.001)[0]);   // 2.5 x 0.1 % = 0.25 %: the top 0.3 %
        Assert.Equal(0.01, ResidualPart.BroaderShares(0.003)[0]);    // 0.75 %: the top 1 %
        Assert.Equal(0.001, ResidualPart.BroaderShares(0.0003)[0]);  // 0.075 %: the top 0.1 %
        Assert.Equal(0.03, ResidualPart.BroaderShares(0.012)[0]);    // a natural boundary at 1.2 %: 3 %
        Assert.Empty(ResidualPart.BroaderShares(0.03));              // 7.5 %: beyond the rule's broadest share
        // Values of 8 tokens; above 1.5: tokens 0, 2, 3, 5, 7; the first candidate holds on 2, 4 and 7: left 0, 3, 5.
        float[] value = [2f, 1f, 3f, 1.6f, 5f, 1.51f, 0f, 9f];
        var mask = ResidualPart.Mask(value, 1.5, [2, 4, 7]);
        Assert.Equal(new[] { 0, 3, 5 }, Enumerable.Range(0, 8).Where(t => mask[t]));
    }

    [Fact]
    public void Formulas_combine_sorted_sets_and_their_ids_parse_back()
    {
        int[] a = [1, 3, 5, 7], b = [3, 4, 5];
        Assert.Equal(new[] { 1, 3, 4, 5, 7 }, FormulaFeature.Combine(a, b, FormulaFeature.Op.Or));
        Assert.Equal(new[] { 3, 5 }, FormulaFeature.Combine(a, b, FormulaFeature.Op.And));
        Assert.Equal(new[] { 1, 7 }, FormulaFeature.Combine(a, b, FormulaFeature.Op.AndNot));
        var table = FeatureTestTables.SaidAndDogs();
        var f = new FormulaFeature([new WordSetFeature(["dogs", "cats"]), ContextFeature.Named("capitalised")!, new WordSetFeature(["said"])],
            [FormulaFeature.Op.AndNot, FormulaFeature.Op.Or]);
        Assert.Equal("formula:words:cats|dogs AND NOT context:capitalised OR words:said", f.Id);
        // (dogs|cats minus capitalised) or said: tokens 27 cats, 29 dogs, then said 1 and 17.
        Assert.Equal(new[] { 1, 17, 27, 29 }, f.Evaluate(table).Holds);
        var back = FeatureResolver.TryParse(f.Id, null)!;
        Assert.Equal(f.Id, back.Id);
        Assert.Equal(f.Evaluate(table).Holds, back.Evaluate(table).Holds);
    }

    [Fact]
    public void Top_share_keeps_as_many_tokens_as_the_rate_on_the_proposing_half()
    {
        float[] v = [5, 1, 4, 2, 3, 9, 0, 8];
        // Proposing half = even indices: values 5, 4, 3, 0; rate 0.5 -> 2 tokens above 3 there: threshold 3.
        var set = SetOverlap.TopShare(v, t => t % 2 == 0, 0.5);
        Assert.Equal(new[] { 0, 2, 5, 7 }, set); // every token above 3, in both halves
    }

    [Fact]
    public void Kmeans_finds_two_separated_clusters_and_keeps_one_blob_whole()
    {
        var rng = new Random(3);
        float[] Around(float[] c) => c.Select(x => x + (float)(rng.NextDouble() - 0.5) * 0.2f).ToArray();
        var a = new float[] { 1, 0, 0, 0 }; var b = new float[] { 0, 1, 0, 0 };
        var rows = Enumerable.Range(0, 40).Select(i => Around(i % 2 == 0 ? a : b)).ToList();
        var x = KMeans.Normalise(rows, new float[4]);
        var c = KMeans.Choose(x);
        Assert.Equal(2, c.K);
        Assert.True(c.Silhouette > 0.5, $"silhouette {c.Silhouette}");
        for (int i = 2; i < 40; i++) Assert.Equal(c.Assignment[i % 2], c.Assignment[i]);
        // One blob: isotropic noise in 64 dimensions around its own mean; no split reaches the silhouette floor.
        var center = Enumerable.Range(0, 64).Select(i => (float)i).ToArray();
        var blob = KMeans.Normalise(Enumerable.Range(0, 80).Select(_ => center.Select(c => c + (float)(rng.NextDouble() - 0.5)).ToArray()).ToList(), center);
        var one = KMeans.Choose(blob);
        Assert.Equal(1, one.K);
    }

    [Fact]
    public void Least_squares_recovers_exact_coefficients_and_refuses_collinear_columns()
    {
        // y = 2 + 3 x1 - 1 x2 exactly.
        float[] x1 = [0, 1, 2, 3, 4, 5], x2 = [1, 0, 1, 0, 2, 3];
        var y = x1.Select((v, i) => 2 + 3 * v - x2[i]).ToArray();
        var fit = GreedyCoverage.Ols([x1, x2], y, [0, 1, 2, 3, 4, 5])!.Value;
        Assert.Equal(3, fit.Beta[0], 5e-10);
        Assert.Equal(-1, fit.Beta[1], 5e-10);
        Assert.Equal(2, fit.B0, 5e-10);
        Assert.Null(GreedyCoverage.Ols([x1, x1.Select(v => 2 * v).ToArray()], y, [0, 1, 2, 3, 4, 5]));
    }

    private static ScoredCandidate C(string label, double f1, bool significant) => new()
    {
        Id = "words:" + label, Label = label, Family = "words", Significant = significant, P = significant ? 0.02 : 0.5,
        Scores = new PrimaryScores(new Score(f1 / (2 - f1), 0, 1, 100), new Score(f1, f1 - 0.05, f1 + 0.05, 100), new Score(0.5, 0, 1, 100), new Score(0.3, 0, 1, 100)),
        RandomDirections = new BaselineScores(0.01, 0.02, 0.01, 0), Shuffled = new BaselineScores(0.01, 0.02, 0.01, 0),
    };

    [Fact]
    public void The_verdict_follows_its_stated_rules()
    {
        var none = new ExplanationSide { Candidates = [C("heat", 0.3, false)], NullBestIoU = [0.1, 0.2, 0.3] };
        VerdictWriter.Write(none);
        Assert.Equal("unexplained", none.VerdictKind);
        Assert.Contains("no candidate explains it", none.Verdict);
        Assert.Contains("heat", none.Verdict);
        Assert.Contains("matched by the best candidate of 2 of 3 random-direction sides", none.Verdict); // IoU 0.3/1.7 = 0.18: 0.2 and 0.3 reach it

        var well = new ExplanationSide { Candidates = [C("heat", 0.7, true)] };
        VerdictWriter.Write(well);
        Assert.Equal("well_explained", well.VerdictKind);
        Assert.Contains("F1 0.70 [0.65, 0.75]", well.Verdict);

        var partly = new ExplanationSide { Candidates = [C("heat", 0.4, true)], Coverage = new Coverage { R2 = new Score(0.41, 0.3, 0.5, 100) } };
        VerdictWriter.Write(partly);
        Assert.Equal("partly", partly.VerdictKind);
        Assert.Contains("explains 41% of the values, 59% unexplained", partly.Verdict);

        var mixture = new ExplanationSide
        {
            Candidates = [C("heat", 0.4, true)],
            Modes = [new Mode { Index = 1, Share = 0.55, Candidates = [C("heat", 0.6, true)] }, new Mode { Index = 2, Share = 0.45, Candidates = [C("mix", 0.5, true)] }],
            Cover = new ModeCover { Covers = false, SingleLabel = "change", SingleIoU = new Score(0.1, 0, 0.2, 10), UnionLabel = "heat OR mix", UnionIoU = new Score(0.4, 0.3, 0.5, 10) },
        };
        VerdictWriter.Write(mixture);
        Assert.Equal("mixture", mixture.VerdictKind);
        Assert.Contains("heat (mode 1, 55%", mixture.Verdict);
        Assert.Contains("mix (mode 2, 45%", mixture.Verdict);

        mixture.Cover.Covers = true;
        VerdictWriter.Write(mixture);
        Assert.Equal("abstract_cover", mixture.VerdictKind);
        Assert.Contains("one concept covers its 2 modes: change", mixture.Verdict);
    }
}
