using InterpLsp.Analysis.Explain.Results;
using InterpLsp.Analysis.Reports;

namespace InterpLsp.Tests.Reports;

/// <summary>The notification's sentence: one sentence, at most <see cref="ExplanationSummary.MaxLength"/> characters,
/// ending with a full stop, whatever the verdict and however long the names; the numbers give way first, then the names
/// are cut (with an ellipsis), never the sentence.</summary>
public sealed class ExplanationSummaryTests
{
    private static Score Sc(double v) => new(v, v - 0.05, v + 0.05, 1000);

    private static ScoredCandidate Candidate(string label, double f1, bool significant) => new()
    {
        Id = "w:" + label, Label = label, Family = "words",
        Scores = new PrimaryScores(Sc(f1 * 0.6), Sc(f1), Sc(0.3), Sc(0.2)),
        RandomDirections = new BaselineScores(0.01, 0.02, 0.03, 0), Shuffled = new BaselineScores(0.01, 0.02, 0.03, 0),
        P = significant ? 0.01 : 0.4, Significant = significant,
    };

    private static ExplanationSide Side(string side, string kind, params ScoredCandidate[] cs)
    {
        var s = new ExplanationSide { Side = side, VerdictKind = kind, Verdict = kind + ": a long verdict with every number in it, " + new string('x', 200) };
        s.Candidates.AddRange(cs);
        if (kind is "mixture" or "abstract_cover") { s.Modes.Add(new Mode { Index = 0 }); s.Modes.Add(new Mode { Index = 1 }); }
        if (kind == "abstract_cover") s.Cover = new ModeCover { SingleLabel = "thermodynamic quantities (WordNet)", Covers = true };
        return s;
    }

    private static ExplanationResult Explained(string direction, params ExplanationSide[] sides)
    {
        var r = new ExplanationResult { Direction = direction, Verdict = string.Join("; ", sides.Select(s => s.Verdict)) };
        r.Sides.AddRange(sides);
        return r;
    }

    private static HypothesisResult Tested(string kind, string value, string direction, params (string Side, bool Significant, int? Rank)[] sides)
    {
        var r = new HypothesisResult { Direction = direction, Kind = kind, Hypothesis = value, Verdict = "long " + new string('v', 300) };
        foreach (var (side, sig, rank) in sides)
            r.Sides.Add(new HypothesisSide
            {
                Side = side, Candidate = Candidate(value, 0.41, sig), Rank = rank,
                FiresNowhere = new BaselineScores(0, 0, 0, 0), FiresEverywhere = new BaselineScores(0, 0, 0, 0),
            });
        return r;
    }

    private static void OneShortSentence(string s)
    {
        Assert.True(s.Length <= ExplanationSummary.MaxLength, $"{s.Length} characters: {s}");
        Assert.EndsWith(".", s);
        Assert.DoesNotContain(". ", s); // one sentence
        Assert.DoesNotContain("xxx", s); // not the long verdict
    }

    [Fact]
    public void Explained_sides_name_the_best_candidate_and_its_F1()
    {
        var s = ExplanationSummary.Of(Explained("temperature", Side("positive", "well_explained", Candidate("warm", 0.71, true)), Side("negative", "unexplained")));
        Assert.Equal("temperature: positive side well explained by warm (F1 0.71); negative side unexplained.", s);
        OneShortSentence(s);
    }

    [Fact]
    public void Every_verdict_kind_fits_even_with_long_names()
    {
        var longName = "blocks.11.hook_resid_post feature 123456 of the residual stream SAE (a very long library name)";
        var longLabel = "an extraordinarily long candidate label made of many many words that goes on";
        foreach (var kind in new[] { "well_explained", "partly", "mixture", "abstract_cover", "unexplained", "never_fires", "some_new_kind" })
            foreach (var name in new[] { "t", longName })
            {
                var s = ExplanationSummary.Of(Explained(name, Side("positive", kind, Candidate(longLabel, 0.5, true)), Side("negative", kind, Candidate(longLabel, 0.5, true))));
                OneShortSentence(s);
                if (name == "t") Assert.StartsWith("t: positive side ", s);
            }
        Assert.Equal("temperature: positive side unexplained.", ExplanationSummary.Of(Explained("temperature", Side("positive", "unexplained", Candidate("warm", 0.2, false)))));
        Assert.Equal("t: nothing to explain.", ExplanationSummary.Of(Explained("t")));
    }

    [Fact]
    public void A_hypothesis_gives_its_outcome_per_side_and_its_rank()
    {
        var s = ExplanationSummary.Of(Tested("words", "hot, warm, heat, cold", "temperature", ("positive", true, 2), ("negative", false, null)));
        // with the numbers it would be 125 characters: they give way (the view has them)
        Assert.Equal("word list “hot, warm, heat, cold” on temperature: beats the null on the positive side, not on the negative.", s);
        OneShortSentence(s);
        Assert.Equal("word list “hot, warm” on temperature: beats the null on the positive side (F1 0.41, rank 2).",
            ExplanationSummary.Of(Tested("words", "hot, warm", "temperature", ("positive", true, 2))));
        Assert.Equal("regex “warm” on t: beats the null on both sides (positive F1 0.41, rank 5; negative F1 0.41, rank 9).",
            ExplanationSummary.Of(Tested("regex", "warm", "t", ("positive", true, 5), ("negative", true, 9))));
        Assert.Equal("regex “warm” on t: does not beat the null on either side.",
            ExplanationSummary.Of(Tested("regex", "warm", "t", ("positive", false, 5), ("negative", false, 9))));
    }

    [Fact]
    public void A_long_or_hostile_hypothesis_is_cut_inside_its_quotes()
    {
        var hostile = "<script>alert(1)</script> " + string.Join(", ", Enumerable.Range(0, 40).Select(i => "word" + i));
        foreach (var sides in new[] { new[] { ("positive", true, (int?)1), ("negative", true, (int?)3) }, [("positive", false, null), ("negative", true, 1)], [] })
        {
            var s = ExplanationSummary.Of(Tested("text", hostile, new string('d', 150), sides));
            OneShortSentence(s);
            Assert.Matches("^free text “<script>[^”]*…” on d+…: ", s);
        }
        var none = ExplanationSummary.Of(Tested("words", "a", "t"));
        Assert.Equal("word list “a” on t: the direction fires too rarely to test it.", none);
    }
}
