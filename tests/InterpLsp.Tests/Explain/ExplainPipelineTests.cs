using InterpLsp.Analysis.Corpora;
using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Evaluation;
using InterpLsp.Analysis.Explain.Evidence;
using InterpLsp.Analysis.Explain.Pipeline;
using InterpLsp.Analysis.Explain.WordNet;
using InterpLsp.Interp.Directions;
using InterpLsp.Tests.Support;
using Xunit;
using Store = InterpLsp.Analysis.ActivationStore.ActivationStore;

namespace InterpLsp.Tests.Explain;

/// <summary>The whole explanation pipeline on a small sample of the default corpus (one scan into a temporary
/// activation store for the class): the evaluation harness on a small planted set, and the properties every
/// explanation must have (scores on the held-out half, intervals around them, baselines, a verdict).</summary>
[Collection(ModelCollection.Name)]
public sealed partial class ExplainPipelineTests : IClassFixture<ExplainPipelineTests.Evidence>
{
    public const string Hook = "blocks.3.hook_resid_post";

    public sealed class Evidence : IDisposable
    {
        private readonly string _root = Directory.CreateTempSubdirectory("interp-explain-").FullName;

        public Evidence(ModelFixture fx)
        {
            var corpus = WordNetCorpus.Sample(2500, seed: 3);
            var neuron = new Direction($"neuron:{Hook}:0", "neuron 0", Hook, OneHot(384, 0), DirectionKind.Neuron, NeuronIndex: 0);
            var warnings = new List<string>();
            Ev = EvidenceLoader.Open(fx.Model, corpus, neuron, Hook, new Store(_root, 1L << 30), null, warnings, out var scan, default);
            Assert.NotNull(scan); // nothing was stored: it scanned first
            Base = new CandidateBase(Ev, WordNetLexicon.Default());
            var clock = System.Diagnostics.Stopwatch.StartNew();
            Null = RandomNull.Build(Base, Path.Combine(_root, "null"), warnings, default);
            NullSeconds = clock.Elapsed.TotalSeconds;
        }

        /// <summary>How long the null took to build (not cached).</summary>
        public double NullSeconds { get; }

        public ExplainEvidence Ev { get; }
        public CandidateBase Base { get; }
        public RandomNull Null { get; }

        /// <summary>Where the null is cached.</summary>
        public string NullDirectory => Path.Combine(_root, "null");

        public void Dispose() { Ev.Dispose(); Directory.Delete(_root, true); }
    }

    private static float[] OneHot(int n, int i) { var v = new float[n]; v[i] = 1; return v; }

    private readonly Evidence _e;
    private readonly Xunit.Abstractions.ITestOutputHelper _out;
    public ExplainPipelineTests(Evidence e, Xunit.Abstractions.ITestOutputHelper output) { _e = e; _out = output; }

    [Fact]
    public void The_harness_names_planted_concepts_and_calls_random_directions_unexplained()
    {
        var report = ExplainEvaluation.Run(_e.Base, _e.Null, ["person.n.01", "lexname:verb.motion", "color.n.01"], [("person.n.01", "color.n.01")], 2);
        Assert.Equal(6, report.Cases.Count);
        // Each planted case is in the band its measured share decides (the bands split the three concepts).
        var concepts = report.Cases.Where(c => c.Kind == "concept").ToList();
        Assert.Equal(3, report.Bands.Values.Sum(b => b.Concepts));
        foreach (var c in concepts) Assert.Equal(FrequencyBands.Of(c.Share!.Value), c.Band);
        var mixture = report.Cases.Single(c => c.Kind == "mixture");
        Assert.Equal(FrequencyBands.OfMixture(concepts[0].Band!, concepts[2].Band!), mixture.Band);
        Assert.Equal(new[] { concepts[0].Share!.Value, concepts[2].Share!.Value }, mixture.PartShares);
        Assert.True(concepts.All(c => c.Share > 0 && report.Bands[c.Band!].Concepts > 0));
        Assert.Equal(report.Tokens, _e.Base.Table.Count);
        // Three planted concepts: at least two named among the top three candidates.
        Assert.True(concepts.Count(c => c.Pass) >= 2, string.Join("\n", report.Cases.Select(c => $"{c.Planted}: {string.Join(" | ", c.Top)} -> {c.Verdict}")));
        Assert.True(report.RandomUnexplained >= 0.5, string.Join("\n", report.Cases.Where(c => c.Kind == "random").Select(c => c.Verdict)));
        // NeuronEval's checks: the primary metrics prefer the true concept to one with most labels dropped or many added.
        foreach (var m in new[] { "iou", "f1", "auprc" })
        {
            Assert.True(concepts.Count(c => c.SanityMissing?.GetValueOrDefault(m) == true) >= 2, $"{m} missing");
            Assert.True(concepts.Count(c => c.SanityExtra?.GetValueOrDefault(m) == true) >= 2, $"{m} extra");
        }
    }

