using System.CommandLine;
using InterpLsp.Interp.Text;

namespace InterpLsp.Server.Cli;

/// <summary><c>interp-lsp tokens FILE</c>: each token with its id and character range in the file.</summary>
public static class TokensCommand
{
    public static Command Create()
    {
        var file = TextOptions.File();
        var json = TextOptions.Json();
        var maxChars = TextOptions.MaxChars();
        var model = ModelOption.Create();
        var cmd = new Command("tokens", "Tokenize a file: each token with id and start/end character offsets") { file, json, maxChars };
        cmd.Options.Add(model);
        cmd.SetAction(r => CliErrors.Run(() =>
        {
            var text = TextChecks.ReadFile(r.GetValue(file)!, r.GetValue(maxChars));
            var engine = ModelHost.Select(r.GetValue(model));
            var tok = engine.Models.Tokenizer(engine.Selection.ModelId);
            var tokens = tok.Tokenize(text);
            if (r.GetValue(json))
            {
                JsonOutput.Print(new
                {
                    tokens = tokens.Select(t => new { id = t.Id, token = tok.IdToToken(t.Id), start = t.Start, end = t.End, text = text[t.Start..t.End] }),
                });
            }
            else
            {
                var o = Console.Out;
                o.WriteLine("start\tend\tid\ttoken\ttext");
                foreach (var t in tokens)
                    o.WriteLine($"{t.Start}\t{t.End}\t{t.Id}\t{tok.IdToToken(t.Id)}\t{Escape(text[t.Start..t.End])}");
            }
            return 0;
        }));
        return cmd;
    }

    private static string Escape(string s) => s.Replace("\t", "\\t").Replace("\n", "\\n").Replace("\r", "\\r");
}
