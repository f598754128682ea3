using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Lsp.Transport;

/// <summary>
/// Sits between the raw input (stdin) and StreamJsonRpc. It reads LSP base-protocol frames and
/// forwards to <see cref="CleanInput"/> only frames StreamJsonRpc can digest; for everything
/// else it answers with a JSON-RPC error (through <see cref="AtomicFrameWriter.WriteFrameAsync"/>),
/// logs, and carries on, because StreamJsonRpc disconnects on a malformed frame or message.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Bad header block (no Content-Length, non-numeric or negative length, line over 8 KB,
/// unknown header, garbage bytes): -32700 with id null, then skip to the next "Content-Length:".</item>
/// <item>Body not UTF-8 JSON: -32700; JSON but not a usable JSON-RPC object (array/batch,
/// wrong "jsonrpc", bad id or method): -32600. The id is echoed when it could be read.</item>
/// <item>Body over maxFrameBytes: streamed through, never buffered whole, to find "id" and
/// "method"; a request gets -32600, a notification a window/logMessage (it must not be answered).</item>
/// <item>A client response the server cannot use (malformed, or for an id it never sent, when an
/// <see cref="OutgoingRequestTracker"/> is given): dropped, with a window/logMessage.</item>
/// <item>End of input: <see cref="CleanInput"/> is completed, so StreamJsonRpc sees end of stream.</item>
/// </list>
/// Forwarded frames keep their body byte for byte; the header block is re-emitted in canonical
/// form ("Content-Length: N\r\n", then "Content-Type: V\r\n" if one was sent, then "\r\n"),
/// identical to the input for any conventionally formatted frame.
/// The loop runs on a dedicated thread with blocking reads (stdin cannot be read asynchronously
/// anyway); cancellation is checked between frames, not during a blocked read.
/// </remarks>
public sealed class FrameGuard
{
    public const int DefaultMaxFrameBytes = 16 * 1024 * 1024;
    public const int MaxHeaderLineBytes = 8 * 1024;

