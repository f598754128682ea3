using InterpLsp.Analysis.Explain.Evaluation;
using InterpLsp.Analysis.Explain.Families;
using InterpLsp.Analysis.Explain.Pipeline;
using Xunit;

namespace InterpLsp.Tests.Explain;

/// <summary>Where a side fires, chosen from the evidence (<see cref="ThresholdRule"/>), on the class's sample: a rare
/// concept is found above the 99th percentile, random directions stay unexplained with the null making the same
/// choice, and input with no threshold is refused in words.</summary>
public sealed partial class ExplainPipelineTests
{
    /// <summary>Rare concepts of the sample: WordNet synsets whose words cover 0.1 % to 0.5 % of its tokens.</summary>
    private List<(string Key, double Share)> RareConcepts()
    {
        var b = _e.Base;
        var found = new List<(string, double)>();
        foreach (var name in new[] { "metal.n.01", "bird.n.01", "fish.n.01", "tree.n.01", "weapon.n.01", "music.n.01", "disease.n.01", "emotion.n.01",
                     "vehicle.n.01", "liquid.n.01", "color.n.01", "building.n.01", "food.n.01", "body_part.n.01" })
        {
            string? key = b.Lexicon.Resolve(name);
            int id = key is null ? -1 : b.ConceptKeys.IndexOf(key);
            if (id < 0) continue;
            double share = (double)WordNetFamily.ConceptValues(b, id).Holds!.Length / b.Table.Count;
            if (share is >= 0.001 and <= 0.005) found.Add((key!, share));
        }
        return found;
    }

    [Fact]
    public void A_rare_planted_concept_is_found_above_the_99th_percentile_where_the_fixed_quantile_did_worse()
    {
        var rare = RareConcepts();
        _out.WriteLine($"{_e.Ev.Table.Count} tokens; rare concepts: {string.Join(", ", rare.Select(r => $"{r.Key} {100 * r.Share:F2} %"))}");
        Assert.True(rare.Count >= 2, "the sample has too few rare concepts to test with");
        int better = 0;
        foreach (var (key, share) in rare)
        {
            var values = _e.Ev.Projections([ExplainEvaluation.PlantVector(_e.Base, key)])[0];
            // The fixed rule of before: the side fires above its 0.99 quantile on the proposing half.
            var old = SideExplainer.Explain(_e.Base, new SideTarget(_e.Ev, values, false, quantile: 0.99), _e.Null, default);
            var oldTrue = old.Candidates.FirstOrDefault(c => ExplainEvaluation.Names(_e.Base.Lexicon, c, key));
            var r = Explainer.Explain(_e.Base, _e.Null, values, "planted " + key, "h", default);
            var pos = r.Sides[0];
            var newTrue = pos.Candidates.FirstOrDefault(c => ExplainEvaluation.Names(_e.Base.Lexicon, c, key));
            _out.WriteLine($"{key} ({100 * share:F2} % of tokens): fixed 0.99 quantile (threshold {old.Threshold:G3}): {old.VerdictKind}, "
                + $"concept's F1 {oldTrue?.Scores.F1.Value:F3} IoU {oldTrue?.Scores.IoU.Value:F3} (rank {(oldTrue is null ? "-" : (1 + old.Candidates.IndexOf(oldTrue)).ToString())}); "
                + $"chosen threshold {pos.Threshold:G3} ({pos.ThresholdRule}): {pos.VerdictKind}, concept's F1 {newTrue?.Scores.F1.Value:F3} IoU {newTrue?.Scores.IoU.Value:F3} "
                + $"(rank {(newTrue is null ? "-" : (1 + pos.Candidates.IndexOf(newTrue)).ToString())}, p {newTrue?.P:F3})");
            foreach (var t in pos.Thresholds)
                _out.WriteLine($"    {t.Rule}: threshold {t.Threshold:G3}, fires {t.ProposeFires}/{t.HeldOutFires}{(t.Skipped is null ? "" : " skipped")}{(t.Chosen ? " CHOSEN" : "")}, "
                    + $"proposing best IoU {t.ProposeBestIoU:F3}; held-out best {t.BestLabel} IoU {t.BestIoU:F3} F1 {t.BestF1:F3}; top F1 {t.TopF1:F3}");
            // The table names every threshold tried, one chosen, and the verdict names it.
            Assert.InRange(pos.Thresholds.Count, 1, ThresholdRule.TopShares.Length); // equal thresholds once; no natural boundary for a projection
            Assert.Single(pos.Thresholds, t => t.Chosen);
            Assert.Contains($"fires above {pos.Threshold:G3} ({pos.ThresholdRule}", pos.Verdict);
            // Named at a threshold above the 99th percentile, scoring better than under the fixed rule (or named where it was not).
            if (newTrue is not null && newTrue.Significant && pos.Threshold > old.Threshold
                && (oldTrue is null || !oldTrue.Significant || newTrue.Scores.F1.Value > oldTrue.Scores.F1.Value)) better++;
        }
        Assert.True(better >= (rare.Count + 1) / 2, $"{better} of {rare.Count} rare concepts found better above the 99th percentile");
    }

