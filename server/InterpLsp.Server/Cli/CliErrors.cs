using InterpLsp.Interp.Directions;
using InterpLsp.Interp.Text;
using InterpLsp.Library;
using InterpLsp.Model;
using InterpLsp.Model.HuggingFace;
using InterpLsp.Interp.IO;

namespace InterpLsp.Server.Cli;

/// <summary>Turns every failure of a verb into one clear line on stderr and exit code 2 (no stack traces,
/// unless INTERP_LSP_DEBUG=1).</summary>
public static class CliErrors
{
    public const int BadInput = 2;

    public static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"interp-lsp: error: {Describe(e)}");
            if (Environment.GetEnvironmentVariable("INTERP_LSP_DEBUG") == "1") Console.Error.WriteLine(e);
            return BadInput;
        }
    }

    public static string Describe(Exception e) => e switch
    {
        DirectionLoadException or LibraryException or TextInputException or UnknownHookException or ModelFolderException => OneLine(e.Message),
        FileNotFoundException f => $"{Echo.Origin(f.FileName ?? "file")}: no such file",
        DirectoryNotFoundException => OneLine(e.Message),
        IOException => OneLine(e.Message),
        UnauthorizedAccessException => OneLine(e.Message),
        InvalidDataException => OneLine(e.Message),
        OperationCanceledException => "cancelled",
        ArgumentException => OneLine(e.Message),
        _ => $"{e.GetType().Name}: {OneLine(e.Message)}",
    };

    /// <summary>One line, cut to <see cref="Echo.MaxMessageChars"/> (a message may quote a long argument).</summary>
    private static string OneLine(string s) => Echo.Message(s);
}