    private readonly ByteSource _source;
    private readonly FrameHeaderReader _headers;
    private readonly AtomicFrameWriter _output;
    private readonly Action<string> _log;
    private readonly int _maxFrameBytes;
    private readonly OutgoingRequestTracker? _tracker;
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024, useSynchronizationContext: false));

    /// <param name="input">The raw input, e.g. <c>Console.OpenStandardInput()</c>.</param>
    /// <param name="output">Where error replies go; the same stream StreamJsonRpc writes to.</param>
    /// <param name="log">Receives one line per problem (the server sends these to stderr).</param>
    /// <param name="maxFrameBytes">Largest body forwarded; larger ones are rejected without being buffered.</param>
    /// <param name="tracker">Ids of the server's outstanding requests; see <see cref="OutgoingRequestTracker"/>.</param>
    public FrameGuard(Stream input, AtomicFrameWriter output, Action<string> log, int maxFrameBytes = DefaultMaxFrameBytes, OutgoingRequestTracker? tracker = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFrameBytes);
        _source = new ByteSource(input);
        _headers = new FrameHeaderReader(_source, MaxHeaderLineBytes);
        _output = output ?? throw new ArgumentNullException(nameof(output));
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _maxFrameBytes = maxFrameBytes;
        _tracker = tracker;
        CleanInput = _pipe.Reader.AsStream();
    }

    /// <summary>Well-formed frames only, for StreamJsonRpc to read. Ends when the input ends.</summary>
    public Stream CleanInput { get; }

    private long _framesForwarded, _problemsReported;

    /// <summary>Frames forwarded to <see cref="CleanInput"/> so far.</summary>
    public long FramesForwarded => Interlocked.Read(ref _framesForwarded);

    /// <summary>Problems found so far (each was logged, and answered where JSON-RPC allows).</summary>
    public long ProblemsReported => Interlocked.Read(ref _problemsReported);

    /// <summary>Starts the guard on a dedicated thread; the task completes at the end of the input.</summary>
    public Task RunAsync(CancellationToken cancellationToken = default) =>
        Task.Factory.StartNew(() => Run(cancellationToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested && ProcessOneFrame()) { }
        }
        catch (Exception ex)
        {
            _log($"frame guard stopped: {ex}");
        }
        finally
        {
            _pipe.Writer.Complete();
        }
    }

    /// <summary>Handles one frame (or one stretch of garbage). False when the guard should stop.</summary>
    private bool ProcessOneFrame()
    {
        HeaderResult header = _headers.Read();
        switch (header.Outcome)
        {
            case HeaderOutcome.EndOfInput:
                _log("end of input");
                return false;
            case HeaderOutcome.Truncated:
                Reply(null, GuardReplies.ParseError, header.Problem!);
                return false;
            case HeaderOutcome.Malformed:
                Reply(null, GuardReplies.ParseError, "malformed message header: " + header.Problem);
                long skipped = _headers.Resynchronise(out bool found);
                _log(found
                    ? Invariant($"resynchronised: skipped {skipped:N0} bytes to the next Content-Length header")
                    : Invariant($"skipped {skipped:N0} bytes to the end of input looking for a Content-Length header"));
                return found;
        }

        long length = header.ContentLength;
        if (length > _maxFrameBytes) return RejectOversized(length);

        if (header.Problem is not null)
        {
            bool complete = _source.Skip(length) == length;
            Reply(null, GuardReplies.ParseError, header.Problem);
            return complete;
        }

        var body = new byte[length];
        int read = _source.ReadExactly(body);
        if (read < length)
        {
            Reply(null, GuardReplies.ParseError, Invariant($"input ended inside a message body ({read:N0} of {length:N0} bytes)"));
            return false;
        }

        Inspection inspection = MessageInspector.Inspect(body, body.Length);
        if (inspection is { Verdict: Verdict.Forward, ResponseIdKey: { } key } && _tracker is not null && !_tracker.TryComplete(key))
            inspection = inspection with { Verdict = Verdict.DropResponse, Problem = $"response to an unknown request id {inspection.Id?.ToString(Newtonsoft.Json.Formatting.None)}" };

        switch (inspection.Verdict)
        {
            case Verdict.Forward:
                return Forward(header, body);
            case Verdict.ParseError:
                Reply(inspection.Id, GuardReplies.ParseError, inspection.Problem!);
                return true;
            case Verdict.InvalidRequest:
                Reply(inspection.Id, GuardReplies.InvalidRequest, inspection.Problem!);
                return true;
            default:
                Notify("dropped a response from the client: " + inspection.Problem);
                return true;
        }
    }

    private bool Forward(HeaderResult header, byte[] body)
    {
        var head = new StringBuilder().Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
        if (header.ContentType is not null) head.Append(CultureInfo.InvariantCulture, $"Content-Type: {header.ContentType}\r\n");
        head.Append("\r\n");
        _pipe.Writer.Write(Encoding.ASCII.GetBytes(head.ToString()));
        _pipe.Writer.Write(body);
        // Blocks while StreamJsonRpc is behind (back-pressure); this thread has nothing else to do.
        FlushResult result = _pipe.Writer.FlushAsync().AsTask().GetAwaiter().GetResult();
        Interlocked.Increment(ref _framesForwarded);
        if (result.IsCompleted)
        {
            _log("the JSON-RPC reader has stopped; the frame guard stops too");
            return false;
        }
        return true;
    }

    private bool RejectOversized(long length)
    {
        var body = new BoundedByteStream(_source, length);
        OversizeInfo info = OversizeScanner.Scan(body);
        bool complete = body.SkipRest();
        string message = Invariant($"message of {length:N0} bytes exceeds the {_maxFrameBytes:N0}-byte limit")
            + (info.Method is null ? "" : $" (method {info.Method})");
        if (!complete)
            message += Invariant($"; input ended after {length - body.Remaining:N0} bytes");

        // A notification (method, no id) must not be answered: tell the user instead.
        if (info.Method is not null && !info.HasId) Notify(message);
        else Reply(info.Id, GuardReplies.InvalidRequest, message);
        return complete;
    }

    private void Reply(JToken? id, int code, string message)
    {
        Interlocked.Increment(ref _problemsReported);
        _log($"rejected input ({code}): {message}");
        Send(GuardReplies.Error(id, code, message));
    }

    private void Notify(string message)
    {
        Interlocked.Increment(ref _problemsReported);
        _log("rejected input: " + message);
        Send(GuardReplies.LogMessage(message));
    }

    private void Send(JObject message)
    {
        try
        {
            _output.WriteFrameAsync(message).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            _log($"could not send the reply: {ex.Message}");
        }
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
