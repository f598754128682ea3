using System.Diagnostics;
using System.Text;
using InterpLsp.Tests.Support;
using Newtonsoft.Json.Linq;
using Xunit.Abstractions;
using static InterpLsp.Tests.Support.LspFraming;

namespace InterpLsp.Tests.Lsp;

/// <summary>
/// The real <c>interp-lsp serve</c> process, spoken to in raw bytes over stdin/stdout: malformed and hostile
/// input gets JSON-RPC errors (never a crash, never a stack trace), the server keeps answering afterwards,
/// and it exits promptly on shutdown + exit or when its input closes.
/// </summary>
public class RawStdioTests(ITestOutputHelper output)
{
    private const int TwentyMegabytes = 20 * 1024 * 1024;
    private static readonly TimeSpan ExitLimit = TimeSpan.FromSeconds(2);
    private static int Code(JObject reply) => (int)reply["error"]!["code"]!;

    [Fact]
    public void Bad_input_gets_error_replies_and_the_server_keeps_serving()
    {
        using var server = new LspProcess();
        try
        {
            server.SendFrame(Request(1, "initialize", """{"processId":null,"rootUri":null,"capabilities":{},"initializationOptions":{}}"""));
            var init = server.Reply(1, 60_000);
            Assert.NotNull(init["result"]?["capabilities"]);
            server.SendFrame(Notification("initialized"));
            int nextId = 100;
            AssertServes(server, ref nextId, "after initialize");

            // Garbage bytes where a header should be.
            server.Send(Encoding.Latin1.GetBytes("\x00\xff\x13 this is not a header\r\n\r\n"));
            ExpectError(server, null, -32700, "garbage bytes");
            AssertServes(server, ref nextId, "after garbage bytes");

            // Bad Content-Length values.
            server.Send(Encoding.ASCII.GetBytes("Content-Length: abc\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"interp/listDirections\",\"params\":{}}"));
            ExpectError(server, null, -32700, "a non-numeric Content-Length");
            AssertServes(server, ref nextId, "after a non-numeric Content-Length");

            server.Send(Encoding.ASCII.GetBytes("Content-Length: -7\r\n\r\n{}"));
            ExpectError(server, null, -32700, "a negative Content-Length");
            AssertServes(server, ref nextId, "after a negative Content-Length");

            // Invalid JSON (cut off), with a readable id.
            server.SendFrame("""{"jsonrpc":"2.0","id":3,"method":"interp/listDirections","params":""");
            ExpectError(server, 3, -32700, "invalid JSON");
            AssertServes(server, ref nextId, "after invalid JSON");

            // A JSON array (a batch, which LSP does not have).
            server.SendFrame("""[{"jsonrpc":"2.0","id":4,"method":"interp/listDirections","params":{}}]""");
            ExpectError(server, null, -32600, "a JSON array");
            AssertServes(server, ref nextId, "after a JSON array");

            // A 20 MB request: answered without being buffered whole.
            var sw = Stopwatch.StartNew();
            server.Send(Frame(Huge(TwentyMegabytes, 5, "textDocument/hover",
                """{"textDocument":{"uri":"file:///tmp/none.txt"},"position":{"line":0,"character":0}""")));
            var big = ExpectError(server, 5, -32600, "a 20 MB request");
            Assert.Contains("exceeds", (string)big["error"]!["message"]!);
            output.WriteLine($"20 MB request rejected in {sw.ElapsedMilliseconds} ms");
            AssertServes(server, ref nextId, "after a 20 MB request");

            // A 20 MB notification: must not be answered; the user hears of it through window/logMessage.
            sw.Restart();
            server.Send(Frame(Huge(TwentyMegabytes, null, "textDocument/didOpen",
                """{"textDocument":{"uri":"file:///tmp/big.txt","languageId":"plaintext","version":1,"text":"x"}""")));
            // (The server's log also echoes each rejection to the client as a type-2 logMessage; the guard's own is type 1.)
            var note = server.Notification("window/logMessage", m => (int?)m["params"]?["type"] == 1 &&
                ((string?)m["params"]?["message"])?.Contains("exceeds the", StringComparison.Ordinal) == true);
            Assert.Contains("textDocument/didOpen", (string)note["params"]!["message"]!);
            output.WriteLine($"20 MB notification rejected in {sw.ElapsedMilliseconds} ms: {note["params"]!["message"]}");
            AssertServes(server, ref nextId, "after a 20 MB notification");

            // Wrong parameter shapes.
            server.SendFrame(Request(6, "textDocument/hover", """{"textDocument":{"uri":"file:///tmp/none.txt"},"position":"bad"}"""));
            ExpectError(server, 6, -32602, "hover with \"position\": \"bad\"");
            AssertServes(server, ref nextId, "after hover with a bad position");

            server.SendFrame(Request(7, "interp/tokenActivations", """{"textDocument":5}"""));
            ExpectError(server, 7, -32602, "interp/tokenActivations with \"textDocument\": 5");
            AssertServes(server, ref nextId, "after tokenActivations with a bad textDocument");

            // An unknown method.
            server.SendFrame(Request(8, "interp/noSuchMethod", "{}"));
            ExpectError(server, 8, -32601, "an unknown method");
            AssertServes(server, ref nextId, "after an unknown method");

            // A second initialize is an invalid request.
            server.SendFrame(Request(9, "initialize", """{"processId":null,"rootUri":null,"capabilities":{}}"""));
            ExpectError(server, 9, -32600, "a second initialize");
            AssertServes(server, ref nextId, "after a second initialize");

            // No reply was left unexplained: nothing but notifications is pending.
            var pending = server.Pending(settleMs: 300);
            foreach (var m in pending) output.WriteLine("  notification: " + LspProcess.Short(m));
            var stray = pending.Where(m => m.ContainsKey("id")).ToList();
            Assert.True(stray.Count == 0, "unexpected replies: " + string.Join("\n", stray.Select(LspProcess.Short)));
            Assert.Null(server.ReaderFault);
            Assert.All(server.Received.Where(m => m["error"] is not null), AssertNoStackTrace);

            // shutdown, then exit: exit code 0, promptly.
            server.SendFrame(Request(10, "shutdown"));
            var shut = server.Reply(10);
            Assert.True(shut.ContainsKey("result") && shut["result"]!.Type == JTokenType.Null, "shutdown: " + LspProcess.Short(shut));
            sw.Restart();
            server.SendFrame("""{"jsonrpc":"2.0","method":"exit"}""");
            bool exited = server.Process.WaitForExit(ExitLimit);
            output.WriteLine($"exit after shutdown: process ended in {sw.ElapsedMilliseconds} ms");
            Assert.True(exited, $"the server did not exit within {ExitLimit.TotalSeconds} s of exit\nstderr:\n{server.Stderr}");
            Assert.Equal(0, server.Process.ExitCode);
        }
        finally
        {
            output.WriteLine("server stderr (tail):\n" + Tail(server.Stderr));
        }
    }

