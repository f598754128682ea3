using System.CommandLine;
using InterpLsp.Analysis.Engine;
using InterpLsp.Interp.Activations;
using InterpLsp.Interp.Directions;
using InterpLsp.Interp.Text;
using InterpLsp.Interp.IO;

namespace InterpLsp.Server.Cli;

/// <summary><c>interp-lsp activations FILE --direction SPEC [--hook H] [--json]</c>.</summary>
public static class ActivationsCommand
{
    public static Command Create()
    {
        var file = TextOptions.File();
        var direction = new Option<string>("--direction", "-d")
        {
            Description = "neuron:HOOK:INDEX, a .json/.npy/.safetensors file (PATH[#NAME[ROW]][@HOOK]), or a library name",
            Required = true,
        };
        var hook = new Option<string?>("--hook") { Description = $"Hook point when the direction names none (default {InterpEngine.DefaultHook})" };
        var json = TextOptions.Json();
        var library = LibraryCommand.LibraryOption();
        var maxChars = TextOptions.MaxChars();
        var color = new Option<string>("--color")
        {
            Description = "Colour the text: auto (when stdout is a terminal), always, never",
            DefaultValueFactory = _ => "auto",
        };
        color.AcceptOnlyFromAmong("auto", "always", "never");
        var model = ModelOption.Create();
        var cmd = new Command("activations", "Per-token values of a direction on a file, coloured in the terminal or as JSON")
        {
            file, direction, hook, json, maxChars, color, library,
        };
        cmd.Options.Add(model);
        cmd.SetAction(r => CliErrors.Run(() =>
        {
            var text = TextChecks.ReadFile(r.GetValue(file)!, r.GetValue(maxChars));
            var engine = ModelHost.Select(r.GetValue(model));
            LibraryCommand.Attach(engine, r.GetValue(library));
            var hookName = r.GetValue(hook);
            if (hookName is not null) engine.SelectHook(hookName); // unknown hook: say so before loading files
            var dir = engine.LoadDirection(r.GetValue(direction)!, baseDirectory: null, makeActive: true);
            if (hookName is not null && dir.Hook != hookName)
                throw new ArgumentException($"--hook {Echo.Input(hookName)} conflicts with the direction's own hook {Echo.Input(dir.Hook)}");
            var analysis = engine.AnalyzeText(text, dir.Hook);
            var values = analysis.Values(engine.Projector(dir));
            var result = new DirectionActivations(analysis.Hook, dir.Id,
                analysis.Tokens.Select((t, i) => new TokenValue(text[t.Start..t.End], t.Start, t.End, values[i])).ToList());
            if (r.GetValue(json))
            {
                JsonOutput.Print(new
                {
                    hook = result.Hook,
                    direction = result.Direction,
                    tokens = result.Tokens.Select(t => new { text = t.Text, start = t.Start, end = t.End, value = t.Value }),
                });
                return 0;
            }
            var mode = r.GetValue(color);
            bool colour = mode == "always" || (mode == "auto" && !Console.IsOutputRedirected);
            if (colour)
            {
                Console.Out.WriteLine(TerminalHighlighter.Render(text, result.Tokens));
                float max = result.Tokens.Max(t => Math.Abs(t.Value));
                Console.Out.WriteLine($"\n{dir.Name} at {result.Hook}: {result.Tokens.Count} tokens, max |value| {max:G4} (blue +, red -)");
            }
            else
            {
                Console.Out.WriteLine("start\tend\tvalue\ttext");
                foreach (var t in result.Tokens) Console.Out.WriteLine($"{t.Start}\t{t.End}\t{t.Value:G6}\t{t.Text}");
            }
            return 0;
        }));
        return cmd;
    }
}
