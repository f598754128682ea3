using InterpLsp.Lsp.Endpoints;
using InterpLsp.Lsp.Handlers;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Transport;
using InterpLsp.Analysis.Engine;
using Microsoft.VisualStudio.Threading;
using StreamJsonRpc;

namespace InterpLsp.Lsp.Server;

/// <summary>
/// Runs one LSP connection: the frame guard on the input, StreamJsonRpc on the clean frames, the handlers,
/// and the inference scheduler. Returns the process exit code (0 after shutdown + exit, 1 for exit without
/// shutdown or when the input ends without exit).
/// </summary>
public static class LspHost
{
    public static async Task<int> RunAsync(Stream input, Stream output, ModelRegistry models, TextWriter stderr,
        CancellationToken cancellation = default)
    {
        var log = new ServerLog(stderr);
        var tracker = new OutgoingRequestTracker();
        var writer = new AtomicFrameWriter(output, tracker, leaveOpen: true);
        // The guard answers each bad frame itself: its log lines go to stderr only, not again to the client.
        var guard = new FrameGuard(input, writer, m => log.Debug(m), FrameGuard.DefaultMaxFrameBytes, tracker);

        var formatter = new JsonMessageFormatter();
        LspJson.Apply(formatter.JsonSerializer);
        var rpc = new LspJsonRpc(new HeaderDelimitedMessageHandler(writer, guard.CleanInput, formatter), log)
        {
            // One handler at a time, in arrival order (so didChange edits apply in order); handlers that wait
            // for the model yield at their await and let the next message in.
            SynchronizationContext = new NonConcurrentSynchronizationContext(sticky: false),
            CancelLocallyInvokedMethodsWhenConnectionIsClosed = true,
        };

        using var engine = new InterpEngine(models, log.Debug);
        var session = new ServerSession(engine, log) { Rpc = rpc };
        var notifier = new ClientNotifier(session);
        log.AttachClient((type, message) =>
        {
            if (session.Initialized) _ = notifier.LogMessage(type, message);
        });
        log.AttachTrace(message =>
        {
            if (session.Initialized) _ = notifier.LogTrace(message);
        });
        var exitCode = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var configuration = new ConfigurationHandler(session, notifier);
        var queries = new ActivationQueries(session);
        var target = new LspTarget(session,
            new LifecycleHandler(session, configuration, notifier, code => exitCode.TrySetResult(code)),
            new TextSyncHandler(session),
            new SemanticTokensHandler(session, queries),
            new HoverHandler(session, queries),
            EndpointTable.Of(session),
            configuration);
        rpc.AddLocalRpcTarget(target, new JsonRpcTargetOptions { AllowNonPublicInvocation = false });
        target.Register(rpc);
        engine.Events += notifier.On;

        rpc.StartListening();
        var pump = guard.RunAsync(cancellation);
        var finished = await Task.WhenAny(rpc.Completion, exitCode.Task, Task.Delay(Timeout.Infinite, cancellation).ContinueWith(_ => { }));
        int code = exitCode.Task.IsCompleted ? exitCode.Task.Result : 1;
        log.Info(finished == exitCode.Task ? $"exit ({code})" : "input closed: exiting");
        rpc.Dispose();
        return code;
    }
}
