using InterpLsp.Analysis.Probes;
using InterpLsp.Interp.Directions;
using InterpLsp.Server.Benchmarks;
using InterpLsp.Tests.Support;
using Xunit.Abstractions;

namespace InterpLsp.Tests.Probes;

/// <summary>Probes trained on real hidden states of the embedded model, for a concept it clearly encodes (sentences
/// about heat and cold, samples/data/temperature.jsonl).</summary>
[Collection(ModelCollection.Name)]
public class ProbeRealDataTests(ModelFixture fx, ITestOutputHelper output)
{
    public static string RepoPath(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "InterpLsp.sln"))) dir = dir.Parent;
        return Path.Combine(new[] { dir!.FullName }.Concat(parts).ToArray());
    }

    // Stated floor: held-out accuracy >= 0.85 and selectivity > 0.2 for these methods on the 300 temperature sentences.
    // (pca-diff reads contrast pairs; these sentences are not pairs, so it is tested on pairs below.)
    [Theory]
    [InlineData(ProbeMethod.Logistic)]
    [InlineData(ProbeMethod.MassMean)]
    [InlineData(ProbeMethod.MassMeanCov)]
    public void Temperature_sentences_are_separated_on_held_out_data(ProbeMethod method)
    {
        var data = ProbeDataset.Load(RepoPath("samples", "data", "temperature.jsonl"));
        var t = ProbeTrainer.Train(fx.Model, data, new ProbeOptions("blocks.3.hook_resid_post", method, "temperature"), null, default);
        var r = t.Report;
        output.WriteLine($"{r.Method}: accuracy {r.Accuracy:F3} auroc {r.Auroc:F3} f1 {r.F1:F3} selectivity {r.Selectivity:F3} control {r.ControlAccuracy:F3} C {r.L2C}");
        Assert.True(r.Accuracy >= 0.85, $"accuracy {r.Accuracy}");
        Assert.True(r.Selectivity > 0.2, $"selectivity {r.Selectivity}");
        Assert.Equal(300, r.NTrain + r.NTest);
        Assert.Equal(60, r.NTest);
        Assert.Equal(DirectionKind.Probe, t.Direction.Kind);
        Assert.Equal(data.Hash, r.DataHash);
        Assert.Empty(r.Warnings);
    }

    /// <summary>The same real sentences with their labels shuffled (seeded): nothing to find, so held-out accuracy is
    /// near chance and selectivity near 0. Stated bounds (60 held out, one standard deviation about 0.065): both
    /// within 0.2.</summary>
    [Theory]
    [InlineData(ProbeMethod.Logistic)]
    [InlineData(ProbeMethod.MassMean)]
    public void Shuffled_real_labels_give_chance_accuracy_and_no_selectivity(ProbeMethod method)
    {
        var real = ProbeDataset.Load(RepoPath("samples", "data", "temperature.jsonl"));
        var rng = new Random(21);
        var labels = real.Examples.Select(e => e.Label!.Value).OrderBy(_ => rng.Next()).ToArray();
        var shuffled = new ProbeDataset(real.Examples.Select((e, i) => e with { Label = labels[i] }).ToList(), "shuffled");
        var r = ProbeTrainer.Train(fx.Model, shuffled, new ProbeOptions("blocks.3.hook_resid_post", method, "shuffled"), null, default).Report;
        output.WriteLine($"{r.Method} on shuffled labels: accuracy {r.Accuracy:F3}, selectivity {r.Selectivity:F3}");
        Assert.True(Math.Abs(r.Accuracy - 0.5) < 0.2, $"accuracy {r.Accuracy}");
        Assert.True(Math.Abs(r.Selectivity) < 0.2, $"selectivity {r.Selectivity}");
    }

    /// <summary>Contrast pairs that differ in one word (a temperature word or another adjective), paired by key.
    /// Stated floor: held-out accuracy >= 0.85, selectivity > 0.2.</summary>
    [Fact]
    public void Pca_diff_on_contrast_pairs()
    {
        var dir = Directory.CreateTempSubdirectory("interp-probe-pairs-").FullName;
        try
        {
            string[] things = { "soup", "room", "river", "bath", "car", "kitchen", "road", "tea", "office", "garden", "bread", "station" };
            string[] frames = { "The {0} was {1} this morning.", "She said the {0} felt {1}.", "By noon the {0} had become {1}.", "I think the {0} is too {1}." };
            string[] hot = { "hot", "cold", "warm", "freezing", "icy", "boiling", "chilly", "lukewarm" };
            string[] other = { "empty", "noisy", "tidy", "crowded", "dirty", "quiet", "expensive", "broken" };
            var lines = new List<string>();
            for (int i = 0; i < 96; i++)
            {
                var frame = frames[i % frames.Length];
                var thing = things[i / frames.Length % things.Length];
                lines.Add(Newtonsoft.Json.JsonConvert.SerializeObject(new { text = string.Format(frame, thing, hot[i * 3 % hot.Length]), label = 1, pair = $"p{i}" }));
                lines.Add(Newtonsoft.Json.JsonConvert.SerializeObject(new { text = string.Format(frame, thing, other[i * 5 % other.Length]), label = 0, pair = $"p{i}" }));
            }
            var path = Path.Combine(dir, "pairs.jsonl");
            File.WriteAllLines(path, lines);
            var t = ProbeTrainer.Train(fx.Model, ProbeDataset.Load(path), new ProbeOptions("blocks.3.hook_resid_post", ProbeMethod.PcaDiff, "pairs"), null, default);
            output.WriteLine(t.Report.ToText());
            Assert.True(t.Report.Accuracy >= 0.85, $"accuracy {t.Report.Accuracy}");
            Assert.True(t.Report.Selectivity > 0.2, $"selectivity {t.Report.Selectivity}");
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Token_level_spans_train_on_tokens()
    {
        var dir = Directory.CreateTempSubdirectory("interp-probe-spans-").FullName;
        try
        {
            var words = new[] { "hot", "cold", "warm", "icy", "boiling", "chilly" };
            var lines = new List<string>();
            for (int i = 0; i < 60; i++)
            {
                var w = words[i % words.Length];
                var text = $"Sentence {i}: the river was {w} that day.";
                int at = text.IndexOf(" " + w + " ", StringComparison.Ordinal) + 1;
                lines.Add(Newtonsoft.Json.JsonConvert.SerializeObject(new { text, spans = new[] { new[] { at, at + w.Length } } }));
            }
            var path = Path.Combine(dir, "spans.jsonl");
            File.WriteAllLines(path, lines);
            var t = ProbeTrainer.Train(fx.Model, ProbeDataset.Load(path), new ProbeOptions("blocks.3.hook_resid_post", ProbeMethod.Logistic, "spans"), null, default);
            output.WriteLine(t.Report.ToText());
            Assert.Equal("token", t.Report.Level);
            Assert.True(t.Report.Auroc > 0.95, $"auroc {t.Report.Auroc}");
            Assert.Contains(t.Report.Warnings, w => w.Contains("dominates"));
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>A text longer than one window is run in the planner's windows: its mean-pooled state, projected on a
    /// probe, equals the mean of the per-token values the editor shows for that text (a probe is linear), within
    /// 1e-3 relative.</summary>
    [Fact]
    public void Long_texts_pool_the_windowed_states_the_editor_uses()
    {
        var sentence = "The kettle was warm and the committee met again in the cold hall. ";
        var longText = string.Concat(Enumerable.Repeat(sentence, 120)); // about 1,900 tokens: several windows
        Assert.True(fx.Model.Tokenizer.Tokenize(longText).Count > 3 * fx.Model.MaxWindowTokens);
        var data = new ProbeDataset(new[]
        {
            new ProbeExample(longText, 1, null, null, 1),
            new ProbeExample("A chair stood by the door.", 0, null, null, 2),
        }, "long");
        var features = ProbeFeatures.Extract(fx.Model, data, "blocks.3.hook_resid_post", Pooling.Mean);
        var w = Enumerable.Range(0, features.Width).Select(i => (float)Math.Sin(i + 1)).ToArray();
        var direction = new Direction("sin", "sin", "blocks.3.hook_resid_post", w, DirectionKind.Probe, 0.5f);
        double pooled = new LinearProbe(w, 0.5f).Value(features.Row(0));
        double editor = Engines.Activations(fx.Model, longText, direction).Average(t => (double)t.Value);
        Assert.True(Math.Abs(pooled - editor) <= 1e-3 * Math.Max(1, Math.Abs(editor)), $"pooled {pooled} vs editor mean {editor}");
        // Last-token pooling takes the final token's state.
        var last = ProbeFeatures.Extract(fx.Model, data, "blocks.3.hook_resid_post", Pooling.Last);
        double lastValue = new LinearProbe(w, 0.5f).Value(last.Row(0));
        Assert.Equal(Engines.Activations(fx.Model, longText, direction)[^1].Value, lastValue, 5e-4);
    }

    [Fact]
    public void Cancellation_stops_training()
    {
        var data = ProbeDataset.Load(RepoPath("samples", "data", "temperature.jsonl"));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            ProbeTrainer.Train(fx.Model, data, new ProbeOptions("blocks.3.hook_resid_post", ProbeMethod.Logistic, "t"), null, cts.Token));
    }

    /// <summary>The benchmark run once (its figure is printed, not asserted: it is a benchmark, not a timed test).</summary>
    [Fact]
    public void Benchmark_trains_on_two_thousand_template_sentences()
    {
        var r = ProbeBenchmark.Run(fx.Model, "blocks.3.hook_resid_post");
        output.WriteLine($"probe_train_s {r.ProbeTrainS:F2} ({r.CpuS:F1} CPU s, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}) for {r.Sentences} sentences; accuracy {r.Report.Accuracy:F3}, C {r.Report.L2C}");
        Assert.Equal(2000, r.Report.NTrain + r.Report.NTest);
        Assert.True(r.Report.Accuracy > 0.95, $"accuracy {r.Report.Accuracy}");
    }
}
