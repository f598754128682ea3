using System.CommandLine;
using InterpLsp.Analysis.Corpora;
using InterpLsp.Analysis.Explain.Evaluation;
using InterpLsp.Analysis.Runs;
using InterpLsp.Analysis.Scans;
using Newtonsoft.Json;
using InterpLsp.Interp.IO;

namespace InterpLsp.Server.Cli;

/// <summary><c>interp-lsp eval-explain [--corpus C] [--hook H] [--json]</c>: the explanation evaluation harness
/// (planted concepts, mixtures, random directions, NeuronEval's sanity checks on our scores).</summary>
public static class EvalExplainCommand
{
    public static Command Create()
    {
        var corpus = ExplainCommand.CorpusOption();
        var hook = new Option<string?>("--hook") { Description = "Hook point (default: the engine's, blocks.3.hook_resid_post)" };
        var json = TextOptions.Json();
        var limit = new Option<int?>("--limit") { Description = "Use only the first N concepts, mixtures and random directions (a quick run)" };
        var plant = new Option<string[]>("--plant") { Description = "Instead of evaluating, write the planted direction of these concepts (summed), e.g. temperature.n.01 mix.v.01", AllowMultipleArgumentsPerToken = true };
        var output = new Option<string?>("--out", "-o") { Description = "With --plant: the direction file (JSON) to write" };
        var cmd = new Command("eval-explain", "Evaluate the explanation pipeline on planted directions: top-1/top-3 naming, mixtures split, random directions unexplained, sanity checks")
        {
            corpus, hook, json, limit, plant, output,
        };
        cmd.SetAction((r, ct) => Task.FromResult(CliErrors.Run(() =>
        {
            var engine = ModelHost.Engine;
            var spec = r.GetValue(corpus);
            var corp = CorpusResolver.Open(spec, CorpusContext.None);
            if (r.GetValue(plant) is { Length: > 0 } planted)
            {
                var file = r.GetValue(output) ?? throw new ArgumentException("--plant needs --out FILE");
                var h = r.GetValue(hook) ?? engine.Selection.Hook;
                var vector = ExplainRun.Plant(engine, corp, h, planted, new StderrScanProgress(), ct);
                var doc = new
                {
                    name = "planted " + string.Join(" + ", planted), hook = h, model = engine.Selection.ModelId, kind = "projection",
                    made_by = $"interp-lsp eval-explain --plant {string.Join(" ", planted)}: the sum of each concept's planted direction (the unit weights of a logistic probe separating the hidden states of the tokens whose word counts under it from other tokens) on {(CorpusResolver.IsAbsent(spec) ? "the default corpus sample" : corp.Id)}",
                    vector,
                };
                InterpLsp.Interp.IO.DurableFile.Write(Path.GetFullPath(file), System.Text.Encoding.UTF8.GetBytes(JsonConvert.SerializeObject(doc)));
                Console.Error.WriteLine($"interp-lsp: wrote {Path.GetFullPath(file)}");
                return 0;
            }
            int? n = r.GetValue(limit);
            if (n is < 1) throw new ArgumentException("--limit must be at least 1");
            var concepts = n is int a ? PlantedConcepts.Concepts.Take(a).ToList() : null;
            var mixtures = n is int b ? PlantedConcepts.Mixtures.Take(b).ToList() : null;
            var report = ExplainRun.Evaluate(engine, corp, r.GetValue(hook), concepts, mixtures, Math.Min(n ?? int.MaxValue, PlantedConcepts.RandomDirections),
                new StderrScanProgress(), new Progress<string>(s => Console.Error.WriteLine($"interp-lsp: eval-explain: {s}")), ct);
            if (r.GetValue(json)) { Console.Out.WriteLine(JsonConvert.SerializeObject(report, Formatting.Indented)); return 0; }
            Console.Out.WriteLine($"top1 {report.Top1:F2} (target >= 0.5), top3 {report.Top3:F2} (target >= 0.8) over {report.Concepts} planted concepts");
            Console.Out.WriteLine($"mixtures_split {report.MixturesSplit:F2} (target >= 0.7) over {report.Mixtures} mixtures");
            Console.Out.WriteLine($"random_unexplained {report.RandomUnexplained:F2} (target >= 0.9) over {report.Random} random directions");
            Console.Out.WriteLine("sanity checks (share of concepts where the true candidate scores higher than the damaged one):");
            foreach (var k in report.SanityMissing.Keys)
                Console.Out.WriteLine($"  {k,-28} missing labels {report.SanityMissing[k]:F2}   extra labels {report.SanityExtra.GetValueOrDefault(k):F2}");
            foreach (var c in report.Cases)
                Console.Out.WriteLine($"  {(c.Pass ? "pass" : "FAIL")} {c.Kind,-8} {c.Planted,-40} top: {string.Join(" | ", c.Top.Take(3))}");
            Console.Out.WriteLine($"{report.Seconds:F0} s");
            return 0;
        })));
        return cmd;
    }
}
