using InterpLsp.Interp.Directions;
using System.Collections.Concurrent;
using InterpLsp.Analysis.Engine;
using InterpLsp.Lsp.Documents;
using InterpLsp.Lsp.Protocol;
using Newtonsoft.Json.Linq;
using StreamJsonRpc;
using InterpLsp.Interp.IO;

namespace InterpLsp.Lsp.Server;

/// <summary>The state of one connection: lifecycle, negotiated encoding, the client's capabilities, the
/// workspace root and the open documents' texts. Everything about models, directions and the selection is the
/// <see cref="Engine"/>'s.</summary>
public sealed class ServerSession(InterpEngine engine, ServerLog log)
{
    public InterpEngine Engine { get; } = engine;
    public ServerLog Log { get; } = log;
    /// <summary>Stored explanations, parsed, for the hover card (refreshed by <c>interp.explain</c>).</summary>
    public ExplanationCache Explanations { get; } = new(log);
    public JsonRpc? Rpc { get; set; }
    public volatile bool Initialized;
    public volatile bool ShutdownRequested;
    public PositionEncoding Encoding { get; set; } = PositionEncoding.Utf16;
    public JObject? ClientCapabilities { get; set; }
    public string? RootPath { get; set; }
    /// <summary><c>interp.modelFolders</c>: model folders, or folders holding model folders, offered by interp/listModels.</summary>
    public IReadOnlyList<string> ModelFolders { get; set; } = [];
    /// <summary>Why the workspace library (<c>ROOT/.interp</c>) could not be opened, when it could not.</summary>
    public string? LibraryError { get; set; }

    public ConcurrentDictionary<string, TextDocumentBuffer> Documents { get; } = new(StringComparer.Ordinal);

    public bool ClientSupportsWorkDoneProgress =>
        ClientCapabilities?.SelectToken("window.workDoneProgress")?.Type == JTokenType.Boolean
        && ClientCapabilities.SelectToken("window.workDoneProgress")!.Value<bool>();

    /// <summary>Requests other than initialize get ServerNotInitialized before initialize.</summary>
    public void RequireInitialized()
    {
        if (!Initialized)
            throw new LocalRpcException("the server is not initialized: send 'initialize' first") { ErrorCode = LspErrorCodes.ServerNotInitialized };
        if (ShutdownRequested)
            throw new LocalRpcException("the server is shutting down: only 'exit' is accepted now") { ErrorCode = LspErrorCodes.InvalidRequest };
    }

    public TextDocumentBuffer RequireDocument(string? uri) =>
        string.IsNullOrEmpty(uri) ? throw LspErrors.InvalidParams("textDocument.uri is missing")
        : Documents.TryGetValue(uri, out var d) ? d
        : throw LspErrors.Failed($"document {Echo.Input(uri)} is not open (send textDocument/didOpen first)");
}
