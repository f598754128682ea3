namespace InterpLsp.Lsp.Server;

/// <summary>The server's log: every line to stderr (stdout is the LSP channel); lines at info level and above
/// to the client as <c>window/logMessage</c> once a client is connected; and, while the client has set the trace
/// to <c>messages</c> or <c>verbose</c> (<c>$/setTrace</c>, or <c>trace</c> in initialize), the debug lines as
/// <c>$/logTrace</c>.</summary>
public sealed class ServerLog
{
    private readonly TextWriter _stderr;
    private Action<int, string>? _toClient;
    private Action<string>? _trace;

    /// <summary>"off", "messages" or "verbose" (LSP's TraceValue).</summary>
    public string Trace { get; set; } = "off";

    /// <summary>Connects the client's trace channel (<c>$/logTrace</c>).</summary>
    public void AttachTrace(Action<string> trace) => _trace = trace;

    public ServerLog(TextWriter stderr) => _stderr = stderr;

    /// <summary>Connects the client side: (LSP message type, text).</summary>
    public void AttachClient(Action<int, string> toClient) => _toClient = toClient;

    public void Error(string message) => Write(1, "error", message);
    public void Warning(string message) => Write(2, "warning", message);
    public void Info(string message) => Write(3, "info", message);
    public void Debug(string message)
    {
        Write(4, "debug", message, toClient: false);
        if (Trace is "messages" or "verbose")
        {
            try { _trace?.Invoke(message); }
            catch (Exception) { /* the connection is closing: stderr has it */ }
        }
    }

    private void Write(int type, string level, string message, bool toClient = true)
    {
        lock (_stderr) _stderr.WriteLine($"[{DateTime.UtcNow:HH:mm:ss.fff}] {level}: {message}");
        if (toClient)
        {
            try { _toClient?.Invoke(type, message); }
            catch (Exception) { /* the connection is closing: stderr has it */ }
        }
    }
}