    [Fact]
    public void Requests_before_initialize_get_ServerNotInitialized_and_closing_stdin_ends_the_process()
    {
        using var server = new LspProcess();
        server.SendFrame(Request(1, "interp/listDirections"));
        var early = ExpectError(server, 1, -32002, "interp/listDirections before initialize");
        server.SendFrame(Request(2, "textDocument/hover", """{"textDocument":{"uri":"file:///tmp/a.txt"},"position":{"line":0,"character":0}}"""));
        ExpectError(server, 2, -32002, "hover before initialize");
        server.SendFrame(Request(3, "shutdown"));
        ExpectError(server, 3, -32002, "shutdown before initialize");
        output.WriteLine("before initialize: " + LspProcess.Short(early));

        // A notification before initialize is dropped (not answered), and initialize still works after all that.
        server.SendFrame(Notification("textDocument/didOpen", """{"textDocument":{"uri":"file:///tmp/a.txt","languageId":"plaintext","version":1,"text":"hello"}}"""));
        server.SendFrame(Request(4, "initialize", """{"processId":null,"rootUri":null,"capabilities":{}}"""));
        Assert.NotNull(server.Reply(4)["result"]?["capabilities"]);
        server.SendFrame(Notification("initialized"));
        int nextId = 100;
        AssertServes(server, ref nextId, "after initialize");
        Assert.DoesNotContain(server.Pending(settleMs: 200), m => m.ContainsKey("id"));

        var sw = Stopwatch.StartNew();
        server.CloseInput();
        bool exited = server.Process.WaitForExit(ExitLimit);
        output.WriteLine($"stdin closed (idle server): process ended in {sw.ElapsedMilliseconds} ms, exit code {(exited ? server.Process.ExitCode : -1)}");
        Assert.True(exited, $"the server did not exit within {ExitLimit.TotalSeconds} s of its input closing\nstderr:\n{server.Stderr}");
    }