    [Fact]
    public void Random_directions_are_still_called_unexplained_when_the_null_makes_the_same_threshold_choice()
    {
        const int n = 12;
        int unexplained = 0;
        var thresholds = new List<string>();
        for (int i = 0; i < n; i++)
        {
            var values = _e.Ev.Projections([RandomNull.Unit(_e.Ev.Width, PlantedConcepts.FirstRandomSeed + i)])[0];
            var r = Explainer.Explain(_e.Base, _e.Null, values, $"random {i}", "h", default);
            if (r.Sides.All(s => s.VerdictKind is "unexplained" or "never_fires")) unexplained++;
            thresholds.AddRange(r.Sides.Select(s => s.ThresholdRule));
            _out.WriteLine($"random {i}: {r.Verdict}");
        }
        _out.WriteLine($"unexplained {unexplained} of {n}; thresholds chosen: {string.Join(" | ", thresholds.GroupBy(t => t).Select(g => $"{g.Key} x{g.Count()}"))}");
        _out.WriteLine($"null's chosen shares: {string.Join(", ", _e.Null.Sides.Select(s => s.Share))}");
        Assert.True(unexplained >= 0.9 * n, $"{unexplained} of {n} random directions called unexplained");
    }

    [Fact]
    public void A_probe_like_direction_tries_its_natural_boundary_against_a_null_that_tried_the_same_share()
    {
        var key = RareConcepts()[0].Key;
        var values = _e.Ev.Projections([ExplainEvaluation.PlantVector(_e.Base, key)])[0];
        for (int t = 0; t < values.Length; t++) values[t] -= 1.2f; // a logit: above 0 on somewhat more than the top 3 %
        _out.WriteLine($"the null (built for the class, at the rule's shares): {_e.NullSeconds:F1} s");
        var r = Explainer.Explain(_e.Base, _e.Null, values, "probe-like", "h", default, naturalBoundary: true);
        Assert.True(r.Rules.NaturalBoundary);
        Assert.Contains("0 (the natural boundary)", r.Rules.Thresholds);
        var pos = r.Sides[0];
        var boundary = Assert.Single(pos.Thresholds, t => t.Share is null);
        Assert.Equal("the natural boundary 0", boundary.Rule);
        Assert.Equal(0, boundary.Threshold);
        Assert.Null(boundary.Skipped);
        // The side's null tried the same share: each random side had a threshold at the boundary's share as well.
        double share = (double)boundary.ProposeFires / (_e.Ev.Table.Count - _e.Ev.Table.Count / 2); // about
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var nul = _e.Null.ForBoundaryShare(0.05);
        _out.WriteLine($"a null at one more share (0.05): {clock.Elapsed.TotalSeconds:F1} s; the boundary's share about {share:P2}");
        Assert.Equal(0.05, nul.BoundaryShare);
        Assert.Same(nul, _e.Null.ForBoundaryShare(0.05));
        Assert.Same(_e.Null, nul.ForBoundaryShare(null));
        // Not the plain null's: some random side's best IoU differs by more than rounding (1e-4, the stored precision).
        Assert.Equal(_e.Null.BestIoU.Count, pos.NullBestIoU.Count);
        Assert.Contains(_e.Null.BestIoU.Zip(pos.NullBestIoU), p => Math.Abs(p.First - p.Second) > 1e-4);
        _out.WriteLine($"{pos.Verdict}; {r.Seconds} s: {string.Join(", ", r.Timings.Select(kv => $"{kv.Key} {kv.Value}"))}");
        foreach (var t in pos.Thresholds)
            _out.WriteLine($"    {t.Rule}: threshold {t.Threshold:G3}, fires {t.ProposeFires}/{t.HeldOutFires}{(t.Skipped is null ? "" : " skipped")}{(t.Chosen ? " CHOSEN" : "")}, proposing best IoU {t.ProposeBestIoU:F3}; held-out best {t.BestLabel} IoU {t.BestIoU:F3}");
    }

