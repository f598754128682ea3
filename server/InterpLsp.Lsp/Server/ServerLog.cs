namespace InterpLsp.Lsp.Server;

/// <summary>The server's log: every line to stderr (stdout is the LSP channel), and lines at info level and
/// above to the client as <c>window/logMessage</c> once a client is connected.</summary>
public sealed class ServerLog
{
    private readonly TextWriter _stderr;
    private Action<int, string>? _toClient;

    public ServerLog(TextWriter stderr) => _stderr = stderr;

    /// <summary>Connects the client side: (LSP message type, text).</summary>
    public void AttachClient(Action<int, string> toClient) => _toClient = toClient;

    public void Error(string message) => Write(1, "error", message);
    public void Warning(string message) => Write(2, "warning", message);
    public void Info(string message) => Write(3, "info", message);
    public void Debug(string message) => Write(4, "debug", message, toClient: false);

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
