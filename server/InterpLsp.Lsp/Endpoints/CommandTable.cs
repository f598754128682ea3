using InterpLsp.Interp.IO;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Lsp.Endpoints;

/// <summary><c>workspace/executeCommand</c> for clients that only speak commands (neovim, a hover card's link): a
/// command's positional string arguments become the fields its descriptor names (<see cref="CommandForm.Args"/>) and
/// the same endpoint answers as for the request. No logic of its own.</summary>
public sealed class CommandTable(EndpointTable endpoints)
{
    public IReadOnlyCollection<string> Names => endpoints.Commands;

    public Task<object?> ExecuteAsync(ExecuteCommandParams p, CancellationToken ct)
    {
        var name = p.Command ?? "";
        if (!endpoints.TryGetCommand(name, out var endpoint))
            throw LspErrors.InvalidParams($"unknown command '{Echo.Input(name)}'; this server has {string.Join(", ", InterpProtocol.CommandNames)}");
        return endpoint.ExecuteAsync(Fields(endpoint.Request.Command!, p.Arguments ?? new JArray(), p.WorkDoneToken), ct);
    }

    /// <summary>The params object of positional <paramref name="args"/>: each a string (or null); arguments past the
    /// command's last are not read.</summary>
    public static JObject Fields(CommandForm command, JArray args, JToken? workDoneToken)
    {
        var o = new JObject();
        for (int i = 0; i < Math.Min(args.Count, command.Args.Count); i++)
        {
            var a = args[i];
            if (a.Type is JTokenType.Null or JTokenType.Undefined) continue;
            if (a.Type != JTokenType.String) throw LspErrors.InvalidParams($"argument {i + 1} must be a string, not {a.Type}");
            o[command.Args[i]] = a;
        }
        if (workDoneToken is not null && workDoneToken.Type != JTokenType.Null) o["workDoneToken"] = workDoneToken;
        return o;
    }
}
