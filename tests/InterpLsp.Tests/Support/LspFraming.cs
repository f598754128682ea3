using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Tests.Support;

/// <summary>LSP base-protocol frames as raw bytes, for tests that talk to the server byte by byte.</summary>
public static class LspFraming
{
    public static byte[] Frame(string json) => Frame(Encoding.UTF8.GetBytes(json));

    public static byte[] Frame(byte[] body) => [.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"), .. body];

    public static string Request(int id, string method, string paramsJson = "{}") =>
        $$"""{"jsonrpc":"2.0","id":{{id.ToString(CultureInfo.InvariantCulture)}},"method":"{{method}}","params":{{paramsJson}}}""";

    public static string Notification(string method, string paramsJson = "{}") =>
        $$"""{"jsonrpc":"2.0","method":"{{method}}","params":{{paramsJson}}}""";

    /// <summary>A JSON-RPC message of exactly <paramref name="size"/> bytes whose params are
    /// <paramref name="paramsHead"/> (a JSON object, without its closing brace) plus a "pad" string of 'x'.</summary>
    public static byte[] Huge(int size, int? id, string method, string paramsHead)
    {
        string head = $"{{\"jsonrpc\":\"2.0\",{(id is null ? "" : $"\"id\":{id},")}\"method\":\"{method}\",\"params\":{paramsHead},\"pad\":\"";
        const string tail = "\"}}";
        var body = new byte[size];
        Encoding.ASCII.GetBytes(head).CopyTo(body, 0);
        body.AsSpan(head.Length, size - head.Length - tail.Length).Fill((byte)'x');
        Encoding.ASCII.GetBytes(tail).CopyTo(body, size - tail.Length);
        return body;
    }

    /// <summary>Reads one frame strictly: header lines (Content-Length required; only Content-Length and
    /// Content-Type allowed), a blank line, then exactly that many bytes of UTF-8 JSON. Null at a clean end.</summary>
    public static JObject? ReadFrame(Stream input)
    {
        int? length = null;
        bool first = true;
        while (true)
        {
            string? line = ReadHeaderLine(input, allowEnd: first);
            if (line is null) return null;
            first = false;
            if (line.Length == 0) break;
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) throw new FormatException($"bad header line '{line}'");
            string name = line[..colon], value = line[(colon + 1)..].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                length = int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
            else if (!name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                throw new FormatException($"unexpected header '{line}'");
        }
        if (length is null) throw new FormatException("frame without Content-Length");
        var body = new byte[length.Value];
        input.ReadExactly(body);
        return JObject.Parse(new UTF8Encoding(false, true).GetString(body));
    }

    private static string? ReadHeaderLine(Stream input, bool allowEnd)
    {
        var sb = new StringBuilder();
        while (true)
        {
            int b = input.ReadByte();
            if (b < 0)
            {
                if (allowEnd && sb.Length == 0) return null;
                throw new EndOfStreamException("output ended inside a frame header");
            }
            if (b == '\r')
            {
                if (input.ReadByte() != '\n') throw new FormatException("CR not followed by LF in a header");
                return sb.ToString();
            }
            if (b > 127) throw new FormatException("non-ASCII byte in a header");
            sb.Append((char)b);
            if (sb.Length > 8192) throw new FormatException("header line too long");
        }
    }
}

/// <summary>
/// The real <c>interp-lsp serve</c> (the dll built beside the tests, run by <c>dotnet</c>) as a child process:
/// raw bytes in, strictly parsed frames out (collected by a reader thread), stderr kept for diagnostics.
/// </summary>
public sealed class LspProcess : IDisposable
{
    private readonly Process _process;
    private readonly Stream _stdin;
    private readonly Thread _reader;
    private readonly List<JObject> _inbox = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly object _gate = new();
    private string? _readerFault;
    private bool _outputEnded;

