using InterpLsp.Analysis.Explain.Evaluation;
using InterpLsp.Analysis.Explain.Families;
using InterpLsp.Analysis.Explain.Pipeline;
using Xunit;

namespace InterpLsp.Tests.Explain;

/// <summary>The threshold rule's proxy and pick (<see cref="ThresholdProxy"/>, <see cref="ThresholdRule.Pick"/>): a word
/// list grown on a few dozen firing tokens is read on the fold it was not chosen on, so a list that only fits its own
/// tokens reads 0; a side that fires on two concepts is read by their union; of thresholds that read alike, the
/// rarer is taken.</summary>
public sealed partial class ExplainPipelineTests
{
    [Fact]
    public void Pick_takes_the_rarest_threshold_whose_proxy_reads_alike_with_the_best()
    {
        // Hand-computed: best 0.129; 0.9 x 0.129 = 0.1161, so 0.126 (68 firing tokens) reads alike and is rarer.
        Assert.Equal(0, ThresholdRule.Pick([(true, 0.126, 68), (true, 0.129, 202), (true, 0.112, 672)]));
        // A clearly better broader threshold wins (0.14 < 0.9 x 0.32).
        Assert.Equal(2, ThresholdRule.Pick([(false, 0, 21), (true, 0.14, 68), (true, 0.32, 672), (true, 0.29, 2015)]));
        // Skipped thresholds are never taken, whatever their proxy; none tried: -1.
        Assert.Equal(1, ThresholdRule.Pick([(false, 0.9, 21), (true, 0.2, 68)]));
        Assert.Equal(-1, ThresholdRule.Pick([(false, 0.5, 21), (false, 0.5, 40)]));
        // The order in the list does not matter: the natural boundary comes last but may be the rarest.
        Assert.Equal(2, ThresholdRule.Pick([(true, 0.30, 672), (true, 0.31, 2015), (true, 0.29, 300)]));
    }

    [Fact]
    public void A_word_list_that_fits_only_the_fold_it_was_chosen_on_reads_as_nothing_across_folds()
    {
        var ev = _e.Ev;
        var values = ev.Projections([RandomNull.Unit(ev.Width, 77)])[0];
        var side = new SideTarget(ev, values, false, 0.99);
        // Every use on the first fold of the proposing half of a dozen words used 4 to 8 times on each fold: a list of
        // them fits the firing tokens on the fold it is chosen on, and reads 0 on the other, where they fire nowhere.
        var table = ev.Table;
        var uses = new int[2, table.Words.Count];
        for (int t = 0; t < table.Count; t++) if (!ev.IsHeldOut(t)) uses[ThresholdProxy.Fold(table.DocKeys[table.Doc[t]]), table.Word[t]]++;
        var words = Enumerable.Range(0, table.Words.Count).Where(w => uses[0, w] is >= 4 and <= 8 && uses[1, w] is >= 4 and <= 8).Take(12).ToHashSet();
        Assert.True(words.Count >= 6, "the sample has too few words of that use");
        var fires = new bool[table.Count];
        for (int t = 0; t < table.Count; t++)
            fires[t] = !ev.IsHeldOut(t) && words.Contains(table.Word[t]) && ThresholdProxy.Fold(table.DocKeys[table.Doc[t]]) == 0;
        var random = side.WithFires(fires);
        var inSample = ThresholdProxy.Compute(_e.Base, random, crossFitted: false);
        var crossFitted = ThresholdProxy.Compute(_e.Base, random);
        _out.WriteLine($"{random.ProposeFires} firing tokens ({words.Count} words): in-sample {inSample.IoU:F3} ({inSample.Of}, {inSample.Items.Count} items), cross-fitted {crossFitted.IoU:F3} ({crossFitted.Of})");
        Assert.True(inSample.Of != ThresholdProxy.Family.Concept && inSample.IoU >= 0.3, "in-sample, a list of the words fits their first fold's uses");
        // Cross-fitted, each fold's list is read on the other fold, where its words do not fire (the first fold's) or which
        // has no firing token to choose from (the second's): the lists read 0, and what is left is a concept's in-sample IoU.
        Assert.Equal(ThresholdProxy.Family.Concept, crossFitted.Of);
        Assert.True(crossFitted.IoU < inSample.IoU / 2);
        Assert.Equal(0, ThresholdProxy.Fold("doc-a") & ~1);
        Assert.Contains(_e.Ev.Table.DocKeys, k => ThresholdProxy.Fold(k) == 0);
        Assert.Contains(_e.Ev.Table.DocKeys, k => ThresholdProxy.Fold(k) == 1);
    }

