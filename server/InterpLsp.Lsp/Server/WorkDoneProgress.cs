using System.Collections.Concurrent;
using InterpLsp.Lsp.Protocol;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Lsp.Server;

/// <summary>
/// LSP work-done progress for one long operation: uses the client's <c>workDoneToken</c> when the request
/// carried one, else creates a token (<c>window/workDoneProgress/create</c>) when the client supports it, else
/// reports nothing. The client can cancel through <c>window/workDoneProgress/cancel</c>.
/// </summary>
public sealed class WorkDoneProgress : IAsyncDisposable
{
    public const string CancelMethod = "window/workDoneProgress/cancel";

    /// <summary>The shortest time between two reports of one operation's progress.</summary>
    public static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(0.5);
    private static readonly ConcurrentDictionary<string, CancellationTokenSource> Running = new();

    private readonly ServerSession _session;
    private readonly JToken? _token;
    private readonly CancellationTokenSource _cts;
    private bool _ended;

    private WorkDoneProgress(ServerSession session, JToken? token, CancellationToken requestCancellation)
    {
        _session = session;
        _token = token;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(requestCancellation);
        if (token is not null) Running[token.ToString()] = _cts;
    }

    /// <summary>Cancelled by the request's own cancellation or by the user's Cancel on the progress.</summary>
    public CancellationToken Cancellation => _cts.Token;

    public static async Task<WorkDoneProgress> BeginAsync(ServerSession session, JToken? clientToken, string title,
        string? message, CancellationToken requestCancellation)
    {
        var token = clientToken is { Type: not JTokenType.Null } ? clientToken : null;
        if (token is null && session.ClientSupportsWorkDoneProgress && session.Rpc is { } rpc)
        {
            var created = new JValue($"interp-{Guid.NewGuid():N}");
            try
            {
                await rpc.InvokeWithParameterObjectAsync<object?>(LspMethods.WorkDoneProgressCreate,
                    new WorkDoneProgressCreateParams { Token = created }, requestCancellation);
                token = created;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                session.Log.Debug($"client refused a progress token: {e.Message}");
            }
        }
        var p = new WorkDoneProgress(session, token, requestCancellation);
        await p.SendAsync(new WorkDoneProgressBegin { Title = title, Message = message });
        return p;
    }

    public Task ReportAsync(string message, int? percentage = null) =>
        SendAsync(new WorkDoneProgressReport { Message = message, Percentage = percentage is int pc ? Math.Clamp(pc, 0, 100) : null });

    public async Task EndAsync(string message)
    {
        if (_ended) return;
        _ended = true;
        await SendAsync(new WorkDoneProgressEnd { Message = message });
    }

    /// <summary>Handles <c>window/workDoneProgress/cancel</c>.</summary>
    public static void Cancel(JToken token)
    {
        if (Running.TryGetValue(token.ToString(), out var cts)) cts.Cancel();
    }

    private async Task SendAsync(object value)
    {
        if (_token is null || _session.Rpc is not { } rpc) return;
        try
        {
            await rpc.NotifyWithParameterObjectAsync(LspMethods.Progress, new ProgressParams { Token = _token, Value = value });
        }
        catch (Exception e)
        {
            _session.Log.Debug($"progress not sent: {e.Message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await EndAsync(_cts.IsCancellationRequested ? "cancelled" : "done");
        if (_token is not null) Running.TryRemove(_token.ToString(), out _);
        _cts.Dispose();
    }
}
