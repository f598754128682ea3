using System.Diagnostics;
using InterpLsp.Analysis.Probes;
using InterpLsp.Model;

namespace InterpLsp.Server.Benchmarks;

/// <summary><c>probe_train_s</c>: wall time of <see cref="ProbeTrainer.Train"/> (forward passes, cross-validated
/// logistic, held-out scoring and the shuffled control) on <see cref="Sentences"/> labelled sentences made
/// deterministically from templates (half say something about temperature, half the same frames about something
/// else), at the default hook with mean pooling.</summary>
public static class ProbeBenchmark
{
    public const int Sentences = 2000;

    /// <param name="ProbeTrainS">Wall seconds.</param>
    /// <param name="CpuS">Process CPU seconds over the same span (on a shared machine, wall time / cores is a floor).</param>
    public sealed record Result(double ProbeTrainS, double CpuS, int Sentences, ProbeReport Report);

    public static Result Run(ILanguageModel model, string hook, int sentences = Sentences)
    {
        var data = new ProbeDataset(Generate(sentences), "probe-benchmark (templates)");
        var options = new ProbeOptions(hook, ProbeMethod.Logistic, "benchmark-temperature");
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var trained = ProbeTrainer.Train(model, data, options, null, CancellationToken.None);
        double wall = clock.Elapsed.TotalSeconds;
        return new Result(wall, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, sentences, trained.Report);
    }

    private static readonly string[] Subjects = { "The old man", "My sister", "The new teacher", "A tired nurse", "The farmer", "Our guide", "The driver", "A small boy", "The chef", "Her neighbour" };
    private static readonly string[] Frames = { "{0} said that the {1} was {2}.", "{0} noticed the {1} had become {2}.", "{0} complained that the {1} felt {2} today.", "According to {0}, the {1} is always {2} in the morning.", "{0} thought the {1} seemed rather {2}." };
    private static readonly string[] Things = { "room", "water", "soup", "car", "office", "kitchen", "river", "station", "bread", "garden", "bath", "road" };
    private static readonly string[] Hot = { "hot", "cold", "warm", "freezing", "icy", "boiling", "chilly", "lukewarm", "scorching", "frosty" };
    private static readonly string[] Other = { "empty", "crowded", "expensive", "quiet", "dirty", "noisy", "tidy", "broken", "new", "crooked" };

    /// <summary>Deterministic: the i-th sentence depends only on i (odd i positive).</summary>
    public static IReadOnlyList<ProbeExample> Generate(int count)
    {
        var rows = new List<ProbeExample>(count);
        for (int i = 0; i < count; i++)
        {
            int label = i % 2;
            int k = i / 2;
            var words = label == 1 ? Hot : Other;
            var text = string.Format(Frames[k % Frames.Length], Subjects[k / 5 % Subjects.Length], Things[k / 50 % Things.Length], words[k * 7 % words.Length]);
            rows.Add(new ProbeExample(char.ToUpperInvariant(text[0]) + text[1..], label, null, null, i + 1));
        }
        return rows;
    }
}
