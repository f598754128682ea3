using InterpLsp.Lsp.Protocol;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Lsp.Handlers;

/// <summary>One command's handler: the descriptor it answers and the code that answers it (its positional
/// arguments, the client's work-done token, cancellation).</summary>
public sealed record CommandEndpoint(ICommandType Command, Func<JArray, JToken?, CancellationToken, Task<object?>> Handle)
{
    public static CommandEndpoint Of<T>(ICommandType command, Func<JArray, JToken?, CancellationToken, Task<T>> handle) =>
        new(command, async (args, token, ct) => await handle(args, token, ct));

    public static CommandEndpoint Of<T>(ICommandType command, Func<JArray, T> handle) =>
        new(command, (args, _, _) => Task.FromResult<object?>(handle(args)));
}

/// <summary>The commands this server answers, built from the handlers' endpoints and checked against the declared
/// commands (<see cref="InterpProtocol.Commands"/>): a declared command without a handler, a handler of an undeclared
/// command, or two handlers of one command stop the server at start (and fail the protocol test), never a request
/// at run time.</summary>
public sealed class CommandTable
{
    private readonly Dictionary<string, CommandEndpoint> _endpoints;

    public CommandTable(IEnumerable<CommandEndpoint> endpoints, IReadOnlyCollection<ICommandType> declared)
    {
        var list = endpoints.ToList();
        var twice = list.GroupBy(e => e.Command.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        var missing = declared.Select(c => c.Name).Except(list.Select(e => e.Command.Name)).ToList();
        var extra = list.Select(e => e.Command.Name).Except(declared.Select(c => c.Name)).ToList();
        var problems = new List<string>();
        if (missing.Count > 0) problems.Add($"declared without a handler: {string.Join(", ", missing)}");
        if (extra.Count > 0) problems.Add($"handled but not declared: {string.Join(", ", extra)}");
        if (twice.Count > 0) problems.Add($"handled twice: {string.Join(", ", twice)}");
        if (problems.Count > 0) throw new InvalidOperationException("the command table does not match the protocol: " + string.Join("; ", problems));
        _endpoints = list.ToDictionary(e => e.Command.Name, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<string> Names => _endpoints.Keys;

    public bool TryGet(string name, out CommandEndpoint endpoint) => _endpoints.TryGetValue(name, out endpoint!);
}
