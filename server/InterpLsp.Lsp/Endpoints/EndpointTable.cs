using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;
using StreamJsonRpc;

namespace InterpLsp.Lsp.Endpoints;

/// <summary>The server's interp/* endpoints: every <see cref="IEndpoint"/> class of this assembly, made with the
/// session, checked against the declared requests (<see cref="InterpProtocol.Requests"/>) when the server starts: a
/// declared request without a handler, a handler of an undeclared request, or two handlers of one request stop the
/// server (and fail the protocol test), never a request at run time. Adding a request is its descriptor (with its
/// types) and its endpoint class: nothing here changes.</summary>
public sealed class EndpointTable
{
    private readonly Dictionary<string, IEndpoint> _byMethod;
    private readonly Dictionary<string, IEndpoint> _byCommand;

    public EndpointTable(IEnumerable<IEndpoint> endpoints, IReadOnlyCollection<IRequestType> declared)
    {
        var list = endpoints.ToList();
        var twice = list.GroupBy(e => e.Request.Method).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        var missing = declared.Select(r => r.Method).Except(list.Select(e => e.Request.Method)).ToList();
        var extra = list.Where(e => !declared.Contains(e.Request)).Select(e => e.Request.Method).ToList();
        var problems = new List<string>();
        if (missing.Count > 0) problems.Add($"declared without a handler: {string.Join(", ", missing)}");
        if (extra.Count > 0) problems.Add($"handled but not declared: {string.Join(", ", extra)}");
        if (twice.Count > 0) problems.Add($"handled twice: {string.Join(", ", twice)}");
        if (problems.Count > 0) throw new InvalidOperationException("the endpoints do not match the protocol: " + string.Join("; ", problems));
        _byMethod = list.ToDictionary(e => e.Request.Method, StringComparer.Ordinal);
        _byCommand = list.Where(e => e.Request.Command is not null).ToDictionary(e => e.Request.Command!.Name, StringComparer.Ordinal);
    }

    /// <summary>The table of the running server: every endpoint class of this assembly.</summary>
    public static EndpointTable Of(ServerSession session) => new(Discover(session), InterpProtocol.Requests);

    /// <summary>Every concrete endpoint class, made with <paramref name="session"/>.</summary>
    public static IEnumerable<IEndpoint> Discover(ServerSession session) =>
        typeof(IEndpoint).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true } && typeof(IEndpoint).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (IEndpoint)Activator.CreateInstance(t, session)!);

    public IReadOnlyCollection<string> Methods => _byMethod.Keys;

    /// <summary>The commands answered: one per action (<see cref="CommandForm"/>).</summary>
    public IReadOnlyCollection<string> Commands => _byCommand.Keys;

    public bool TryGetCommand(string name, out IEndpoint endpoint) => _byCommand.TryGetValue(name, out endpoint!);

    /// <summary>Adds every request's method to <paramref name="rpc"/>.</summary>
    public void Register(JsonRpc rpc)
    {
        foreach (var e in _byMethod.Values) e.Register(rpc);
    }
}
