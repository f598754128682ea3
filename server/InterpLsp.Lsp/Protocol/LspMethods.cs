namespace InterpLsp.Lsp.Protocol;

/// <summary>The LSP 3.17 methods this server implements or sends.</summary>
public static class LspMethods
{
    public const string Initialize = "initialize";
    public const string Initialized = "initialized";
    public const string Shutdown = "shutdown";
    public const string Exit = "exit";
    public const string SetTrace = "$/setTrace";
    public const string CancelRequest = "$/cancelRequest";
    public const string Progress = "$/progress";
    public const string LogTrace = "$/logTrace";
    public const string DidOpen = "textDocument/didOpen";
    public const string DidChange = "textDocument/didChange";
    public const string DidClose = "textDocument/didClose";
    public const string Hover = "textDocument/hover";
    public const string SemanticTokensFull = "textDocument/semanticTokens/full";
    public const string SemanticTokensRange = "textDocument/semanticTokens/range";
    public const string ExecuteCommand = "workspace/executeCommand";
    public const string DidChangeConfiguration = "workspace/didChangeConfiguration";
    public const string LogMessage = "window/logMessage";
    public const string ShowMessage = "window/showMessage";
    public const string WorkDoneProgressCreate = "window/workDoneProgress/create";
}

/// <summary>JSON-RPC and LSP error codes.</summary>
public static class LspErrorCodes
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;
    public const int ServerNotInitialized = -32002;
    public const int RequestFailed = -32803;
    public const int ContentModified = -32801;
    public const int RequestCancelled = -32800;
}
