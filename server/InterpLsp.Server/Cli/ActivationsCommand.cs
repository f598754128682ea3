using System.CommandLine;
using InterpLsp.Interp.Activations;
using InterpLsp.Interp.Directions;
using InterpLsp.Interp.Text;

namespace InterpLsp.Server.Cli;

/// <summary><c>interp-lsp activations FILE --direction SPEC [--hook H] [--json]</c>.</summary>
public static class ActivationsCommand
{
    public const string DefaultHook = "blocks.3.hook_resid_post";

    public static Command Create()
    {
        var file = TextOptions.File();
        var direction = new Option<string>("--direction", "-d")
        {
            Description = "neuron:HOOK:INDEX, or a .json/.npy/.safetensors file (PATH[#NAME[ROW]][@HOOK])",
            Required = true,
        };
        var hook = new Option<string?>("--hook") { Description = $"Hook point when the direction names none (default {DefaultHook})" };
        var json = TextOptions.Json();
        var maxChars = TextOptions.MaxChars();
        var color = new Option<string>("--color")
        {
            Description = "Colour the text: auto (when stdout is a terminal), always, never",
            DefaultValueFactory = _ => "auto",
        };
        color.AcceptOnlyFromAmong("auto", "always", "never");
        var cmd = new Command("activations", "Per-token values of a direction on a file, coloured in the terminal or as JSON")
        {
            file, direction, hook, json, maxChars, color,
        };
        cmd.SetAction(r => CliErrors.Run(() =>
        {
            var text = TextChecks.ReadFile(r.GetValue(file)!, r.GetValue(maxChars));
            var model = ModelHost.Model;
            var hookName = r.GetValue(hook);
            if (hookName is not null) CheckHook(model, hookName); // unknown hook: say so before loading files
            var dir = DirectionSpecParser.Load(r.GetValue(direction)!, h => model.GetHook(h).Width, hookName ?? DefaultHook);
            if (hookName is not null && dir.Hook != hookName)
                throw new ArgumentException($"--hook {Echo.Input(hookName)} conflicts with the direction's own hook {Echo.Input(dir.Hook)}");
            var result = ActivationRunner.Run(model, text, dir);
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

    /// <summary>The model's unknown-hook message quotes the hook; quote it once, cut to <see cref="Echo.MaxInputChars"/>.</summary>
    private static void CheckHook(Model.ILanguageModel model, string hook)
    {
        try
        {
            model.GetHook(hook);
        }
        catch (ArgumentException e) when (hook.Length > Echo.MaxInputChars)
        {
            throw new ArgumentException(e.Message.Replace(hook, Echo.Input(hook), StringComparison.Ordinal), e);
        }
    }
}
