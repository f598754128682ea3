using System.Collections.Concurrent;
using InterpLsp.Analysis.Cache;
using InterpLsp.Analysis.Scheduling;
using InterpLsp.Interp.Library;
using InterpLsp.Lsp.Documents;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Model;
using Newtonsoft.Json.Linq;
using StreamJsonRpc;

namespace InterpLsp.Lsp.Server;

/// <summary>State shared by the handlers of one connection: lifecycle, negotiated options, settings, open
/// documents, the direction library and the inference scheduler.</summary>
public sealed class ServerSession : IDisposable
{
    /// <summary>Default bound of the hidden-state cache (setting cacheMegabytes): about 330 windows of
    /// 256 tokens at width 384, i.e. ~40,000 tokens of text.</summary>
    public const int DefaultCacheMegabytes = 128;

    public ServerSession(Func<ILanguageModel> loadModel, ServerLog log)
    {
        Log = log;
        Cache = new WindowCache(DefaultCacheMegabytes * 1024L * 1024);
        Scheduler = new AnalysisScheduler(loadModel, Cache, InterpSettings.DefaultHook, log.Debug);
    }

    public ServerLog Log { get; }
    public JsonRpc? Rpc { get; set; }
    public volatile bool Initialized;
    public volatile bool ShutdownRequested;
    public PositionEncoding Encoding { get; set; } = PositionEncoding.Utf16;
    public JObject? ClientCapabilities { get; set; }
    public string? RootPath { get; set; }
    public string Trace { get; set; } = "off";
    public double Threshold { get; set; } = 0.25;
    public string ModelName { get; set; } = InterpSettings.DefaultModel;

    public ConcurrentDictionary<string, TextDocumentBuffer> Documents { get; } = new(StringComparer.Ordinal);
    public DirectionLibrary Library { get; } = new();
    public WindowCache Cache { get; }
    public AnalysisScheduler Scheduler { get; }

    public bool ClientSupportsWorkDoneProgress =>
        ClientCapabilities?.SelectToken("window.workDoneProgress")?.Value<bool>() == true;

    /// <summary>Requests other than initialize get ServerNotInitialized before initialize.</summary>
    public void RequireInitialized()
    {
        if (!Initialized)
            throw new LocalRpcException("the server is not initialized: send 'initialize' first") { ErrorCode = LspErrorCodes.ServerNotInitialized };
        if (ShutdownRequested)
            throw new LocalRpcException("the server is shutting down: only 'exit' is accepted now") { ErrorCode = LspErrorCodes.InvalidRequest };
    }

    public TextDocumentBuffer RequireDocument(string uri) =>
        Documents.TryGetValue(uri, out var d) ? d
            : throw new LocalRpcException($"document {uri} is not open (send textDocument/didOpen first)") { ErrorCode = LspErrorCodes.RequestFailed };

    public void Dispose() => Scheduler.Dispose();
}
