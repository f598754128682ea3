using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Lsp.Protocol;

// The part of LSP 3.17 this server uses. Property names serialise camelCase (see LspJson).

public sealed class InitializeParams
{
    public int? ProcessId { get; set; }
    public ClientInfo? ClientInfo { get; set; }
    public string? RootUri { get; set; }
    public List<WorkspaceFolder>? WorkspaceFolders { get; set; }
    public JObject? Capabilities { get; set; }
    public JToken? InitializationOptions { get; set; }
    public string? Trace { get; set; }
}

public sealed class WorkspaceFolder
{
    public string Uri { get; set; } = "";
    public string? Name { get; set; }
}

public sealed class ClientInfo
{
    public string Name { get; set; } = "";
    public string? Version { get; set; }
}

public sealed class InitializeResult
{
    public required ServerCapabilities Capabilities { get; init; }
    public required ClientInfo ServerInfo { get; init; }
}

public sealed class ServerCapabilities
{
    public required string PositionEncoding { get; init; }
    public required TextDocumentSyncOptions TextDocumentSync { get; init; }
    public bool HoverProvider { get; init; } = true;
    public required SemanticTokensOptions SemanticTokensProvider { get; init; }
    public required ExecuteCommandOptions ExecuteCommandProvider { get; init; }
    public JObject? Experimental { get; init; }
}

public sealed class TextDocumentSyncOptions
{
    public bool OpenClose { get; init; } = true;
    /// <summary>2 = incremental.</summary>
    public int Change { get; init; } = 2;
}

public sealed class SemanticTokensOptions
{
    public required SemanticTokensLegend Legend { get; init; }
    public bool Range { get; init; } = true;
    public bool Full { get; init; } = true;
}

public sealed class SemanticTokensLegend
{
    public required string[] TokenTypes { get; init; }
    public required string[] TokenModifiers { get; init; }
}

public sealed class ExecuteCommandOptions
{
    public required string[] Commands { get; init; }
    public bool WorkDoneProgress { get; init; } = true;
}

public sealed class TextDocumentItem
{
    public string Uri { get; set; } = "";
    public string LanguageId { get; set; } = "";
    public int Version { get; set; }
    public string Text { get; set; } = "";
}

public sealed class TextDocumentIdentifier
{
    public string Uri { get; set; } = "";
}

public sealed class VersionedTextDocumentIdentifier
{
    public string Uri { get; set; } = "";
    public int Version { get; set; }
}

public sealed class DidOpenTextDocumentParams
{
    public TextDocumentItem TextDocument { get; set; } = new();
}

public sealed class TextDocumentContentChangeEvent
{
    public Range? Range { get; set; }
    public string Text { get; set; } = "";
}

public sealed class DidChangeTextDocumentParams
{
    public VersionedTextDocumentIdentifier TextDocument { get; set; } = new();
    public List<TextDocumentContentChangeEvent> ContentChanges { get; set; } = new();
}

public sealed class DidCloseTextDocumentParams
{
    public TextDocumentIdentifier TextDocument { get; set; } = new();
}

public sealed class TextDocumentPositionParams
{
    public TextDocumentIdentifier TextDocument { get; set; } = new();
    /// <summary>Null when the request had none (or null): an InvalidParams error, never (0, 0).</summary>
    public Position? Position { get; set; }
}

public sealed class MarkupContent
{
    public string Kind { get; set; } = "markdown";
    public string Value { get; set; } = "";
}

public sealed class Hover
{
    public required MarkupContent Contents { get; init; }
    public Range? Range { get; init; }
}

public sealed class SemanticTokensParams
{
    public TextDocumentIdentifier TextDocument { get; set; } = new();
}

public sealed class SemanticTokensRangeParams
{
    public TextDocumentIdentifier TextDocument { get; set; } = new();
    public Range Range { get; set; } = new(new(0, 0), new(0, 0));
}

public sealed class SemanticTokens
{
    public required int[] Data { get; init; }
}

public sealed class ExecuteCommandParams
{
    public string Command { get; set; } = "";
    public JArray? Arguments { get; set; }
    public JToken? WorkDoneToken { get; set; }
}

public sealed class DidChangeConfigurationParams
{
    public JToken? Settings { get; set; }
}

public sealed class SetTraceParams
{
    public string Value { get; set; } = "off";
}

public sealed class LogMessageParams
{
    /// <summary>1 error, 2 warning, 3 info, 4 log.</summary>
    public int Type { get; init; }
    public required string Message { get; init; }
}

public sealed class LogTraceParams
{
    public required string Message { get; init; }
}

public sealed class WorkDoneProgressCreateParams
{
    public required JToken Token { get; init; }
}

public sealed class ProgressParams
{
    public required JToken Token { get; init; }
    /// <summary>A <see cref="WorkDoneProgressBegin"/>, <see cref="WorkDoneProgressReport"/> or <see cref="WorkDoneProgressEnd"/>.</summary>
    public required object Value { get; init; }
}

public sealed class WorkDoneProgressBegin
{
    public string Kind => "begin";
    public required string Title { get; init; }
    public bool Cancellable { get; init; } = true;
    public string? Message { get; init; }
    public int? Percentage { get; init; }
}

public sealed class WorkDoneProgressReport
{
    public string Kind => "report";
    public bool Cancellable { get; init; } = true;
    public string? Message { get; init; }
    public int? Percentage { get; init; }
}

public sealed class WorkDoneProgressEnd
{
    public string Kind => "end";
    public string? Message { get; init; }
}

