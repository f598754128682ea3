using InterpLsp.Lsp;
using InterpLsp.Lsp.Transport;
using System.IO.Pipelines;
using System.Text;
using Newtonsoft.Json.Linq;
using StreamJsonRpc;
using Xunit;
using Xunit.Abstractions;
using static InterpLsp.Tests.Lsp.Transport.Frames;

namespace InterpLsp.Tests.Lsp.Transport;

/// <summary>Checks the StreamJsonRpc behaviour that AtomicFrameWriter relies on.</summary>
public class StreamJsonRpcBehaviourTests(ITestOutputHelper output)
{
    /// <summary>An output stream that remembers where each flush happened.</summary>
    private sealed class FlushMarkingStream : Stream
    {
        private readonly object _lock = new();
        private readonly MemoryStream _data = new();
        public readonly List<long> FlushPoints = new();
        public int WriteCalls;
        public (byte[] Data, long[] Flushes) Snapshot() { lock (_lock) return (_data.ToArray(), FlushPoints.ToArray()); }
        public override void Write(ReadOnlySpan<byte> buffer) { lock (_lock) { _data.Write(buffer); WriteCalls++; } }
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default) { Write(buffer.Span); return default; }
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) { Write(buffer.AsSpan(offset, count)); return Task.CompletedTask; }
        public override void Flush() { lock (_lock) FlushPoints.Add(_data.Length); }
        public override Task FlushAsync(CancellationToken ct) { Flush(); return Task.CompletedTask; }
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
    public async Task StreamJsonRpc_flushes_only_whole_messages()
    {
        var stdin = new Pipe();
        var stdout = new FlushMarkingStream();
        using var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(stdout, stdin.Reader.AsStream()));
        rpc.AddLocalRpcTarget(new EchoServer(), new JsonRpcTargetOptions { MethodNameTransform = CommonMethodNameTransforms.CamelCase });
        rpc.StartListening();

        var rng = new Random(8);
        int requests = 150, notifications = 150;
        var input = new MemoryStream();
        for (int i = 0; i < requests; i++)
            input.Write(Frame(Request(i, "big", $"[{(rng.Next(4) == 0 ? rng.Next(100_000, 400_000) : rng.Next(1, 2000))}]")));
        var notify = Enumerable.Range(0, notifications).Select(i => Task.Run(() => rpc.NotifyAsync("window/logMessage", new { type = 3, message = new string('n', i * 97) })));
        await stdin.Writer.WriteAsync(input.ToArray());
        await Task.WhenAll(notify);

        var sw = System.Diagnostics.Stopwatch.StartNew();
        while (sw.ElapsedMilliseconds < 20000)
        {
            var (data, _) = stdout.Snapshot();
            try { if (SplitFrames(data).Count == requests + notifications) break; } catch (FormatException) { }
            await Task.Delay(20);
        }
        var (all, flushes) = stdout.Snapshot();
        Assert.Equal(requests + notifications, SplitFrames(all).Count);

        // Every flush falls on a message boundary: the bytes between two flushes are whole frames.
        long previous = 0;
        int maxPerFlush = 0;
        foreach (long point in flushes.Distinct())
        {
            var chunk = all[(int)previous..(int)point];
            maxPerFlush = Math.Max(maxPerFlush, SplitFrames(chunk).Count);
            previous = point;
        }
        Assert.Equal(all.Length, previous);
        output.WriteLine($"{requests + notifications} messages, {flushes.Length} flushes, {stdout.WriteCalls} write calls, at most {maxPerFlush} message(s) per flush");
    }

    [Theory]
    [InlineData("""{"x":{"nested":[1]}}""", -32602)]   // wrong parameter shape: InvalidParams
    [InlineData("\"str\"", -32602)]
    [InlineData("[\"notint\"]", -32602)]
    public async Task StreamJsonRpc_answers_bad_parameters_with_invalid_params(string paramsJson, int code)
    {
        await using var h = new Harness();
        await h.SendAsync(Frame(Request(1, "echo", paramsJson)));
        var reply = await h.ReadAsync();
        Assert.Equal(code, (int)reply["error"]!["code"]!);
        string text = reply.ToString(Newtonsoft.Json.Formatting.None);
        output.WriteLine(text[..Math.Min(200, text.Length)]);
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("")]      // an empty method name is answered too (the guard lets it through)
    public async Task StreamJsonRpc_answers_unknown_methods_with_method_not_found(string method)
    {
        await using var h = new Harness();
        await h.SendAsync(Frame(Request(1, method, "{}")));
        var reply = await h.ReadAsync();
        Assert.Equal(-32601, (int)reply["error"]!["code"]!);
        Assert.Equal($"No method by the name '{method}' is found.", (string)reply["error"]!["message"]!);
    }
}