    [Fact]
    public void A_side_firing_on_two_concepts_is_read_by_their_union()
    {
        var rare = RareConcepts();
        Assert.True(rare.Count >= 2, "the sample has too few rare concepts to test with");
        var b = _e.Base;
        int a = b.ConceptKeys.IndexOf(rare[0].Key), c = b.ConceptKeys.IndexOf(rare[1].Key);
        var fires = new bool[b.Table.Count];
        foreach (int t in WordNetFamily.ConceptValues(b, a).Holds!) fires[t] = true;
        foreach (int t in WordNetFamily.ConceptValues(b, c).Holds!) fires[t] = true;
        var values = _e.Ev.Projections([RandomNull.Unit(_e.Ev.Width, 78)])[0];
        var side = new SideTarget(_e.Ev, values, false, 0.99).WithFires(fires);
        var best = ThresholdProxy.Compute(b, side);
        _out.WriteLine($"{rare[0].Key} + {rare[1].Key}: {best.Of} {string.Join(", ", best.Items.Select(i => b.ConceptKeys[i]))} IoU {best.IoU:F3}; {best.ToCandidate(b).Feature.Label}");
        // Two concepts whose union holds exactly where the side fires (on a small sample a concept may share its tokens
        // with another, e.g. disease and illness: either names them).
        Assert.Equal(ThresholdProxy.Family.Concept, best.Of);
        Assert.Equal(2, best.Items.Count);
        Assert.Equal(1.0, best.IoU, 1e-9); // tolerance, not rounding
        var candidate = best.ToCandidate(b);
        Assert.StartsWith("formula:", candidate.Id);
        Assert.Equal(Enumerable.Range(0, fires.Length).Where(t => fires[t] && !_e.Ev.IsHeldOut(t)), candidate.Set.Where(t => !_e.Ev.IsHeldOut(t)));
    }
    [Fact]
    public void The_residual_is_read_at_the_sides_own_threshold_when_it_fires_on_the_broadest_share_already()
    {
        var values = _e.Ev.Projections([RandomNull.Unit(_e.Ev.Width, 79)])[0];
        // Firing on its top 5 %: 2.5 x 5 % is beyond the rule's broadest share (3 %), so the side's own threshold is read.
        var wide = new SideTarget(_e.Ev, values, false, 0.95);
        Assert.Empty(ResidualPart.BroaderShares(wide.ProposeRate));
        var (shares, thresholds) = ResidualPart.Thresholds(wide);
        Assert.Equal(new[] { wide.ProposeRate }, shares);
        Assert.Equal(new[] { wide.Threshold }, thresholds);
        // Firing on its top 0.1 %: the broader shares 0.3 %, 1 % and 3 %, each threshold at or below the side's, falling.
        var narrow = new SideTarget(_e.Ev, values, false, 0.999);
        var (broader, lower) = ResidualPart.Thresholds(narrow);
        Assert.Equal(ResidualPart.BroaderShares(narrow.ProposeRate), broader);
        Assert.Equal(broader.Count, lower.Count);
        Assert.All(lower, t => Assert.True(t <= narrow.Threshold));
        Assert.Equal(lower.OrderByDescending(t => t), lower);
    }
}
