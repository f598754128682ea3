using InterpLsp.Lsp;
using System.Text;
using InterpLsp.Lsp.Transport;
using Newtonsoft.Json.Linq;
using Xunit;

namespace InterpLsp.Tests.Lsp.Transport;

public class AtomicFrameWriterTests
{
    /// <summary>Records each Write call on the real output, to see what arrives as one unit.</summary>
    internal sealed class RecordingStream : Stream
    {
        private readonly object _lock = new();
        public List<byte[]> Writes { get; } = new();
        public int Flushes;
        public byte[] All() { lock (_lock) return Writes.SelectMany(w => w).ToArray(); }
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer) { lock (_lock) { Writes.Add(buffer.ToArray()); } }
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) { Write(buffer.AsSpan(offset, count)); return Task.CompletedTask; }
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default) { Write(buffer.Span); return default; }
        public override void Flush() => Interlocked.Increment(ref Flushes);
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    [Fact]
    public async Task Buffered_writes_reach_the_output_only_on_flush_as_one_write()
    {
        var rec = new RecordingStream();
        var writer = new AtomicFrameWriter(rec);
        writer.Write("Content-Length: 2\r\n\r\n"u8);
        await writer.WriteAsync(Encoding.ASCII.GetBytes("{}"));
        Assert.Empty(rec.Writes);
        await writer.FlushAsync();
        Assert.Equal("Content-Length: 2\r\n\r\n{}", Encoding.ASCII.GetString(Assert.Single(rec.Writes)));
    }

    [Fact]
    public async Task WriteFrameAsync_writes_a_whole_frame()
    {
        var rec = new RecordingStream();
        var writer = new AtomicFrameWriter(rec);
        await writer.WriteFrameAsync(GuardReplies.Error(null, -32700, "bad ü"));
        string frame = Encoding.UTF8.GetString(Assert.Single(rec.Writes));
        const string body = "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"bad ü\"}}";
        Assert.Equal($"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}", frame);
    }

    [Fact]
    public async Task Concurrent_flushes_and_guard_frames_never_interleave()
    {
        var rec = new RecordingStream();
        var writer = new AtomicFrameWriter(rec);
        var rpcSide = Task.Run(async () =>
        {
            for (int i = 0; i < 2000; i++)
            {
                byte[] frame = AtomicFrameWriter.EncodeFrame(new JObject { ["jsonrpc"] = "2.0", ["method"] = "n", ["params"] = new JArray(i, new string('p', i % 300)) });
                // Written in small pieces, as a pipe copy loop may, then flushed once.
                for (int k = 0; k < frame.Length; k += 7) await writer.WriteAsync(frame.AsMemory(k, Math.Min(7, frame.Length - k)));
                await writer.FlushAsync();
            }
        });
        var guardSide = Task.Run(async () =>
        {
            for (int i = 0; i < 2000; i++) await writer.WriteFrameAsync(GuardReplies.Error(i, -32600, "no"));
        });
        await Task.WhenAll(rpcSide, guardSide);
        var frames = Frames.SplitFrames(rec.All()).Select(Frames.Body).ToList();
        Assert.Equal(4000, frames.Count);
        Assert.Equal(Enumerable.Range(0, 2000), frames.Where(f => f["method"] is not null).Select(f => (int)f["params"]![0]!));
        // Every write on the real output is whole frames.
        Assert.All(rec.Writes, w => Frames.SplitFrames(w));
    }
}
