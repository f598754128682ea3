using System.CommandLine;

namespace InterpLsp.Server.Cli;

/// <summary><c>interp-lsp model</c>: what the embedded model is, its hook points and its load time.</summary>
public static class ModelCommand
{
    public static Command Create()
    {
        var cmd = new Command("model", "Print the model's architecture, size, hook points and load time as JSON");
        cmd.SetAction(_ => CliErrors.Run(() =>
        {
            var m = ModelHost.Model;
            var i = m.Info;
            JsonOutput.Print(new
            {
                name = i.Name,
                architecture = i.Architecture,
                source = i.Source,
                layers = i.Layers,
                width = i.Width,
                vocabSize = i.VocabSize,
                maxPositions = i.MaxPositions,
                causal = i.IsCausal,
                loadSeconds = Math.Round(i.LoadSeconds, 3),
                hookPoints = m.HookPoints.Select(h => new { name = h.Name, width = h.Width, layer = h.Layer, description = h.Description }),
            });
            return 0;
        }));
        return cmd;
    }
}
