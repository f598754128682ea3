using InterpLsp.Analysis.Scheduling;
using InterpLsp.Lsp.Protocol;

namespace InterpLsp.Lsp.Server;

/// <summary>Notifications the server sends to the client.</summary>
public sealed class ClientNotifier(ServerSession session)
{
    /// <summary>Sends a notification; never throws (a closing connection is logged, not raised).</summary>
    private async Task Notify(string method, object args)
    {
        var rpc = session.Rpc;
        if (rpc is null || rpc.IsDisposed) return;
        try
        {
            await rpc.NotifyWithParameterObjectAsync(method, args);
        }
        catch (Exception e)
        {
            session.Log.Debug($"notification {method} not sent: {e.GetBaseException().Message}");
        }
    }

    public Task ActivationsChanged(string uri, int version) =>
        Notify(InterpMethods.ActivationsChanged, new ActivationsChangedParams { Uri = uri, Version = version });

    public Task ServerStatus(AnalysisStatus s) => Notify(InterpMethods.ServerStatus, new ServerStatusParams
    {
        Health = s.Health switch { Health.Ok => "ok", Health.Warning => "warning", _ => "error" },
        Quiescent = s.Quiescent,
        Message = s.Message,
    });

    public Task LogMessage(int type, string message) =>
        Notify(LspMethods.LogMessage, new LogMessageParams { Type = type, Message = message });

    public Task ShowMessage(int type, string message) =>
        Notify(LspMethods.ShowMessage, new LogMessageParams { Type = type, Message = message });

    /// <summary>Every open document's activations changed (e.g. another direction became active).</summary>
    public void AllActivationsChanged()
    {
        foreach (var d in session.Documents.Values) _ = ActivationsChanged(d.Uri, d.Version);
    }
}
