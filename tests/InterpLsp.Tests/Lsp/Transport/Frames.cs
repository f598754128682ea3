using InterpLsp.Lsp;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using InterpLsp.Lsp.Transport;
using Newtonsoft.Json.Linq;
using Xunit;

namespace InterpLsp.Tests.Lsp.Transport;

/// <summary>Building and strictly parsing LSP frames in tests.</summary>
internal static class Frames
{
    public static byte[] Frame(string json, string? extraHeaders = null) => Frame(Encoding.UTF8.GetBytes(json), extraHeaders);

    public static byte[] Frame(byte[] body, string? extraHeaders = null) =>
        [.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n{extraHeaders}\r\n"), .. body];

    public static byte[] Concat(params object[] parts)
    {
        var ms = new MemoryStream();
        foreach (var p in parts)
        {
            byte[] b = p switch { byte[] bytes => bytes, string s => Encoding.UTF8.GetBytes(s), _ => throw new ArgumentException() };
            ms.Write(b);
        }
        return ms.ToArray();
    }

    public static string Request(object id, string method, string paramsJson = "{}") =>
        $$"""{"jsonrpc":"2.0","id":{{(id is string s ? $"\"{s}\"" : Convert.ToString(id, CultureInfo.InvariantCulture))}},"method":"{{method}}","params":{{paramsJson}}}""";

    /// <summary>A body of exactly <paramref name="size"/> bytes: {"jsonrpc":"2.0",[id,]"method":M,"params":{"text":"xxx…"}[,tail]}.</summary>
    public static byte[] HugeMessage(int size, string? idJson, string method, bool idLast = false)
    {
        string head = idLast ? $"{{\"jsonrpc\":\"2.0\",\"method\":\"{method}\",\"params\":{{\"text\":\""
                             : $"{{\"jsonrpc\":\"2.0\",{(idJson is null ? "" : $"\"id\":{idJson},")}\"method\":\"{method}\",\"params\":{{\"text\":\"";
        string tail = idLast && idJson is not null ? $"\"}},\"id\":{idJson}}}" : "\"}}";
        var body = new byte[size];
        Encoding.ASCII.GetBytes(head).CopyTo(body, 0);
        body.AsSpan(head.Length, size - head.Length - tail.Length).Fill((byte)'x');
        Encoding.ASCII.GetBytes(tail).CopyTo(body, size - tail.Length);
        return body;
    }

    /// <summary>Strict parse of a byte stream that must consist of whole canonical frames.</summary>
    public static List<byte[]> SplitFrames(byte[] data)
    {
        var frames = new List<byte[]>();
        int pos = 0;
        while (pos < data.Length)
        {
            int headerEnd = data.AsSpan(pos).IndexOf("\r\n\r\n"u8);
            if (headerEnd < 0) throw new FormatException($"no header end at {pos}");
            string header = Encoding.ASCII.GetString(data, pos, headerEnd);
            var lengthLine = header.Split("\r\n").Single(l => l.StartsWith("Content-Length: ", StringComparison.Ordinal));
            int length = int.Parse(lengthLine["Content-Length: ".Length..], CultureInfo.InvariantCulture);
            int total = headerEnd + 4 + length;
            if (pos + total > data.Length) throw new FormatException($"frame at {pos} is cut short");
            frames.Add(data[pos..(pos + total)]);
            pos += total;
        }
        return frames;
    }

    public static JObject Body(byte[] frame)
    {
        int headerEnd = frame.AsSpan().IndexOf("\r\n\r\n"u8);
        return JObject.Parse(Encoding.UTF8.GetString(frame, headerEnd + 4, frame.Length - headerEnd - 4));
    }
}

/// <summary>Runs a FrameGuard over a fixed input and collects what comes out.</summary>
internal sealed class GuardRun
{
    public byte[] Clean = Array.Empty<byte>();
    public List<JObject> Replies = new();
    public List<string> Logs = new();
    public FrameGuard Guard = null!;

    public static async Task<GuardRun> RunAsync(byte[] input, int maxFrameBytes = FrameGuard.DefaultMaxFrameBytes, OutgoingRequestTracker? tracker = null)
    {
        var run = new GuardRun();
        var replies = new MemoryStream();
        var writer = new AtomicFrameWriter(replies, leaveOpen: true);
        var logs = new ConcurrentQueue<string>();
        run.Guard = new FrameGuard(new MemoryStream(input), writer, logs.Enqueue, maxFrameBytes, tracker);
        var guardTask = run.Guard.RunAsync();
        var clean = new MemoryStream();
        await run.Guard.CleanInput.CopyToAsync(clean);   // drains concurrently: the pipe applies back-pressure
        await guardTask.WaitAsync(TimeSpan.FromSeconds(60));
        run.Clean = clean.ToArray();
        run.Replies = Frames.SplitFrames(replies.ToArray()).Select(Frames.Body).ToList();
        run.Logs = logs.ToList();
        return run;
    }

    public JObject SingleError(int code)
    {
        var reply = Assert.Single(Replies);
        Assert.Equal(code, (int)reply["error"]!["code"]!);
        return reply;
    }
}
