using InterpLsp.Analysis.Engine;
using InterpLsp.Analysis.Probes;
using InterpLsp.Interp.Directions;
using InterpLsp.Tests.Support;
using Newtonsoft.Json.Linq;
using Xunit.Abstractions;

namespace InterpLsp.Tests.Samples;

/// <summary>The sample direction shipped in samples/directions is what its README says it is: a logistic probe
/// trained by <c>probe train</c> from samples/data/temperature.jsonl (retrained here, it reproduces the shipped
/// vector), centred (0 is its decision boundary), and on the sample text it paints temperature words blue while
/// function words and punctuation stay near 0.</summary>
[Collection(ModelCollection.Name)]
public class SampleDirectionTests(ModelFixture fx, ITestOutputHelper output)
{
    public const string Name = "temperature (logistic probe)";

    /// <summary>Whole words (lower case) that name or describe temperature.</summary>
    public static readonly HashSet<string> TemperatureWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "warm", "warmer", "warmest", "hot", "hotter", "cold", "colder", "cool", "cools", "cooling", "heat", "heated",
        "freezing", "frozen", "chilly", "boiling", "scorching", "icy", "lukewarm", "temperature", "degrees", "melted", "frost",
    };

    /// <summary>Function words and punctuation of the sample text.</summary>
    public static readonly HashSet<string> FunctionTokens = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "an", "and", "of", "to", "in", "it", "on", "by", "as", "with", "from", "until", "while", "when", "into",
        ",", ".", ";", ":", "(", ")", "'", "=", "*", "-",
    };

    private static string SamplePath(params string[] parts) =>
        InterpLsp.Tests.Probes.ProbeRealDataTests.RepoPath(new[] { "samples" }.Concat(parts).ToArray());

    /// <summary>What samples/directions/README.md's command runs.</summary>
    public static TrainedProbe Train(InterpLsp.Model.ILanguageModel model) =>
        ProbeTrainer.Train(model, ProbeDataset.Load(SamplePath("data", "temperature.jsonl")),
            new ProbeOptions(InterpEngine.DefaultHook, ProbeMethod.Logistic, Name) { ModelId = ModelRegistry.EmbeddedMiniLmId }, null, default);

    private Direction Shipped() => DirectionSpecParser.Load(SamplePath("directions", "temperature.json"), h => fx.Model.GetHook(h).Width, null);

    [Fact]
    public void Retraining_reproduces_the_shipped_probe()
    {
        var trained = Train(fx.Model);
        var shipped = Shipped();
        Assert.Equal(DirectionKind.Probe, shipped.Kind);
        Assert.Equal(InterpEngine.DefaultHook, shipped.Hook);
        Assert.Equal(Name, shipped.Name);
        Assert.Equal(ModelRegistry.EmbeddedMiniLmId, shipped.DeclaredModel);
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < shipped.Vector.Length; i++)
        {
            dot += trained.Direction.Vector[i] * shipped.Vector[i];
            na += trained.Direction.Vector[i] * trained.Direction.Vector[i];
            nb += shipped.Vector[i] * shipped.Vector[i];
        }
        double cos = dot / Math.Sqrt(na * nb);
        Assert.True(cos > 0.999, $"cosine {cos}");
        Assert.True(Math.Abs(Math.Sqrt(na / nb) - 1) < 1e-3, $"norms {Math.Sqrt(na)} vs {Math.Sqrt(nb)}");
        Assert.True(Math.Abs(trained.Direction.Bias - shipped.Bias) < 1e-3 * Math.Max(1, Math.Abs(shipped.Bias)), $"bias {trained.Direction.Bias} vs {shipped.Bias}");
        // The file carries its report, made from the same data.
        var report = JObject.Parse(File.ReadAllText(SamplePath("directions", "temperature.json")))["report"]!;
        Assert.Equal(trained.Report.DataHash, (string)report["data_hash"]!);
        Assert.Equal(trained.Report.Accuracy, (double)report["accuracy"]!, 5e-10);
        Assert.Equal("mean", (string)report["pooling"]!);
    }

    [Fact]
    public void Temperature_words_are_the_top_tokens_of_the_sample_and_function_words_stay_near_zero()
    {
        var text = File.ReadAllText(SamplePath("heat-and-disorder.txt"));
        var tokens = Engines.Activations(fx.Model, text, Shipped());
        float max = tokens.Max(t => t.Value), min = tokens.Min(t => t.Value);
        var ranked = tokens.OrderByDescending(t => t.Value).ToList();
        output.WriteLine($"min {min:F2} max {max:F2}; top: {string.Join(", ", ranked.Take(12).Select(t => $"{t.Text} {t.Value:F1}"))}");
        output.WriteLine($"bottom: {string.Join(", ", ranked.TakeLast(6).Select(t => $"{t.Text} {t.Value:F1}"))}");
        // Stated bounds: the 12 highest tokens are temperature words; every temperature word of the text is above
        // 0.5 x max; the most negative token is above -0.3 x max (no deep red anywhere).
        Assert.All(ranked.Take(12), t => Assert.Contains(t.Text, TemperatureWords));
        var temp = tokens.Where(t => TemperatureWords.Contains(t.Text)).ToList();
        Assert.True(temp.Count >= 10);
        Assert.All(temp, t => Assert.True(t.Value > 0.5 * max, $"'{t.Text}' at {t.Start}: {t.Value} (max {max})"));
        Assert.True(min > -0.3 * max, $"min {min} vs max {max}");
        // Function words and punctuation: each below 0.4 x max, and at least 80% under the default paint threshold
        // (0.25 of the paint scale, here about the 99th percentile), i.e. left unpainted.
        var function = tokens.Where(t => FunctionTokens.Contains(t.Text)).ToList();
        Assert.True(function.Count >= 40);
        Assert.All(function, t => Assert.True(t.Value < 0.4 * max, $"'{t.Text}' at {t.Start}: {t.Value} (max {max})"));
        var sorted = tokens.Select(t => t.Value).OrderBy(v => v).ToList();
        float scale = Math.Max(Math.Abs(sorted[(int)(0.01 * (sorted.Count - 1))]), Math.Abs(sorted[(int)(0.99 * (sorted.Count - 1))]));
        double unpainted = function.Count(t => Math.Abs(t.Value) < InterpEngine.DefaultThreshold * scale) / (double)function.Count;
        output.WriteLine($"function tokens {function.Count}: {function.Min(t => t.Value):F2}..{function.Max(t => t.Value):F2}, unpainted {unpainted:P0}");
        Assert.True(unpainted >= 0.8, $"only {unpainted:P0} of function tokens are below the paint threshold");
    }

    [Fact]
    public void Values_are_centred_with_the_boundary_at_zero()
    {
        // On the training sentences (mean-pooled, as trained), positives score above 0 and negatives below:
        // the bias is the logistic intercept, so 0 is the decision boundary.
        var data = ProbeDataset.Load(SamplePath("data", "temperature.jsonl"));
        var features = ProbeFeatures.Extract(fx.Model, data, InterpEngine.DefaultHook, Pooling.Mean);
        var d = Shipped();
        var probe = new LinearProbe(d.Vector, d.Bias);
        var values = probe.Values(features);
        double acc = ProbeMetrics.Accuracy(values, features.Labels);
        double meanPos = values.Where((_, i) => features.Labels[i] == 1).Average();
        double meanNeg = values.Where((_, i) => features.Labels[i] == 0).Average();
        output.WriteLine($"accuracy {acc:F3}; mean logit positives {meanPos:F2}, negatives {meanNeg:F2}");
        Assert.True(acc >= 0.97, $"accuracy at 0 {acc}");
        Assert.True(meanPos > 0 && meanNeg < 0);
        // Centred: the two class means sit on either side of 0 at comparable distances (ratio within 1/3..3).
        double ratio = meanPos / -meanNeg;
        Assert.InRange(ratio, 1 / 3.0, 3.0);
    }
}