    public LspProcess()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "interp-lsp.dll");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add("serve");
        psi.Environment.Remove("INTERP_LSP_DEBUG");
        _process = Process.Start(psi)!;
        _stdin = _process.StandardInput.BaseStream;
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _stderr.Enqueue(e.Data); };
        _process.BeginErrorReadLine();
        var stdout = _process.StandardOutput.BaseStream;
        _reader = new Thread(() =>
        {
            try
            {
                while (LspFraming.ReadFrame(stdout) is { } message)
                    lock (_gate) { _inbox.Add(message); Monitor.PulseAll(_gate); }
            }
            catch (Exception ex)
            {
                lock (_gate) _readerFault = ex.GetType().Name + ": " + ex.Message;
            }
            finally
            {
                lock (_gate) { _outputEnded = true; Monitor.PulseAll(_gate); }
            }
        }) { IsBackground = true, Name = "lsp stdout reader" };
        _reader.Start();
    }

    public Process Process => _process;

    /// <summary>Everything received so far, in order, including messages already taken by <see cref="Take"/>.</summary>
    public List<JObject> Received { get; } = new();

    public string Stderr => string.Join('\n', _stderr);

    /// <summary>Set when the server's output was not well-formed frames.</summary>
    public string? ReaderFault { get { lock (_gate) return _readerFault; } }

    public void Send(byte[] bytes)
    {
        _stdin.Write(bytes);
        _stdin.Flush();
    }

    public void SendFrame(string json) => Send(LspFraming.Frame(json));

    public void CloseInput() => _stdin.Close();

    /// <summary>Removes and returns the first message (received or yet to come) that matches.</summary>
    public JObject Take(Func<JObject, bool> match, string what, int timeoutMs = 30_000)
    {
        var deadline = Stopwatch.StartNew();
        lock (_gate)
        {
            while (true)
            {
                int i = _inbox.FindIndex(m => match(m));
                if (i >= 0)
                {
                    var m = _inbox[i];
                    _inbox.RemoveAt(i);
                    Received.Add(m);
                    return m;
                }
                long left = timeoutMs - deadline.ElapsedMilliseconds;
                if (_outputEnded || left <= 0)
                    throw new Xunit.Sdk.XunitException(
                        $"no {what} {(_outputEnded ? "before the server's output ended" : $"within {timeoutMs} ms")}" +
                        (_readerFault is null ? "" : $"; output fault: {_readerFault}") +
                        $"\npending: {string.Join("\n  ", _inbox.Select(Short))}\nstderr:\n{Stderr}");
                Monitor.Wait(_gate, (int)Math.Min(left, 500));
            }
        }
    }

    /// <summary>The reply (result or error) to request <paramref name="id"/>; null takes a reply with id null.</summary>
    public JObject Reply(int? id, int timeoutMs = 30_000) => Take(m => m.ContainsKey("id") && !m.ContainsKey("method") &&
        (id is null ? m["id"]!.Type == JTokenType.Null : m["id"]!.Type == JTokenType.Integer && (int)m["id"]! == id), $"reply to id {id?.ToString(CultureInfo.InvariantCulture) ?? "null"}", timeoutMs);

    public JObject Notification(string method, Func<JObject, bool>? match = null, int timeoutMs = 30_000) =>
        Take(m => (string?)m["method"] == method && !m.ContainsKey("id") && (match?.Invoke(m) ?? true), $"{method} notification", timeoutMs);

    /// <summary>The messages not taken yet (after a short wait for stragglers).</summary>
    public List<JObject> Pending(int settleMs = 0)
    {
        if (settleMs > 0) Thread.Sleep(settleMs);
        lock (_gate) return _inbox.ToList();
    }

    public static string Short(JObject m)
    {
        string s = m.ToString(Newtonsoft.Json.Formatting.None);
        return s.Length <= 300 ? s : s[..300] + "…";
    }

    public void Dispose()
    {
        try { _stdin.Dispose(); } catch (IOException) { }
        if (!_process.WaitForExit(5000))
        {
            try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            _process.WaitForExit(5000);
        }
        _reader.Join(5000);
        _process.Dispose();
    }
}
