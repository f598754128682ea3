using InterpLsp.Analysis.Runs;
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
        var output = new Option<string?>("--out", "-o") { Description = "Also write the probe as a direction file (our JSON, with its report)" };
        var library = LibraryCommand.LibraryOption();
        var noLibrary = new Option<bool>("--no-library") { Description = "Do not store the probe in the library (then --out is needed)" };
        var model = ModelOption.Create();
        var train = new Command("train", "Train a probe from labelled examples, report held-out scores, and store it in the library (and/or a file)")
        {
            data, hook, method, name, pooling, seed, json, output, library, noLibrary,
        };
        train.Options.Add(model);
        train.SetAction((r, ct) => Task.FromResult(CliErrors.Run(() =>
        {
            if (r.GetValue(noLibrary) && r.GetValue(output) is null)
                throw new ArgumentException("--no-library needs --out FILE: the probe has to be saved somewhere");
            var dataset = ProbeDataset.Load(r.GetValue(data)!, ct);
            var engine = ModelHost.Select(r.GetValue(model));
            var options = new ProbeOptions(r.GetValue(hook)!, ProbeMethods.Parse(r.GetValue(method)!), r.GetValue(name)!)
            {
                Pooling = ProbeMethods.ParsePooling(r.GetValue(pooling)!),
                Seed = r.GetValue(seed),
                ModelId = engine.Selection.ModelId,
            };
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var progress = new StderrProgress(m => Console.Error.WriteLine($"interp-lsp: [{clock.Elapsed.TotalSeconds:F1} s] {m}"));
            using var lib = r.GetValue(noLibrary) ? null : LibraryCommand.Open(r.GetValue(library), write: true);
            var run = ProbeRun.TrainAndStore(engine, engine.Model(), lib, dataset, options, makeActive: true, progress, ct);
            var saved = new List<string>();
            if (lib is not null) saved.Add($"stored as '{run.Name}' in {lib.Folder}");
            if (r.GetValue(output) is { } path)
            {
                ProbeFile.Write(path, new TrainedProbe(run.Direction with { Id = options.Name, Name = options.Name }, run.Report));
                saved.Add($"wrote {Path.GetFullPath(path)}");
            }
            if (r.GetValue(json))
            {
                var o = Newtonsoft.Json.Linq.JObject.Parse(run.Report.ToJson());
                if (lib is not null) o["stored_as"] = run.Name;
                Console.Out.WriteLine(o.ToString());
            }
            else Console.Out.WriteLine(run.Report.ToText() + "\n" + string.Join("\n", saved));
            return 0;
        })));
        return new Command("probe", "Probes trained from examples") { train };
    }

    /// <summary>Progress written at once, on the reporting thread (Progress&lt;T&gt; would post it later, out of order).</summary>
    private sealed class StderrProgress(Action<string> write) : IProgress<string>
    {
        public void Report(string value) => write(value);
    }
}
