using InterpLsp.Lsp.Documents;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;
using Newtonsoft.Json.Linq;
using StreamJsonRpc;

namespace InterpLsp.Lsp.Handlers;

/// <summary>initialize, initialized, shutdown, exit, $/setTrace.</summary>
public sealed class LifecycleHandler(ServerSession session, ConfigurationHandler configuration, ClientNotifier notifier, Action<int> exit)
{
    public const string ServerName = "interp-lsp";

    public InitializeResult Initialize(InitializeParams p)
    {
        if (session.Initialized)
            throw new LocalRpcException("initialize was already sent") { ErrorCode = LspErrorCodes.InvalidRequest };
        session.ClientCapabilities = p.Capabilities;
        var offers = p.Capabilities?.SelectToken("general.positionEncodings") as JArray;
        session.Encoding = PositionEncodings.Negotiate(offers?.Select(t => t.ToString()));
        session.RootPath = RootPath(p.RootUri) ?? RootPath(p.WorkspaceFolders?.FirstOrDefault()?.Uri);
        WorkspaceLibrary.Attach(session);
        session.Log.Trace = p.Trace ?? "off";
        configuration.Apply(InterpSettings.From(p.InitializationOptions));
        session.Initialized = true;
        session.Log.Info($"initialized by {(p.ClientInfo is { } ci ? $"{ci.Name} {ci.Version}".Trim() : "a client")}; position encoding {session.Encoding.ToLspName()}");
        return new InitializeResult
        {
            ServerInfo = new ClientInfo { Name = ServerName, Version = typeof(LifecycleHandler).Assembly.GetName().Version?.ToString() },
            Capabilities = new ServerCapabilities
            {
                PositionEncoding = session.Encoding.ToLspName(),
                TextDocumentSync = new TextDocumentSyncOptions(),
                SemanticTokensProvider = new SemanticTokensOptions
                {
                    Legend = new SemanticTokensLegend { TokenTypes = InterpSemanticTokens.Types, TokenModifiers = InterpSemanticTokens.Modifiers },
                },
                ExecuteCommandProvider = new ExecuteCommandOptions { Commands = InterpProtocol.CommandNames },
                Experimental = new JObject { ["interp"] = InterpProtocol.Capability() },
            },
        };
    }

    public void Initialized()
    {
        _ = notifier.SelectionNow();
        configuration.LoadStartDirections();
    }

    public object? Shutdown()
    {
        session.ShutdownRequested = true;
        session.Log.Info("shutdown requested");
        return null;
    }

    /// <summary>LSP: exit code 0 after shutdown, 1 otherwise.</summary>
    public void Exit() => exit(session.ShutdownRequested ? 0 : 1);

    public void SetTrace(SetTraceParams p) => session.Log.Trace = p.Value is "messages" or "verbose" ? p.Value : "off";

    private static string? RootPath(string? rootUri)
    {
        if (rootUri is null) return null;
        return Uri.TryCreate(rootUri, UriKind.Absolute, out var u) && u.IsFile ? u.LocalPath : null;
    }
}
