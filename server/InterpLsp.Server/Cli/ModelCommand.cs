using System.CommandLine;
using InterpLsp.Lsp.Protocol;

namespace InterpLsp.Server.Cli;

/// <summary><c>interp-lsp model</c>: what the model is, its hook points and its load time, as the same
/// <see cref="ModelInfo"/> object that the server's <c>interp.modelInfo</c> command answers.</summary>
public static class ModelCommand
{
    public static Command Create()
    {
        var model = ModelOption.Create();
        var cmd = new Command("model", "Print the model's id, architecture, size, hook points and load time as JSON") { model };
        cmd.SetAction(r => CliErrors.Run(() =>
        {
            JsonOutput.Print(ModelInfo.From(ModelHost.Select(r.GetValue(model)).DescribeModel()));
            return 0;
        }));
        return cmd;
    }
}
