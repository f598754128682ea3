using InterpLsp.Analysis.Explain.Covering;
using InterpLsp.Analysis.Explain.Hypotheses;
using InterpLsp.Analysis.Explain.Pipeline;
using InterpLsp.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace InterpLsp.Tests.Explain;

/// <summary>The covering search by meaning (<see cref="MeaningCover"/>) with the shipped gloss embeddings, on a side made
/// of two modes (heat words, mixing words): what it tries and how it scores them, by its stated rule.</summary>
[Collection(ModelCollection.Name)]
public sealed class MeaningCoverTests : IClassFixture<ExplainPipelineTests.Evidence>
{
    private readonly ExplainPipelineTests.Evidence _e;
    private readonly ModelFixture _fx;
    private readonly ITestOutputHelper _out;

    public MeaningCoverTests(ExplainPipelineTests.Evidence e, ModelFixture fx, ITestOutputHelper output) { _e = e; _fx = fx; _out = output; }

    [Fact]
    public void Two_modes_get_the_glosses_nearest_both_scored_on_the_held_out_half_beside_random_glosses()
    {
        var index = GlossIndex.Default(out var problem);
        Assert.True(index is not null, problem);
        var table = _e.Ev.Table;
        string[] heat = ["heat", "hot", "warm", "cold", "temperature", "heated", "warmth"], mix = ["mix", "mixed", "mixing", "mixture", "blend", "combined", "stir"];
        bool In(string[] words, int t) => words.Contains(table.Words[table.Word[t]]);
        var values = new float[table.Count];
        var masks = new List<bool[]> { new bool[table.Count], new bool[table.Count] };
        for (int t = 0; t < table.Count; t++)
        {
            if (In(heat, t)) { values[t] = 1; masks[0][t] = true; }
            else if (In(mix, t)) { values[t] = 1; masks[1][t] = true; }
        }
        _out.WriteLine($"heat tokens {masks[0].Count(x => x)}, mixing tokens {masks[1].Count(x => x)}");
        var side = new SideTarget(_e.Ev, values, negative: false, threshold: 0.5, share: null);
        var union = Enumerable.Range(0, table.Count).Where(t => values[t] > 0).ToArray();
        var embedder = new SentenceEmbedder(_fx.Model);
        double[] selection = [];
        var r = MeaningCover.Search(_e.Base, side, masks, union, index!, (texts, ct) => embedder.Embed(texts, ct), default, selectionScores: s => selection = s)!;
        foreach (var c in r.Tried) _out.WriteLine($"{c.Label}: AUROC {c.Auroc} p {c.P} selection {c.Selection} — {c.Gloss}");
        var order = Enumerable.Range(0, index!.Count).OrderByDescending(i => selection[i]).ToList();
        foreach (var name in new[] { "entropy.n.01", "entropy.n.02", "thermodynamics.n.01", "disorder.n.01", "mixture.n.01", "heat.n.01", "temperature.n.01", "physical_process.n.01", "change_of_state.n.01" })
            if (_e.Base.Lexicon.Resolve(name) is { } key && index.Synsets.ToList().IndexOf(key) is int at && at >= 0)
                _out.WriteLine($"{name}: rank {order.IndexOf(at) + 1} of {index.Count}, selection {selection[at]:F3}");
        Assert.Equal(MeaningCover.Tried, r.Tried.Count);
        Assert.Equal(index!.Count, r.Pool);
        Assert.Equal(MeaningCover.RandomGlosses, r.RandomGlosses);
        Assert.Equal(r.Activating + r.NonActivating, r.Tried[0].Auroc.N);
        // The modes' OR is exactly where this side fires, so as a 0/1 score it separates the contexts perfectly.
        Assert.Equal(1.0, r.UnionAuroc.Value, 1e-9);
        // The concepts tried are near both modes: glosses about mixtures and about heat or temperature among them (on this
        // sample the first, "freezing mixture: a mixture of substances ... to obtain a temperature below the freezing
        // point", covers both as well as their OR, within the slack).
        Assert.Contains(r.Tried, c => c.Gloss.Contains("mixture") || c.Gloss.Contains("mixing"));
        Assert.Contains(r.Tried, c => c.Gloss.Contains("temperature") || c.Gloss.Contains("heat"));
        Assert.Equal(r.Tried[0].P < MeaningCover.Alpha && r.Tried[0].Auroc.Value >= r.UnionAuroc.Value - UnionTest.CoverSlack, r.Covers);
        // Chosen on the proposing half by selection, in order; every score inside its interval, p a share of 201.
        for (int i = 1; i < r.Tried.Count; i++) Assert.True(r.Tried[i - 1].Selection >= r.Tried[i].Selection);
        Assert.All(r.Tried, c =>
        {
            Assert.InRange(c.Auroc.Value, c.Auroc.Lo - 1e-9, c.Auroc.Hi + 1e-9);
            Assert.InRange(c.P, 1.0 / 201 - 1e-9, 1.0);
            Assert.True(c.RandomP95 >= c.RandomMean);
            Assert.StartsWith("n.", c.Synset);
            Assert.False(string.IsNullOrEmpty(c.Gloss));
        });
        // Deterministic: the same search gives the same concepts and scores.
        var again = MeaningCover.Search(_e.Base, side, masks, union, index!, (texts, ct) => embedder.Embed(texts, ct), default)!;
        Assert.Equal(r.Tried.Select(c => (c.Synset, c.Auroc.Value)), again.Tried.Select(c => (c.Synset, c.Auroc.Value)));
    }
}
