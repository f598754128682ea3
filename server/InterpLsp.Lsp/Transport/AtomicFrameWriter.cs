using System.Globalization;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Lsp.Transport;

/// <summary>
/// The server's output stream (stdout), shared by StreamJsonRpc and <see cref="FrameGuard"/>.
/// Writes are buffered; <see cref="Flush"/>/<see cref="FlushAsync"/> write everything buffered
/// to the inner stream as one unit, under a lock that <see cref="WriteFrameAsync"/> also takes,
/// so the guard's own replies never land in the middle of a StreamJsonRpc message.
/// </summary>
/// <remarks>
/// This relies on StreamJsonRpc flushing only between messages. It does: HeaderDelimitedMessageHandler
/// writes header and body into a PipeWriter and MessageHandlerBase flushes it once per message;
/// for a Stream, Nerdbank.Streams' UsePipeWriter copies each flushed batch (whole messages only,
/// since a Pipe makes data visible at FlushAsync) to the stream and then calls FlushAsync.
/// A test checks this on the real stack (StreamJsonRpc_flushes_only_whole_messages).
/// Writing is expected from one writer at a time (StreamJsonRpc's copy loop); the buffer is
/// locked anyway.
/// </remarks>
public sealed class AtomicFrameWriter : Stream
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private readonly Stream _inner;
    private readonly OutgoingRequestTracker? _tracker;
    private readonly bool _leaveOpen;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly object _bufferLock = new();
    private MemoryStream _pending = new();
    private bool _disposed;

    /// <param name="inner">The real output, e.g. <c>Console.OpenStandardOutput()</c>.</param>
    /// <param name="tracker">If given, told about every request the server sends (see <see cref="OutgoingRequestTracker"/>).</param>
    /// <param name="leaveOpen">Whether disposing this stream leaves <paramref name="inner"/> open.</param>
    public AtomicFrameWriter(Stream inner, OutgoingRequestTracker? tracker = null, bool leaveOpen = false)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _tracker = tracker;
        _leaveOpen = leaveOpen;
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => !_disposed;

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        lock (_bufferLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _pending.Write(buffer);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush()
    {
        _gate.Wait();
        try
        {
            var chunk = TakePending();
            if (chunk.Length > 0) _inner.Write(chunk.Span);
            _inner.Flush();
        }
        finally { _gate.Release(); }
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var chunk = TakePending();
            if (chunk.Length > 0) await _inner.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
            await _inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally { _gate.Release(); }
    }

    /// <summary>Writes one whole message (Content-Length header + UTF-8 JSON) and flushes, atomically
    /// with respect to StreamJsonRpc's flushes.</summary>
    public async Task WriteFrameAsync(JToken message, CancellationToken cancellationToken = default)
    {
        byte[] frame = EncodeFrame(message);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            await _inner.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            await _inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally { _gate.Release(); }
    }

    /// <summary>"Content-Length: N\r\n\r\n" followed by the compact UTF-8 JSON of <paramref name="message"/>.</summary>
    public static byte[] EncodeFrame(JToken message)
    {
        byte[] body = Utf8.GetBytes(message.ToString(Formatting.None));
        byte[] header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n\r\n"));
        return [.. header, .. body];
    }

    private ReadOnlyMemory<byte> TakePending()
    {
        MemoryStream taken;
        lock (_bufferLock)
        {
            if (_pending.Length == 0) return ReadOnlyMemory<byte>.Empty;
            taken = _pending;
            _pending = new MemoryStream();
        }
        var chunk = new ReadOnlyMemory<byte>(taken.GetBuffer(), 0, (int)taken.Length);
        _tracker?.ObserveOutgoing(chunk);   // before the client can see (and answer) a request
        return chunk;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            try { Flush(); } catch (IOException) { } catch (ObjectDisposedException) { }
            _gate.Wait();
            try
            {
                _disposed = true;
                if (!_leaveOpen) _inner.Dispose();
            }
            finally { _gate.Release(); }
        }
        base.Dispose(disposing);
    }

    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