    [Fact]
    public void Closing_stdin_ends_the_process_promptly_after_the_model_has_run()
    {
        var dir = Directory.CreateTempSubdirectory("interp-raw-");
        try
        {
            string repo = RepoRoot();
            string direction = Path.Combine(repo, "samples", "directions", "temperature.json");
            string text = "The kettle was warm when she came back into the kitchen.\n";
            string uri = new Uri(Path.Combine(dir.FullName, "a.txt")).AbsoluteUri;

            using var server = new LspProcess();
            server.SendFrame(Request(1, "initialize", new JObject
            {
                ["processId"] = null, ["rootUri"] = null, ["capabilities"] = new JObject(),
                ["initializationOptions"] = new JObject { ["directions"] = new JArray(direction) },
            }.ToString(Newtonsoft.Json.Formatting.None)));
            Assert.NotNull(server.Reply(1)["result"]);
            server.SendFrame(Notification("initialized"));
            server.SendFrame(Notification("textDocument/didOpen", new JObject
            {
                ["textDocument"] = new JObject { ["uri"] = uri, ["languageId"] = "plaintext", ["version"] = 1, ["text"] = text },
            }.ToString(Newtonsoft.Json.Formatting.None)));
            var sw = Stopwatch.StartNew();
            server.SendFrame(Request(2, "interp/tokenActivations", new JObject { ["textDocument"] = new JObject { ["uri"] = uri } }.ToString(Newtonsoft.Json.Formatting.None)));
            var acts = server.Reply(2, 90_000);
            Assert.True(acts["result"] is JObject, "tokenActivations: " + LspProcess.Short(acts) + "\nstderr:\n" + server.Stderr);
            Assert.Equal(1, (int)acts["result"]!["version"]!);
            Assert.Contains(acts["result"]!["tokens"]!, t => (string?)t["text"] == "warm" && (float)t["values"]![0]! > 0);
            output.WriteLine($"first tokenActivations (model load + analysis) took {sw.ElapsedMilliseconds} ms");

            // Keep the server busy with a request in flight, then close its input.
            server.SendFrame(Request(3, "textDocument/semanticTokens/full", new JObject { ["textDocument"] = new JObject { ["uri"] = uri } }.ToString(Newtonsoft.Json.Formatting.None)));
            sw.Restart();
            server.CloseInput();
            bool exited = server.Process.WaitForExit(ExitLimit);
            output.WriteLine($"stdin closed (model loaded): process ended in {sw.ElapsedMilliseconds} ms, exit code {(exited ? server.Process.ExitCode : -1)}");
            Assert.True(exited, $"the server did not exit within {ExitLimit.TotalSeconds} s of its input closing\nstderr:\n{server.Stderr}");
            Assert.Null(server.ReaderFault);
        }
        finally
        {
            try { dir.Delete(recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Takes the error reply for <paramref name="id"/> and checks its code and that it carries no stack trace.</summary>
    private JObject ExpectError(LspProcess server, int? id, int code, string input)
    {
        var reply = server.Reply(id);
        output.WriteLine($"{input} -> {LspProcess.Short(reply)}");
        Assert.True(reply["error"] is JObject, $"{input}: expected an error reply, got {LspProcess.Short(reply)}");
        Assert.True(code == Code(reply), $"{input}: expected error {code}, got {LspProcess.Short(reply)}");
        Assert.False(string.IsNullOrWhiteSpace((string?)reply["error"]!["message"]), $"{input}: error without a message");
        AssertNoStackTrace(reply);
        return reply;
    }

    private static void AssertNoStackTrace(JObject reply)
    {
        var error = (JObject)reply["error"]!;
        var data = error["data"];
        Assert.True(data is null || data.Type == JTokenType.Null, $"error carries data: {LspProcess.Short(reply)}");
        string all = error.ToString(Newtonsoft.Json.Formatting.None);
        Assert.DoesNotContain("   at ", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", all, StringComparison.Ordinal);
        Assert.DoesNotContain(".cs:line", all, StringComparison.Ordinal);
    }

    /// <summary>A valid request (interp/listDirections {}) still gets its result.</summary>
    private static void AssertServes(LspProcess server, ref int nextId, string when)
    {
        int id = nextId++;
        server.SendFrame(Request(id, "interp/listDirections", "{}"));
        var reply = server.Reply(id);
        Assert.True(reply["result"]?["directions"] is JArray, $"{when}: interp/listDirections got {LspProcess.Short(reply)}\nstderr:\n{server.Stderr}");
        Assert.False(server.Process.HasExited, $"{when}: the server exited");
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "InterpLsp.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("InterpLsp.sln not found above " + AppContext.BaseDirectory);
    }

    private static string Tail(string s, int max = 4000) => s.Length <= max ? s : "…" + s[^max..];
}
