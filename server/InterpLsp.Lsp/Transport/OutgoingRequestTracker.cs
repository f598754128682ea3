using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Newtonsoft.Json;

namespace InterpLsp.Lsp.Transport;

/// <summary>
/// Remembers the ids of requests the server has sent (e.g. workspace/configuration), so that the
/// guard can drop a client response whose id matches none of them: StreamJsonRpc treats such a
/// response as a protocol violation and disconnects ("A response was received without a request
/// having been sent"). <see cref="AtomicFrameWriter"/> feeds it every flushed chunk of output.
/// </summary>
public sealed class OutgoingRequestTracker
{
    private readonly ConcurrentDictionary<string, byte> _pending = new();

    public int PendingCount => _pending.Count;

    /// <summary>
    /// Records the ids of the requests among whole frames written by the server. Scanning stops at
    /// a message's first "result"/"error"/"params" member once the id and method are known, so
    /// large payloads are not parsed. Bytes that are not whole frames are ignored.
    /// </summary>
    public void ObserveOutgoing(ReadOnlyMemory<byte> frames)
    {
        while (!frames.IsEmpty)
        {
            int headerEnd = frames.Span.IndexOf("\r\n\r\n"u8);
            if (headerEnd < 0 || !TryContentLength(frames.Span[..headerEnd], out int length)) return;
            int bodyStart = headerEnd + 4;
            if (frames.Length - bodyStart < length) return;
            ObserveMessage(frames.Slice(bodyStart, length));
            frames = frames[(bodyStart + length)..];
        }
    }

    /// <summary>True (and forgets the id) if <paramref name="idKey"/> is a request the server is awaiting.</summary>
    public bool TryComplete(string idKey) => _pending.TryRemove(idKey, out _);

    private void ObserveMessage(ReadOnlyMemory<byte> body)
    {
        try
        {
            // Decode lazily (a stream, not one big string): the scan usually stops after a few members.
            var bytes = MemoryMarshal.TryGetArray(body, out var segment)
                ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(body.ToArray(), writable: false);
            using var text = new StreamReader(bytes, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 1024);
            using var reader = JsonRpcIds.CreateReader(text);
            if (!reader.Read() || reader.TokenType != JsonToken.StartObject) return;
            string? key = null;
            bool isRequest = false;
            while (reader.Read() && reader.TokenType == JsonToken.PropertyName)
            {
                string name = (string)reader.Value!;
                if (!reader.Read()) return;
                if (name == "id") JsonRpcIds.TryRead(reader, out _, out key, out _);
                else if (name == "method") isRequest = true;
                else if (name is "result" or "error") return;     // a response: nothing to await
                else reader.Skip();     // e.g. "params" before the id (StreamJsonRpc writes the id first)
                if (isRequest && key is not null) break;
            }
            if (isRequest && key is not null) _pending.TryAdd(key, 0);
        }
        catch (JsonException)
        {
            // Not ours to judge: the output is the server's own.
        }
    }

    private static bool TryContentLength(ReadOnlySpan<byte> header, out int length)
    {
        length = 0;
        foreach (var line in Encoding.ASCII.GetString(header).Split("\r\n"))
        {
            int colon = line.IndexOf(':');
            if (colon > 0 && line[..colon].Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                return int.TryParse(line[(colon + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out length);
        }
        return false;
    }
}
