using InterpLsp.Lsp.Endpoints;
using InterpLsp.Lsp.Handlers;
using InterpLsp.Lsp.Protocol;
using Newtonsoft.Json.Linq;
using StreamJsonRpc;

namespace InterpLsp.Lsp.Server;

/// <summary>
/// The JSON-RPC target: a thin dispatcher from method names to handlers. Requests before initialize get
/// ServerNotInitialized; notifications before initialize are dropped (except exit), as LSP requires.
/// </summary>
public sealed class LspTarget(
    ServerSession session,
    LifecycleHandler lifecycle,
    TextSyncHandler sync,
    SemanticTokensHandler semanticTokens,
    HoverHandler hover,
    EndpointTable endpoints,
    ConfigurationHandler configuration)
{
    private const bool Single = true;
    private readonly EndpointTable _endpoints = endpoints;
    private readonly CommandTable _commands = new(endpoints);

    [JsonRpcMethod(LspMethods.Initialize, UseSingleObjectParameterDeserialization = Single)]
    public InitializeResult Initialize(InitializeParams p) => lifecycle.Initialize(p);

    [JsonRpcMethod(LspMethods.Initialized, UseSingleObjectParameterDeserialization = Single)]
    public void Initialized(JToken? _ = null)
    {
        if (session.Initialized) lifecycle.Initialized();
    }

    [JsonRpcMethod(LspMethods.Shutdown)]
    public object? Shutdown()
    {
        session.RequireInitialized();
        return lifecycle.Shutdown();
    }

    [JsonRpcMethod(LspMethods.Exit)]
    public void Exit() => lifecycle.Exit();

    [JsonRpcMethod(LspMethods.SetTrace, UseSingleObjectParameterDeserialization = Single)]
    public void SetTrace(SetTraceParams p)
    {
        if (session.Initialized && p is not null) lifecycle.SetTrace(p);
    }

    [JsonRpcMethod(LspMethods.DidOpen, UseSingleObjectParameterDeserialization = Single)]
    public void DidOpen(DidOpenTextDocumentParams p)
    {
        if (session.Initialized && p is not null) sync.DidOpen(p);
    }

    [JsonRpcMethod(LspMethods.DidChange, UseSingleObjectParameterDeserialization = Single)]
    public void DidChange(DidChangeTextDocumentParams p)
    {
        if (session.Initialized && p is not null) sync.DidChange(p);
    }

    [JsonRpcMethod(LspMethods.DidClose, UseSingleObjectParameterDeserialization = Single)]
    public void DidClose(DidCloseTextDocumentParams p)
    {
        if (session.Initialized && p is not null) sync.DidClose(p);
    }

    [JsonRpcMethod(LspMethods.DidChangeConfiguration, UseSingleObjectParameterDeserialization = Single)]
    public void DidChangeConfiguration(DidChangeConfigurationParams p)
    {
        if (session.Initialized && p is not null) configuration.DidChangeConfiguration(p);
    }

    [JsonRpcMethod(WorkDoneProgress.CancelMethod, UseSingleObjectParameterDeserialization = Single)]
    public void CancelProgress(JObject p)
    {
        if (p["token"] is { } token) WorkDoneProgress.Cancel(token);
    }

    [JsonRpcMethod(LspMethods.Hover, UseSingleObjectParameterDeserialization = Single)]
    public Task<Hover?> Hover(TextDocumentPositionParams p, CancellationToken ct)
    {
        session.RequireInitialized();
        return hover.Handle(p ?? throw LspErrors.InvalidParams("params are missing"), ct);
    }

    [JsonRpcMethod(LspMethods.SemanticTokensFull, UseSingleObjectParameterDeserialization = Single)]
    public Task<SemanticTokens> SemanticTokensFull(SemanticTokensParams p, CancellationToken ct)
    {
        session.RequireInitialized();
        return semanticTokens.Full(p ?? throw LspErrors.InvalidParams("params are missing"), ct);
    }

    [JsonRpcMethod(LspMethods.SemanticTokensRange, UseSingleObjectParameterDeserialization = Single)]
    public Task<SemanticTokens> SemanticTokensRange(SemanticTokensRangeParams p, CancellationToken ct)
    {
        session.RequireInitialized();
        return semanticTokens.Range(p ?? throw LspErrors.InvalidParams("params are missing"), ct);
    }

    [JsonRpcMethod(LspMethods.ExecuteCommand, UseSingleObjectParameterDeserialization = Single)]
    public Task<object?> ExecuteCommand(ExecuteCommandParams p, CancellationToken ct)
    {
        session.RequireInitialized();
        return _commands.ExecuteAsync(p ?? throw LspErrors.InvalidParams("params are missing"), ct);
    }

    /// <summary>Adds the interp/* requests to <paramref name="rpc"/>, each from its endpoint's descriptor
    /// (<see cref="EndpointTable"/>): no method-name strings here.</summary>
    public void Register(JsonRpc rpc) => _endpoints.Register(rpc);
}
