using InterpLsp.Analysis.Engine;
using InterpLsp.Analysis.Scheduling;
using InterpLsp.Lsp.Handlers;
using InterpLsp.Lsp.Protocol;

namespace InterpLsp.Lsp.Server;

/// <summary>Notifications the server sends to the client, and the engine's events turned into them.</summary>
public sealed class ClientNotifier(ServerSession session)
{
    /// <summary>Sends a notification; never throws (a closing connection is logged, not raised).</summary>
    private async Task Notify<T>(NotificationType<T> type, T args) => await Send(type.Method, args!, logFailure: true);

    private async Task Send(string method, object args, bool logFailure)
    {
        var rpc = session.Rpc;
        if (rpc is null || rpc.IsDisposed) return;
        try
        {
            await rpc.NotifyWithParameterObjectAsync(method, args);
        }
        catch (Exception e)
        {
            if (logFailure) session.Log.Debug($"notification {method} not sent: {e.GetBaseException().Message}");
        }
    }

    /// <summary>Turns an engine event into its notification (nothing before initialize).</summary>
    public void On(EngineEvent e)
    {
        if (!session.Initialized) return;
        switch (e)
        {
            case ActivationsChanged { Uri: { } uri } a:
                _ = Notify(InterpProtocol.ActivationsChanged, new ActivationsChangedParams
                {
                    Uri = uri, Version = a.Version,
                    Provisional = a.Exact is null ? null : true,
                    Exact = a.Exact is { } spans ? ExactRanges(uri, a.Version, spans) : null,
                });
                break;
            case ActivationsChanged:
                foreach (var d in session.Documents.Values)
                    _ = Notify(InterpProtocol.ActivationsChanged, new ActivationsChangedParams { Uri = d.Uri, Version = d.Version });
                break;
            case SelectionChanged s:
                _ = Notify(InterpProtocol.SelectionChanged, Describe.Selection(session.Engine, s.Selection));
                break;
            case StatusChanged s:
                _ = Notify(InterpProtocol.ServerStatus, Status(s.Status));
                break;
            case SaeChecked { Result.Warning: { } warning } c:
                _ = ShowMessage(MessageTypeWarning, $"InterpLsp: {c.DirectionName}: {warning}");
                break;
        }
    }

    /// <summary>The exact spans as ranges of the document's text, when the open buffer still holds that version.</summary>
    private List<Protocol.Range>? ExactRanges(string uri, int version, IReadOnlyList<(int Start, int End)> spans) =>
        session.Documents.TryGetValue(uri, out var buffer) && buffer.Version == version
            ? spans.Select(s => buffer.RangeOf(s.Start, s.End, session.Encoding)).ToList()
            : null;

    /// <summary>The current selection, sent once after initialized so the client's status starts right.</summary>
    public Task SelectionNow() => Notify(InterpProtocol.SelectionChanged, Describe.Selection(session.Engine, session.Engine.Selection));

    private static ServerStatusParams Status(AnalysisStatus s) => new()
    {
        Health = s.Health switch { Health.Ok => "ok", Health.Warning => "warning", _ => "error" },
        Quiescent = s.Quiescent,
        Message = s.Message,
    };

    public Task LogMessage(int type, string message) =>
        Send(LspMethods.LogMessage, new LogMessageParams { Type = type, Message = message }, logFailure: false);

    public Task LogTrace(string message) => Send(LspMethods.LogTrace, new LogTraceParams { Message = message }, logFailure: false);

    public Task SteerText(SteerTextParams p) => Notify(InterpProtocol.SteerText, p);

    /// <summary>LSP MessageType.Warning.</summary>
    public const int MessageTypeWarning = 2;

    public Task ShowMessage(int type, string message) =>
        Send(LspMethods.ShowMessage, new LogMessageParams { Type = type, Message = message }, logFailure: true);
}
