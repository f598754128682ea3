using System.Collections.Concurrent;
using System.IO.Pipelines;
using InterpLsp.Analysis.Engine;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;
using InterpLsp.Model;
using Newtonsoft.Json.Linq;
using StreamJsonRpc;

namespace InterpLsp.Lsp.InProcess;

/// <summary>
/// The real server (<see cref="LspHost"/>) on one end of a pipe pair and a StreamJsonRpc client on the
/// other: the same framing and JSON as stdio, in-process. Records the notifications the server sends. Used by
/// the benchmark (<c>interp-lsp bench</c>) and the tests.
/// </summary>
public class InProcessLspClient : IAsyncDisposable
{
    private readonly Pipe _toServer = new();
    private readonly Pipe _toClient = new();
    public JsonRpc Rpc { get; }
    public Task<int> Server { get; }
    public ConcurrentQueue<(string Method, JToken Params)> Notifications { get; } = new();
    public event Action<string, JToken>? Notified;

    /// <summary>A server running <paramref name="model"/> (already loaded) as the embedded model.</summary>
    public InProcessLspClient(ILanguageModel model, TextWriter? serverLog = null)
        : this(new ModelRegistry().AddEmbedded(() => model), serverLog) { }

    public InProcessLspClient(ModelRegistry models, TextWriter? serverLog = null)
    {
        Server = LspHost.RunAsync(_toServer.Reader.AsStream(), _toClient.Writer.AsStream(), models, serverLog ?? TextWriter.Null);
        var formatter = new JsonMessageFormatter();
        LspJson.Apply(formatter.JsonSerializer);
        Rpc = new JsonRpc(new HeaderDelimitedMessageHandler(_toServer.Writer.AsStream(), _toClient.Reader.AsStream(), formatter));
        Rpc.AddLocalRpcTarget(new ClientTarget(this), new JsonRpcTargetOptions { AllowNonPublicInvocation = false });
        Rpc.StartListening();
    }

    /// <summary>Sends initialize (+ initialized) with the settings object as initializationOptions.</summary>
    public async Task<JObject> InitializeAsync(object? settings = null, string[]? encodings = null, string? rootUri = null)
    {
        var caps = new JObject { ["window"] = new JObject { ["workDoneProgress"] = true } };
        if (encodings is not null) caps["general"] = new JObject { ["positionEncodings"] = new JArray(encodings) };
        var result = await Rpc.InvokeWithParameterObjectAsync<JObject>("initialize", new JObject
        {
            ["processId"] = null,
            ["rootUri"] = rootUri,
            ["capabilities"] = caps,
            ["initializationOptions"] = settings is null ? null : JToken.FromObject(settings),
        });
        await Rpc.NotifyWithParameterObjectAsync("initialized", new JObject());
        return result;
    }

    public Task OpenAsync(string uri, string text, int version = 1) =>
        Rpc.NotifyWithParameterObjectAsync("textDocument/didOpen", new JObject
        {
            ["textDocument"] = new JObject { ["uri"] = uri, ["languageId"] = "plaintext", ["version"] = version, ["text"] = text },
        });

    public Task ChangeAsync(string uri, int version, params JObject[] changes) =>
        Rpc.NotifyWithParameterObjectAsync("textDocument/didChange", new JObject
        {
            ["textDocument"] = new JObject { ["uri"] = uri, ["version"] = version },
            ["contentChanges"] = new JArray(changes),
        });

    public static JObject Edit(int line0, int char0, int line1, int char1, string text) => new()
    {
        ["range"] = new JObject
        {
            ["start"] = new JObject { ["line"] = line0, ["character"] = char0 },
            ["end"] = new JObject { ["line"] = line1, ["character"] = char1 },
        },
        ["text"] = text,
    };

    public Task<JObject> TokenActivationsAsync(string uri, JObject? range = null, string[]? directions = null, CancellationToken ct = default) =>
        Rpc.InvokeWithParameterObjectAsync<JObject>("interp/tokenActivations", new JObject
        {
            ["textDocument"] = new JObject { ["uri"] = uri },
            ["range"] = range,
            ["directions"] = directions is null ? null : new JArray(directions),
        }, ct);

