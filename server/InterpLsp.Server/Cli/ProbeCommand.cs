using System.CommandLine;
using InterpLsp.Analysis.Engine;
using InterpLsp.Analysis.Probes;

namespace InterpLsp.Server.Cli;

/// <summary><c>interp-lsp probe train --data FILE --hook H --method M --name NAME [--pooling mean|last] [--seed N]
/// [--json] [--out FILE.json]</c>: trains a probe (<see cref="ProbeTrainer.Train"/>), prints its report and writes it
/// as a JSON direction file (default <c>NAME.json</c> in the current directory).</summary>
public static class ProbeCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "JSONL ({\"text\", \"label\"} or {\"text\", \"spans\"}) or CSV (text,label) examples", Required = true };
        var hook = new Option<string>("--hook") { Description = $"Hook point (default {InterpEngine.DefaultHook})", DefaultValueFactory = _ => InterpEngine.DefaultHook };
        var method = new Option<string>("--method") { Description = "logistic, mass-mean, mass-mean-cov or pca-diff", Required = true };
        method.AcceptOnlyFromAmong(ProbeMethods.Names);
        var name = new Option<string>("--name") { Description = "The probe's name", Required = true };
        var pooling = new Option<string>("--pooling") { Description = "Sentence pooling: mean (default) or last token", DefaultValueFactory = _ => "mean" };
        pooling.AcceptOnlyFromAmong("mean", "last");
        var seed = new Option<int>("--seed") { Description = "Seed of the held-out split, the folds and the shuffled control", DefaultValueFactory = _ => 0 };
        var json = TextOptions.Json();
        var output = new Option<string?>("--out", "-o") { Description = "Where to write the probe (default NAME.json here)" };
        var train = new Command("train", "Train a probe from labelled examples, report held-out scores, and write it as a direction file")
        {
            data, hook, method, name, pooling, seed, json, output,
        };
        train.SetAction((r, ct) => Task.FromResult(CliErrors.Run(() =>
        {
            var dataset = ProbeDataset.Load(r.GetValue(data)!, ct);
            var engine = ModelHost.Engine;
            var options = new ProbeOptions(r.GetValue(hook)!, ProbeMethods.Parse(r.GetValue(method)!), r.GetValue(name)!)
            {
                Pooling = ProbeMethods.ParsePooling(r.GetValue(pooling)!),
                Seed = r.GetValue(seed),
                ModelId = engine.Selection.ModelId,
            };
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var progress = new StderrProgress(m => Console.Error.WriteLine($"interp-lsp: [{clock.Elapsed.TotalSeconds:F1} s] {m}"));
            var probe = ProbeTrainer.Train(engine.Model(), dataset, options, progress, ct);
            var path = r.GetValue(output) ?? Path.Combine(Directory.GetCurrentDirectory(), SafeName(options.Name) + ".json");
            ProbeFile.Write(path, probe);
            Console.Out.WriteLine(r.GetValue(json) ? probe.Report.ToJson() : probe.Report.ToText() + $"\nwrote {path}");
            return 0;
        })));
        return new Command("probe", "Probes trained from examples") { train };
    }

    /// <summary>A file name from a probe name: characters that are not letters, digits, '-', '_' or '.' become '_'.</summary>
    private static string SafeName(string name)
    {
        var s = new string(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray()).Trim('.');
        return s.Length == 0 ? "probe" : s;
    }

    /// <summary>Progress written at once, on the reporting thread (Progress&lt;T&gt; would post it later, out of order).</summary>
    private sealed class StderrProgress(Action<string> write) : IProgress<string>
    {
        public void Report(string value) => write(value);
    }
}
