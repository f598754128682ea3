using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using InterpLsp.Analysis.Explain.Covering;
using InterpLsp.Analysis.Explain.Hypotheses;
using InterpLsp.Analysis.Explain.WordNet;

namespace InterpLsp.Server.Cli;

/// <summary><c>interp-lsp embed-glosses --out FILE</c>: embeds the WordNet glosses the covering search reads by meaning
/// (<see cref="GlossIndex"/>) with the embedded sentence model and writes the index. Run at build time by ./setup.sh; the
/// server only reads it.</summary>
public static class EmbedGlossesCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out", "-o") { Description = "The index file to write", Required = true };
        var limit = new Option<int?>("--limit") { Description = "Embed only the first N glosses (for a quick try)" };
        var json = TextOptions.Json();
        var cmd = new Command("embed-glosses", "Embed the WordNet glosses for the covering-concept search and write their index") { output, limit, json };
        cmd.SetAction((r, ct) => Task.FromResult(CliErrors.Run(() =>
        {
            var clock = Stopwatch.StartNew();
            var model = ModelHost.Engine.Model();
            var embedder = new SentenceEmbedder(model);
            var progress = new Progress<string>(m => Console.Error.WriteLine($"interp-lsp: embedded {m} ({clock.Elapsed.TotalSeconds:F0} s)"));
            var index = GlossIndex.Build(WordNetLexicon.Default(), model.Info.Name, (texts, c) => embedder.Embed(texts, c), progress, ct, limit: r.GetValue(limit));
            var path = Path.GetFullPath(r.GetValue(output)!);
            long bytes = GlossIndexFile.Write(path, index);
            double seconds = Math.Round(clock.Elapsed.TotalSeconds, 1);
            if (r.GetValue(json)) JsonOutput.Print(new { path, bytes, glosses = index.Count, dimension = index.Dimension, seconds, info = index.Info });
            else Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {path} ({bytes:N0} bytes): {index.Info} in {seconds} s"));
            return 0;
        })));
        return cmd;
    }
}
