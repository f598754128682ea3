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
        var shares = new Option<string[]>("--shares")
        {
            Description = "Instead of evaluating, print each concept's share of the corpus's tokens and its frequency band (default: every planted concept)",
            AllowMultipleArgumentsPerToken = true, Arity = ArgumentArity.ZeroOrMore,
        };
        var output = new Option<string?>("--out", "-o") { Description = "With --plant: the direction file (JSON) to write" };
        var cmd = new Command("eval-explain", "Evaluate the explanation pipeline on planted directions: top-1/top-3 naming, mixtures split, random directions unexplained, sanity checks")
        {
            corpus, hook, json, limit, plant, shares, output,
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
            if (r.GetResult(shares) is not null)
            {
                var names = r.GetValue(shares) is { Length: > 0 } given ? given : PlantedConcepts.AllConcepts.ToArray();
                var rows = ExplainRun.Shares(engine, corp, r.GetValue(hook), names, new StderrScanProgress(), ct);
                if (r.GetValue(json)) { Console.Out.WriteLine(JsonConvert.SerializeObject(rows, Formatting.Indented)); return 0; }
                foreach (var row in rows)
                    Console.Out.WriteLine($"{row.Name,-32} {row.Tokens,7} tokens {FrequencyBands.Percent(row.Share),10}  {row.Band,-10}  {string.Join(", ", row.Words)}");
                return 0;
            }
            int? n = r.GetValue(limit);
            if (n is < 1) throw new ArgumentException("--limit must be at least 1");
            // --limit N: the first N concepts and mixtures of each list (the first, the broad additions, the rare).
            var concepts = n is int a ? PlantedConcepts.Concepts.Take(a).Concat(PlantedConcepts.MoreBroadConcepts.Take(a)).Concat(PlantedConcepts.RareConcepts.Take(a)).ToList() : null;
            var mixtures = n is int b ? PlantedConcepts.Mixtures.Take(b).Concat(PlantedConcepts.MoreBroadMixtures.Take(b)).Concat(PlantedConcepts.RareMixtures.Take(b)).ToList() : null;
            var report = ExplainRun.Evaluate(engine, corp, r.GetValue(hook), concepts, mixtures, Math.Min(n ?? int.MaxValue, PlantedConcepts.RandomDirections),
                new StderrScanProgress(), new Progress<string>(s => Console.Error.WriteLine($"interp-lsp: eval-explain: {s}")), ct);
            if (r.GetValue(json)) { Console.Out.WriteLine(JsonConvert.SerializeObject(report, Formatting.Indented)); return 0; }
            string T(string key) => report.Targets.TryGetValue(key, out var t)
                ? $" (target >= {t:0.##}{(report.Met.TryGetValue(key, out var met) ? met ? ", met" : ", NOT met" : "")})" : "";
            foreach (var (name, band) in report.Bands)
            {
                string p = name == FrequencyBands.Broad ? "" : name + ".";
                var range = band.ShareMin is double lo ? $", shares {FrequencyBands.Percent(lo)}-{FrequencyBands.Percent(band.ShareMax ?? 1)}" : "";
                Console.Out.WriteLine($"{name} band{range}:");
                if (band.Concepts > 0)
                    Console.Out.WriteLine($"  top1 {band.Top1:F2}{T(p + "top1")}, top3 {band.Top3:F2}{T(p + "top3")} over {band.Concepts} planted concepts");
                if (band.Mixtures > 0)
                    Console.Out.WriteLine($"  mixtures_split {band.MixturesSplit:F2}{T(p + "mixtures_split")} over {band.Mixtures} mixtures");
                if (band.Misses.Count > 0) Console.Out.WriteLine($"  misses: {string.Join(", ", band.Misses)}");
                foreach (var k in band.SanityMissing.Keys)
                    Console.Out.WriteLine($"  sanity {k,-28} missing labels {band.SanityMissing[k]:F2}   extra labels {band.SanityExtra.GetValueOrDefault(k):F2}");
            }
            Console.Out.WriteLine($"random_unexplained {report.RandomUnexplained:F2}{T("random_unexplained")} over {report.Random} random directions");
            Console.Out.WriteLine("(sanity: share of a band's concepts where the true candidate scores higher than the damaged one)");
            foreach (var c in report.Cases)
                Console.Out.WriteLine($"  {(c.Pass ? "pass" : "FAIL")} {c.Kind,-8} {c.Band ?? "",-10} {(c.Share is double sh ? FrequencyBands.Percent(sh) : ""),9} {c.Planted,-40} top: {string.Join(" | ", c.Top.Take(3))}");
            Console.Out.WriteLine($"{report.Seconds:F0} s");
            return 0;
        })));
        return cmd;
    }
}
