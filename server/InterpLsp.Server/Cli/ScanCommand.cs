using System.CommandLine;
using System.Text;
using InterpLsp.Analysis.ActivationStore;
using InterpLsp.Analysis.Corpora;
using InterpLsp.Analysis.Runs;
using InterpLsp.Analysis.Scans;
using InterpLsp.Interp.Directions;
using InterpLsp.Interp.IO;

namespace InterpLsp.Server.Cli;

/// <summary><c>interp-lsp scan [--corpus default|all|PATH] --direction SPEC... [--top K] [--context N]
/// [--shard I/N] [--out FILE] [--json] [--no-store]</c> and <c>interp-lsp scan merge FILES... [--out FILE] [--partial]</c>.</summary>
public static class ScanCommand
{
    /// <summary>Largest scan result <c>scan merge</c> reads.</summary>
    public const long MaxResultBytes = 1L << 30;

    public static Command Create()
    {
        var corpus = ExplainCommand.CorpusOption();
        var direction = new Option<string[]>("--direction", "-d")
        {
            Description = "Directions to scan: neuron:HOOK:INDEX or a .json/.npy/.safetensors file (PATH[#NAME[ROW]][@HOOK]); repeat or list several",
            Required = true, AllowMultipleArgumentsPerToken = true,
        };
        var hook = new Option<string?>("--hook") { Description = "Hook point for directions that name none" };
        var top = new Option<int>("--top") { Description = "Top activating contexts kept per direction", DefaultValueFactory = _ => 20 };
        var context = new Option<int>("--context") { Description = "Tokens of context on each side of an example", DefaultValueFactory = _ => 8 };
        var quantile = new Option<int>("--quantile-examples") { Description = "Examples per activation quantile bin (10 bins)", DefaultValueFactory = _ => 10 };
        var random = new Option<int>("--random") { Description = "Random contexts per direction", DefaultValueFactory = _ => 20 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the example samples", DefaultValueFactory = _ => 1UL };
        var shard = new Option<string?>("--shard") { Description = "Scan part I of N (I from 0, as a Kubernetes JOB_COMPLETION_INDEX or a Slurm array from 0): documents whose key hashes to I mod N" };
        var output = new Option<string?>("--out", "-o") { Description = "Write the result (JSON, mergeable) to this file" };
        var json = TextOptions.Json();
        var noStore = new Option<bool>("--no-store") { Description = "Neither read nor write the activation store" };
        var library = LibraryCommand.LibraryOption();
        var noLibrary = new Option<bool>("--no-library") { Description = "Do not store the result in the library" };
        var checkpointSeconds = new Option<double>("--checkpoint-seconds") { Description = "Seconds between checkpoints", DefaultValueFactory = _ => 5, Hidden = true };
        var model = ModelOption.Create();
        var cmd = new Command("scan", "Scan a corpus for directions: top contexts, quantile-bin and random examples, histogram, density, quantiles")
        {
            corpus, direction, hook, top, context, quantile, random, seed, shard, output, json, noStore, library, noLibrary, checkpointSeconds, Merge(),
        };
        cmd.Options.Add(model);
        cmd.SetAction((r, ct) => Task.FromResult(CliErrors.Run(() =>
        {
            var spec = ShardSpec.Whole;
            if (r.GetValue(shard) is { } s) spec = ShardSpec.Parse(s);
            var engine = ModelHost.Select(r.GetValue(model));
            LibraryCommand.Attach(engine, r.GetValue(library));
            if (r.GetValue(hook) is { } h) engine.SelectHook(h);
            var dirs = r.GetValue(direction)!.Select(d => engine.LoadDirection(d, baseDirectory: null, makeActive: false, ct)).ToList();
            var corp = CorpusResolver.Open(r.GetValue(corpus), CorpusContext.None);
            var options = new ScanOptions
            {
                Settings = new ScanSettings
                {
                    TopK = r.GetValue(top), Context = r.GetValue(context), QuantileExamples = r.GetValue(quantile),
                    RandomExamples = r.GetValue(random), Seed = r.GetValue(seed),
                },
                Shard = spec,
                CheckpointDirectory = CacheDirectory.Scans(),
                CheckpointInterval = TimeSpan.FromSeconds(Math.Max(0, r.GetValue(checkpointSeconds))),
                Store = r.GetValue(noStore) ? null : ActivationStore.Default(),
            };
            Console.Error.WriteLine($"interp-lsp: scanning {corp.Id} (shard {spec}) for {dirs.Count} direction(s)");
            using var scanner = new CorpusScanner(engine.Model(), corp, dirs, options);
            foreach (var w in scanner.Warnings) Console.Error.WriteLine($"interp-lsp: {w}");
            var result = scanner.Run(new StderrScanProgress(), ct);
            foreach (var w in result.Warnings) Console.Error.WriteLine($"interp-lsp: warning: {w}");
            Keep(result, r.GetValue(library), r.GetValue(noLibrary));
            Write(result, r.GetValue(output), r.GetValue(json));
            return 0;
        })));
        return cmd;
    }

    private static Command Merge()
    {
        var files = new Argument<string[]>("FILES") { Description = "Scan results of the shards (JSON)", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--out", "-o") { Description = "Write the merged result to this file" };
        var json = TextOptions.Json();
        var library = LibraryCommand.LibraryOption();
        var noLibrary = new Option<bool>("--no-library") { Description = "Do not store the merged result in the library" };
        var partial = new Option<bool>("--partial") { Description = "Accept a merge that misses shards: the result (and what the library stores) is marked partial" };
        var cmd = new Command("merge", "Merge the results of `scan --shard I/N` into one (exact for counts, histograms, top-k and example bins)")
        {
            files, output, json, library, noLibrary, partial,
        };
        cmd.SetAction(r => CliErrors.Run(() =>
        {
            var names = r.GetValue(files)!;
            var results = names.Select(f =>
            {
                var full = Path.GetFullPath(f);
                var bytes = SafeFile.ReadAllBytes(full, m => new ArgumentException($"{Echo.Origin(f)}: {m}"), MaxResultBytes);
                return ScanResult.FromJson(Encoding.UTF8.GetString(bytes), Echo.Origin(f));
            }).ToList();
            var merged = ScanMerger.Merge(results, names.Select(f => Echo.Origin(f)).ToList());
            var missing = Enumerable.Range(0, merged.ShardCount).Except(merged.Shards).ToList();
            if (missing.Count > 0)
            {
                string which = $"shard{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing.Take(20).Select(m => $"{m}/{merged.ShardCount}"))}{(missing.Count > 20 ? ", …" : "")}";
                if (!r.GetValue(partial))
                    throw new ArgumentException($"the merge misses {which} (of {merged.ShardCount}, numbered from 0): nothing was merged or stored; give every shard's result, or --partial to keep a result marked partial");
                merged.Partial = true;
                Console.Error.WriteLine($"interp-lsp: warning: partial merge (--partial): {which} missing; the result is marked partial");
            }
            Keep(merged, r.GetValue(library), r.GetValue(noLibrary));
            Write(merged, r.GetValue(output), r.GetValue(json));
            return 0;
        }));
        return cmd;
    }

    /// <summary>A result covering the whole corpus (an unsharded scan, or a merge of every shard) goes into the
    /// library, where the hover, the paint scale and the report read it; a single shard's part does not, nor a merge
    /// that misses shards unless asked for with <c>--partial</c> (then the stored result says <c>"partial": true</c>
    /// and names its shards).</summary>
    private static void Keep(ScanResult result, string? libraryFolder, bool noLibrary)
    {
        if (noLibrary) return;
        if (result.Shards.Count != result.ShardCount && !result.Partial)
        {
            Console.Error.WriteLine($"interp-lsp: shard {string.Join(",", result.Shards)} of {result.ShardCount}: not stored in the library (merge the shards with `scan merge`)");
            return;
        }
        using var lib = LibraryCommand.Open(libraryFolder, write: true)!;
        var ids = ScanRun.Keep(ModelHost.Engine, lib, result);
        Console.Error.WriteLine($"interp-lsp: stored {ids.Count} {(result.Partial ? "partial " : "")}scan(s) in {lib.Folder}" + (result.Partial ? $" (shards {string.Join(",", result.Shards)} of {result.ShardCount}, marked partial)" : ""));
    }

    private static void Write(ScanResult result, string? outFile, bool json)
    {
        var text = result.ToJson();
        if (outFile is not null)
        {
            var full = Path.GetFullPath(outFile);
            DurableFile.Write(full, Encoding.UTF8.GetBytes(text));
            Console.Error.WriteLine($"interp-lsp: wrote {full}");
        }
        if (json) { Console.Out.WriteLine(text); return; }
        if (outFile is not null) return;
        Console.Out.WriteLine($"{result.CorpusId}: {result.Documents} documents, {result.Tokens} tokens (shards {string.Join(",", result.Shards)} of {result.ShardCount})");
        foreach (var d in result.Directions)
        {
            Console.Out.WriteLine($"\n{d.Name} at {d.Hook}: mean {d.Mean:G4} std {d.Std:G4} min {d.Min:G4} max {d.Max:G4} density {d.Density:P1}");
            Console.Out.WriteLine("  quantiles " + string.Join(" ", d.Quantiles.Select(q => $"{q.Key}={q.Value:G4}")));
            foreach (var e in d.Top.Take(10))
            {
                var ctx = string.Join(" ", e.Tokens.Select((t, i) => i == e.Hit ? $"[{t}]" : t));
                Console.Out.WriteLine($"  {e.Value,9:G4}  {e.DocKey}#{e.TokenIndex}  {ctx}");
            }
        }
    }
}