    public Task<T> RequestAsync<T>(string method, object? args, CancellationToken ct = default) =>
        Rpc.InvokeWithParameterObjectAsync<T>(method, args is null ? new JObject() : JToken.FromObject(args), ct);

    /// <summary>workspace/executeCommand of <paramref name="command"/> with its arguments.</summary>
    public Task<JToken> CommandAsync(string command, params object[] args) =>
        Rpc.InvokeWithParameterObjectAsync<JToken>(LspMethods.ExecuteCommand,
            new JObject { ["command"] = command, ["arguments"] = new JArray(args) });

    public async Task ShutdownAsync()
    {
        await Rpc.InvokeWithParameterObjectAsync<JToken>(LspMethods.Shutdown, null);
        await Rpc.NotifyAsync(LspMethods.Exit);
        await Server;
    }

    public virtual async ValueTask DisposeAsync()
    {
        Rpc.Dispose();
        await _toServer.Writer.CompleteAsync();
        await Task.WhenAny(Server, Task.Delay(5000));
    }

    private sealed class ClientTarget(InProcessLspClient owner)
    {
        [JsonRpcMethod("window/workDoneProgress/create", UseSingleObjectParameterDeserialization = true)]
        public object? CreateProgress(JToken p) { owner.Record("window/workDoneProgress/create", p); return null; }

        [JsonRpcMethod("interp/activationsChanged", UseSingleObjectParameterDeserialization = true)]
        public void ActivationsChanged(JToken p) => owner.Record("interp/activationsChanged", p);

        [JsonRpcMethod("interp/serverStatus", UseSingleObjectParameterDeserialization = true)]
        public void ServerStatus(JToken p) => owner.Record("interp/serverStatus", p);

        [JsonRpcMethod("interp/selectionChanged", UseSingleObjectParameterDeserialization = true)]
        public void SelectionChanged(JToken p) => owner.Record("interp/selectionChanged", p);

        [JsonRpcMethod("interp/steerText", UseSingleObjectParameterDeserialization = true)]
        public void SteerText(JToken p) => owner.Record("interp/steerText", p);

        [JsonRpcMethod("$/logTrace", UseSingleObjectParameterDeserialization = true)]
        public void LogTrace(JToken p) => owner.Record("$/logTrace", p);

        [JsonRpcMethod("window/logMessage", UseSingleObjectParameterDeserialization = true)]
        public void LogMessage(JToken p) => owner.Record("window/logMessage", p);

        [JsonRpcMethod("window/showMessage", UseSingleObjectParameterDeserialization = true)]
        public void ShowMessage(JToken p) => owner.Record("window/showMessage", p);

        [JsonRpcMethod("$/progress", UseSingleObjectParameterDeserialization = true)]
        public void Progress(JToken p) => owner.Record("$/progress", p);
    }

    private void Record(string method, JToken p)
    {
        Notifications.Enqueue((method, p));
        Notified?.Invoke(method, p);
    }

    /// <summary>Waits until the server's last status says it is idle (no analysis running or pending).</summary>
    public async Task WaitQuiescentAsync(int timeoutMs = 60_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        await Task.Delay(50);
        while (DateTime.UtcNow < deadline)
        {
            var last = Notifications.LastOrDefault(n => n.Method == "interp/serverStatus");
            if (last.Params is not null && (bool)last.Params["quiescent"]!) return;
            await Task.Delay(20);
        }
        throw new TimeoutException($"the server was still busy after {timeoutMs} ms");
    }

    /// <summary>Waits until a notification matching <paramref name="match"/> has arrived.</summary>
    public async Task<JToken> WaitForAsync(string method, Func<JToken, bool>? match = null, int timeoutMs = 60_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var (m, p) in Notifications)
                if (m == method && (match?.Invoke(p) ?? true)) return p;
            await Task.Delay(10);
        }
        throw new TimeoutException($"no {method} notification within {timeoutMs} ms");
    }
}
