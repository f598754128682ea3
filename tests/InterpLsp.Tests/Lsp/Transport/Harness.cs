using InterpLsp.Lsp;
using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using InterpLsp.Lsp.Transport;
using Newtonsoft.Json.Linq;
using StreamJsonRpc;
using InterpLsp.Interp.IO;

namespace InterpLsp.Tests.Lsp.Transport;

public class EchoServer
{
    public int Echo(int x) => x;
    public string Big(int size) => new('b', size);
}

/// <summary>A StreamJsonRpc server behind a FrameGuard, with pipes standing in for stdin/stdout,
/// and a raw client on the other ends.</summary>
internal sealed class Harness : IAsyncDisposable
{
    public readonly Pipe Stdin = new(new PipeOptions(useSynchronizationContext: false));
    public readonly Pipe Stdout = new(new PipeOptions(useSynchronizationContext: false));
    public readonly ConcurrentQueue<string> Logs = new();
    public readonly OutgoingRequestTracker Tracker = new();
    public readonly AtomicFrameWriter Writer;
    public readonly FrameGuard Guard;
    public readonly JsonRpc Rpc;
    public readonly Task GuardTask;
    public volatile string? DisconnectReason;

    public Harness(int maxFrameBytes = FrameGuard.DefaultMaxFrameBytes)
    {
        Writer = new AtomicFrameWriter(Stdout.Writer.AsStream(), Tracker);
        Guard = new FrameGuard(Stdin.Reader.AsStream(), Writer, Logs.Enqueue, maxFrameBytes, Tracker);
        GuardTask = Guard.RunAsync();
        Rpc = new JsonRpc(new HeaderDelimitedMessageHandler(Writer, Guard.CleanInput));
        Rpc.AddLocalRpcTarget(new EchoServer(), new JsonRpcTargetOptions { MethodNameTransform = CommonMethodNameTransforms.CamelCase });
        Rpc.Disconnected += (_, e) => DisconnectReason ??= $"{e.Reason}: {e.Description}";
        Rpc.StartListening();
    }

    public async Task SendAsync(byte[] bytes)
    {
        // In slices, so that large frames arrive in many reads, as from a real pipe.
        for (int i = 0; i < bytes.Length; i += 1 << 20)
            await Stdin.Writer.WriteAsync(bytes.AsMemory(i, Math.Min(1 << 20, bytes.Length - i)));
    }

    /// <summary>Reads the next whole frame the server wrote.</summary>
    public async Task<JObject> ReadAsync(int timeoutMs = 15000)
    {
        using var cts = new CancellationTokenSource(timeoutMs);
        while (true)
        {
            ReadResult result = await Stdout.Reader.ReadAsync(cts.Token);
            var buffer = result.Buffer;
            if (TryTakeFrame(ref buffer, out JObject? message))
            {
                Stdout.Reader.AdvanceTo(buffer.Start);
                return message!;
            }
            if (result.IsCompleted) throw new EndOfStreamException("server output ended");
            Stdout.Reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public async Task<List<JObject>> ReadAsync(int count, int timeoutMs)
    {
        var list = new List<JObject>();
        for (int i = 0; i < count; i++) list.Add(await ReadAsync(timeoutMs));
        return list;
    }

    private static bool TryTakeFrame(ref ReadOnlySequence<byte> buffer, out JObject? message)
    {
        message = null;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> header, "\r\n\r\n"u8)) return false;
        string headerText = Encoding.ASCII.GetString(header.ToArray());
        int length = int.Parse(headerText.Split("\r\n").Single(l => l.StartsWith("Content-Length: ", StringComparison.Ordinal))[16..], CultureInfo.InvariantCulture);
        if (reader.Remaining < length) return false;
        var body = buffer.Slice(reader.Position, length);
        message = JObject.Parse(Encoding.UTF8.GetString(body.ToArray()));
        buffer = buffer.Slice(body.End);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await Stdin.Writer.CompleteAsync();
        Rpc.Dispose();
        try { await GuardTask.WaitAsync(TimeSpan.FromSeconds(10)); } catch (TimeoutException) { }
    }
}
