using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Lsp.Handlers;

/// <summary>A command's positional string arguments (<see cref="ICommandType.Args"/>).</summary>
public static class CommandArgs
{
    /// <summary>Longest argument read (an example text is the longest a client sends).</summary>
    public const int MaxChars = 100_000;

    public static string Required(ICommandType command, JArray args, int i) =>
        Optional(args, i) ?? throw LspErrors.InvalidParams($"{command.Name} takes [{string.Join(", ", command.Args)}] as its arguments");

    /// <summary>The i-th argument when it is a non-empty string; null when absent, null or empty.</summary>
    public static string? Optional(JArray args, int i)
    {
        if (args.Count <= i || args[i].Type is JTokenType.Null or JTokenType.Undefined) return null;
        if (args[i].Type != JTokenType.String) throw LspErrors.InvalidParams($"argument {i + 1} must be a string, not {args[i].Type}");
        var s = args[i].ToString();
        if (s.Length > MaxChars) throw LspErrors.InvalidParams($"argument {i + 1} has {s.Length} characters, more than {MaxChars}");
        return s.Length > 0 ? s : null;
    }
}