    [Fact]
    public void An_explanation_scores_on_the_held_out_half_with_intervals_and_baselines()
    {
        var vector = ExplainEvaluation.PlantVector(_e.Base, ExplainEvaluation.Resolve(_e.Base.Lexicon, "person.n.01"));
        var values = _e.Ev.Projections([vector])[0];
        var r = Explainer.Explain(_e.Base, _e.Null, values, "planted person", "h", default);
        Assert.Equal(2, r.Sides.Count);
        var pos = r.Sides[0];
        Assert.Equal("positive", pos.Side);
        Assert.Equal(2 * RandomNull.Directions, pos.NullBestIoU.Count);
        Assert.True(pos.Fires > 0 && pos.Tokens > pos.Fires);
        Assert.NotEmpty(pos.Candidates);
        Assert.False(string.IsNullOrWhiteSpace(r.Verdict));
        foreach (var c in pos.Candidates)
        {
            foreach (var s in new[] { c.Scores.IoU, c.Scores.F1, c.Scores.Auprc, c.Scores.Pearson })
            {
                Assert.Equal(pos.Tokens, s.N);
                Assert.True(s.Lo <= s.Value + 1e-9 && s.Value <= s.Hi + 1e-9 || double.IsNaN(s.Lo), $"{c.Label}: {s}");
            }
            Assert.InRange(c.P, 1.0 / 41, 1.0);
            Assert.Equal(c.P < 0.05, c.Significant);
            Assert.NotNull(c.RandomDirections);
            Assert.NotNull(c.Shuffled);
        }
        var best = pos.Candidates[0];
        // On this small sample the null is wide; the planted concept must still beat its own baselines.
        Assert.True(best.Scores.F1.Value > best.Shuffled.F1 && best.Scores.F1.Value > best.RandomDirections.F1);
        Assert.Equal(0, pos.FiresNowhere.IoU);
        Assert.Equal((double)pos.Fires / pos.Tokens, pos.FiresEverywhere.IoU, 5e-10);
        // The same inputs give the same result (everything random is seeded).
        var again = Explainer.Explain(_e.Base, _e.Null, values, "planted person", "h", default);
        Assert.Equal(pos.Candidates.Select(c => (c.Id, c.Scores.F1.Lo, c.Scores.F1.Hi)), again.Sides[0].Candidates.Select(c => (c.Id, c.Scores.F1.Lo, c.Scores.F1.Hi)));
    }

    [Fact]
    public void States_read_from_two_threads_at_once_equal_states_read_one_after_another()
    {
        var tokens = Enumerable.Range(0, 400).Select(i => i * 37 % _e.Ev.Table.Count).ToArray();
        var expected = _e.Ev.States(tokens);
        var got = new float[2][][];
        Parallel.For(0, 2, k => { for (int r = 0; r < 20; r++) got[k] = _e.Ev.States(tokens); });
        foreach (var g in got)
            for (int i = 0; i < tokens.Length; i++) Assert.Equal(expected[i], g[i]);
    }

    [Fact]
    public void A_corpus_too_small_to_split_is_refused_with_the_sizes_needed()
    {
        var e = Assert.Throws<ArgumentException>(() => Explainer.CheckSizes("jsonl:tiny.jsonl", 1, 0, 2, 0));
        Assert.Contains("too small to split", e.Message);
        Assert.Contains("1 and 0 texts, 2 and 0 tokens", e.Message);
        Assert.Contains("at least 40 texts and 400 tokens", e.Message);
        Explainer.CheckSize(_e.Ev); // the class's sample is large enough
    }
}
