using InterpLsp.Analysis.Engine;
using InterpLsp.Interp.IO;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using StreamJsonRpc;

namespace InterpLsp.Lsp.Endpoints;

/// <summary>One request's handler, as the endpoint table sees it.</summary>
public interface IEndpoint
{
    IRequestType Request { get; }

    /// <summary>Adds the request's method to <paramref name="rpc"/>.</summary>
    void Register(JsonRpc rpc);

    /// <summary>Answers the request's command form: <paramref name="parameters"/> is the params object the command's
    /// positional arguments make (<see cref="CommandTable"/>).</summary>
    Task<object?> ExecuteAsync(JObject parameters, CancellationToken ct);
}

/// <summary>The handler of one interp/* request (Roslyn's endpoint-per-method shape): a class per method, made with
/// the session (<see cref="EndpointTable"/> finds and checks them), answering its descriptor's params with its result
/// type, whether the request came as itself or as its command.</summary>
public abstract class Endpoint<TParams, TResult>(ServerSession session, RequestType<TParams, TResult> request) : IEndpoint
    where TParams : class, new()
{
    /// <summary>Longest string a param may hold (an example text is the longest a client sends).</summary>
    public const int MaxChars = 100_000;

    private static readonly JsonSerializer Wire = JsonSerializer.Create(LspJson.Settings);

    protected ServerSession Session => session;
    protected InterpEngine Engine => session.Engine;
    public IRequestType Request => request;

    /// <summary>The answer; <paramref name="p"/> is never null (absent params are an empty object).</summary>
    protected abstract Task<TResult> HandleAsync(TParams p, CancellationToken ct);

    /// <summary>The JSON-RPC entry point of the request (registered under its method by <see cref="Register"/>).</summary>
    public Task<TResult> InvokeAsync(TParams? p = null, CancellationToken ct = default)
    {
        session.RequireInitialized();
        return HandleAsync(p ?? new TParams(), ct);
    }

    public void Register(JsonRpc rpc) =>
        rpc.AddLocalRpcMethod(GetType().GetMethod(nameof(InvokeAsync))!, this,
            new JsonRpcMethodAttribute(request.Method) { UseSingleObjectParameterDeserialization = true });

    public async Task<object?> ExecuteAsync(JObject parameters, CancellationToken ct)
    {
        TParams p;
        try { p = parameters.ToObject<TParams>(Wire) ?? new TParams(); }
        catch (JsonException e) { throw LspErrors.InvalidParams($"{request.Method}: {JsonErrors.Describe(e)}"); }
        return await HandleAsync(p, ct);
    }

    /// <summary>A param that must be given: its value, or invalid params naming it and the request's shape.</summary>
    protected string Required(string? value, string field) =>
        Optional(value, field) ?? throw LspErrors.InvalidParams(request.Command is { } c
            ? $"{c.Name} takes [{string.Join(", ", c.Args)}] as its arguments ('{field}' is missing; the request {request.Method} takes them as fields)"
            : $"{request.Method}: '{field}' is missing");

    /// <summary>A param that may be absent: null when absent or empty; longer than <see cref="MaxChars"/> is invalid.</summary>
    protected static string? Optional(string? value, string field)
    {
        if (value is { Length: > MaxChars }) throw LspErrors.InvalidParams($"'{field}' has {value.Length} characters, more than {MaxChars}");
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>The loaded direction <paramref name="id"/> names, or the one invalid-params answer (<see cref="LspErrors.NoDirection"/>).</summary>
    protected InterpLsp.Interp.Directions.Direction Direction(string? id)
    {
        var name = Required(id, "id");
        return Engine.Directions.Find(name) ?? throw LspErrors.NoDirection(name);
    }
}