    [Fact]
    public void A_direction_with_all_values_equal_has_no_threshold_and_no_verdict()
    {
        var values = new float[_e.Ev.Table.Count];
        Array.Fill(values, 0.25f);
        var e = Assert.Throws<ArgumentException>(() => Explainer.Explain(_e.Base, _e.Null, values, "flat", "h", default));
        Assert.StartsWith("no threshold exists: ", e.Message);
        Assert.Contains("0.25 on all", e.Message);
    }

    [Fact]
    public void A_side_with_fewer_firing_tokens_than_the_smallest_threshold_needs_says_so()
    {
        // Positive on 12 tokens of each half: every threshold of the rule leaves fewer than it needs.
        var ev = _e.Ev;
        var values = new float[ev.Table.Count];
        Array.Fill(values, -1f);
        int held = 0, propose = 0;
        for (int t = 0; t < values.Length; t += 97)
        {
            if (ev.IsHeldOut(t) ? held++ < 12 : propose++ < 12) values[t] = 1 + t % 5;
        }
        var r = Explainer.Explain(_e.Base, _e.Null, values, "sparse", "h", default);
        var pos = r.Sides[0];
        Assert.Equal("never_fires", pos.VerdictKind);
        Assert.Empty(pos.Candidates);
        Assert.Contains("fires too rarely to explain", pos.Verdict);
        Assert.Contains($"the smallest threshold needs at least {ThresholdRule.MinFires} firing tokens on each half", pos.Verdict);
        Assert.All(pos.Thresholds, t => Assert.NotNull(t.Skipped));
        Assert.Equal("", pos.ThresholdRule);
    }

    [Fact]
    public void A_boundarys_share_is_run_by_the_null_to_two_digits_and_cached_on_disk_beside_the_rules_shares()
    {
        Assert.Equal(0.0012, RandomNull.RoundShare(0.001234), 1e-12);
        Assert.Equal(0.051, RandomNull.RoundShare(0.0512), 1e-12);
        Assert.Equal(0.3, RandomNull.RoundShare(0.3049), 1e-12);
        Assert.Equal(0.0, RandomNull.RoundShare(0.0));
        var a = _e.Null.ForBoundaryShare(0.0712);
        Assert.Equal(0.071, a.BoundaryShare!.Value, 1e-12);
        Assert.Same(a, _e.Null.ForBoundaryShare(0.07104)); // the same two digits: the same null
        var file = Assert.Single(Directory.GetFiles(_e.NullDirectory, "*.share-0.071.json"));
        // A new process (a null built again from the cache) reads the boundary's rows instead of making them.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var again = RandomNull.Build(_e.Base, _e.NullDirectory, new List<string>(), default).ForBoundaryShare(0.071);
        _out.WriteLine($"read back from {Path.GetFileName(file)} in {clock.Elapsed.TotalSeconds:F2} s");
        Assert.Equal(a.BestIoU, again.BestIoU);
    }
}
