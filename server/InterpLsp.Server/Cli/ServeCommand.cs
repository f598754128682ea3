using System.CommandLine;
using InterpLsp.Lsp.Server;
using InterpLsp.Analysis.Engine;

namespace InterpLsp.Server.Cli;

/// <summary><c>interp-lsp serve</c> (also the default with no verb): the language server on stdin/stdout.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var stdio = new Option<bool>("--stdio") { Description = "Speak LSP over stdin/stdout (the default; accepted for clients that pass it)" };
        var cmd = new Command("serve", "Run the language server (LSP 3.17 + interp/* over stdin/stdout)") { stdio };
        cmd.SetAction((_, ct) => Run(ct));
        return cmd;
    }

    public static async Task<int> Run(CancellationToken ct)
    {
        using var stdin = Console.OpenStandardInput();
        using var stdout = Console.OpenStandardOutput();
        // Nothing else may write to stdout: it is the LSP channel.
        Console.SetOut(Console.Error);
        return await LspHost.RunAsync(stdin, stdout, ModelRegistry.WithEmbedded(), Console.Error, ct);
    }
}
