using InterpLsp.Lsp;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using InterpLsp.Lsp.Transport;
using Newtonsoft.Json.Linq;
using StreamJsonRpc;
using Xunit;
using Xunit.Abstractions;
using static InterpLsp.Tests.Lsp.Transport.Frames;

namespace InterpLsp.Tests.Lsp.Transport;

public class EndToEndTests(ITestOutputHelper output)
{
    private static int Code(JObject m) => (int)m["error"]!["code"]!;

    [Fact]
    public async Task Bad_inputs_get_errors_and_the_server_keeps_serving()
    {
        await using var h = new Harness(16 * 1024 * 1024);
        await h.SendAsync(Concat("\x00\xff\x13garbage\r\n"));
        await h.SendAsync(Frame(HugeMessage(20 * 1024 * 1024, "2", "textDocument/didOpen")));
        await h.SendAsync(Frame(Request(3, "echo", """{"x":{"nested":[1]}}""")));   // wrong parameter shape
        await h.SendAsync(Frame(Request(4, "noSuchMethod", "{}")));
        await h.SendAsync(Frame("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"echo\",\"params\":["));   // cut-off JSON
        await h.SendAsync(Frame(Request(5, "echo", "[5]")));

        // Guard replies are written at once, StreamJsonRpc's asynchronously: match by id, not order.
        var replies = await h.ReadAsync(6, 30000);
        foreach (var r in replies) output.WriteLine(r.ToString(Newtonsoft.Json.Formatting.None)[..Math.Min(240, r.ToString(Newtonsoft.Json.Formatting.None).Length)]);
        JObject ById(object? id) => replies.Single(r => JToken.DeepEquals(r["id"], id is null ? JValue.CreateNull() : JToken.FromObject(id)));

        Assert.Equal(-32700, Code(ById(null)));                                    // garbage: from the guard
        Assert.Contains("malformed message header", (string)ById(null)["error"]!["message"]!);
        Assert.Equal(-32600, Code(ById(2)));                                       // 20 MB: from the guard
        Assert.Equal("message of 20,971,520 bytes exceeds the 16,777,216-byte limit (method textDocument/didOpen)", (string)ById(2)["error"]!["message"]!);
        Assert.Equal(-32602, Code(ById(3)));                                       // StreamJsonRpc: InvalidParams
        Assert.Equal(-32601, Code(ById(4)));                                       // StreamJsonRpc: MethodNotFound
        Assert.Equal(-32700, Code(ById(6)));                                       // guard: id echoed
        Assert.Equal(5, (int)ById(5)["result"]!);
        Assert.Null(h.DisconnectReason);
    }

    [Fact]
    public async Task Server_requests_round_trip_and_stray_responses_are_dropped()
    {
        await using var h = new Harness();
        var pending = h.Rpc.InvokeAsync<JToken>("workspace/configuration", new { items = new[] { new { section = "interp" } } });
        JObject request = await h.ReadAsync();
        Assert.Equal("workspace/configuration", (string)request["method"]!);

        // A response to an id the server never used would make StreamJsonRpc disconnect.
        await h.SendAsync(Frame("""{"jsonrpc":"2.0","id":424242,"result":null}"""));
        var note = await h.ReadAsync();
        Assert.Equal("window/logMessage", (string)note["method"]!);

        await h.SendAsync(Frame(new JObject { ["jsonrpc"] = "2.0", ["id"] = request["id"], ["result"] = new JArray(new JObject { ["k"] = 1 }) }.ToString()));
        var answer = await pending.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, (int)answer[0]!["k"]!);

        await h.SendAsync(Frame(Request(1, "echo", "[1]")));
        Assert.Equal(1, (int)(await h.ReadAsync())["result"]!);
        Assert.Null(h.DisconnectReason);
        Assert.Equal(0, h.Tracker.PendingCount);
    }

    [Fact]
    public async Task End_of_input_ends_the_connection()
    {
        await using var h = new Harness();
        await h.SendAsync(Frame(Request(1, "echo", "[1]")));
        Assert.Equal(1, (int)(await h.ReadAsync())["result"]!);
        await h.Stdin.Writer.CompleteAsync();
        await h.Rpc.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        await h.GuardTask.WaitAsync(TimeSpan.FromSeconds(10));
        output.WriteLine($"disconnect: {h.DisconnectReason}");
        Assert.StartsWith("RemotePartyTerminated", h.DisconnectReason);   // StreamJsonRpc's reason for a clean end of stream
    }

    /// <summary>
    /// Why the guard exists: each of these makes a bare StreamJsonRpc 2.26 connection drop
    /// (a canary: if an upgrade starts tolerating one, the matching guard rule may be relaxed).
    /// </summary>
    [Theory]
    [InlineData("{not json", "ParseError")]
    [InlineData("[1,2]", "StreamError")]
    [InlineData("{}", "ParseError")]
    [InlineData("""{"jsonrpc":"1.0","id":1,"method":"echo","params":[1]}""", "ParseError")]
    [InlineData("""{"jsonrpc":"2.0","id":1.5,"method":"echo","params":[1]}""", "ParseError")]
    [InlineData("""{"jsonrpc":"2.0","id":99999999999999999999999,"method":"echo","params":[1]}""", "StreamError")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":null,"params":[1]}""", "ParseError")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":5}""", "RemoteProtocolViolation")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"error":5}""", "StreamError")]
    public async Task Without_the_guard_these_inputs_disconnect_StreamJsonRpc(string body, string reason)
    {
        var stdin = new Pipe();
        var stdout = new Pipe();
        using var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(stdout.Writer.AsStream(), stdin.Reader.AsStream()));
        rpc.AddLocalRpcTarget(new EchoServer(), new JsonRpcTargetOptions { MethodNameTransform = CommonMethodNameTransforms.CamelCase });
        string? actual = null;
        rpc.Disconnected += (_, e) => actual ??= e.Reason.ToString();
        rpc.StartListening();
        await stdin.Writer.WriteAsync(Frame(body));
        await rpc.Completion.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { });
        Assert.Equal(reason, actual);
    }

    [Fact]
    public async Task Ids_of_every_valid_kind_are_answered()
    {
        await using var h = new Harness();
        string[] ids = { "\"2024-01-01T00:00:00Z\"", "-5", "\"\"", "9223372036854775807" };
        foreach (var id in ids) await h.SendAsync(Frame($$"""{"jsonrpc":"2.0","id":{{id}},"method":"echo","params":[1]}"""));
        var replies = await h.ReadAsync(ids.Length, 10000);
        // JSON-RPC does not promise replies in the order the requests were sent: match them by id.
        string IdText(JObject r) => r["id"]!.ToString(Newtonsoft.Json.Formatting.None);
        Assert.Equal(ids.Order(StringComparer.Ordinal), replies.Select(IdText).Order(StringComparer.Ordinal));   // each id echoed exactly once
        foreach (var id in ids)
        {
            var reply = Assert.Single(replies, r => IdText(r) == id);
            Assert.Equal(1, (int)reply["result"]!);
        }
    }

    [Fact]
    public async Task Random_junk_never_disconnects_the_server()
    {
        await using var h = new Harness(maxFrameBytes: 4096);
        var rng = new Random(99);
        string[] templates =
        {
            Request(1, "echo", "[1]"), Request("s", "echo", "{\"x\":2}"), Request(3, "big", "[10]"),
            """{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":1}}""",
            """{"jsonrpc":"2.0","id":9,"result":{"a":[1,2]}}""", """{"jsonrpc":"2.0","id":9,"error":{"code":1,"message":"m"}}""",
        };
        string[] values = { "null", "1.5", "true", "{}", "[]", "\"\"", "-1", "1e400", "99999999999999999999", "\"2.0\"", "{\"a\":", "]" };
        var received = new System.Collections.Concurrent.ConcurrentQueue<JObject>();
        var drain = Task.Run(async () => { while (true) { try { received.Enqueue(await h.ReadAsync(30000)); } catch { return; } } });
        for (int i = 0; i < 2000; i++)
        {
            string t = templates[rng.Next(templates.Length)];
            byte[] body = Encoding.UTF8.GetBytes(t);
            switch (rng.Next(6))
            {
                case 0: body[rng.Next(body.Length)] = (byte)rng.Next(256); break;                          // flip a byte
                case 1: body = body[..rng.Next(body.Length)]; break;                                          // cut short
                case 2:                                                                                       // swap a value
                    string[] keys = { "\"id\":", "\"method\":", "\"params\":", "\"jsonrpc\":", "\"result\":", "\"error\":" };
                    string key = keys[rng.Next(keys.Length)];
                    int at = t.IndexOf(key, StringComparison.Ordinal);
                    if (at >= 0)
                    {
                        int end = at + key.Length;
                        int stop = end;
                        while (stop < t.Length && t[stop] != ',' && t[stop] != '}') stop++;
                        body = Encoding.UTF8.GetBytes(t[..end] + values[rng.Next(values.Length)] + t[stop..]);
                    }
                    break;
                case 3: await h.SendAsync(Encoding.Latin1.GetBytes(new string((char)rng.Next(256), rng.Next(1, 50)))); break; // raw junk
                case 4: body = Encoding.UTF8.GetBytes(new string('[', rng.Next(1, 3000)) + new string(']', rng.Next(1, 3000))); break;
            }
            await h.SendAsync(Frame(body));
        }
        await h.SendAsync(Frame(Request(777, "echo", "[777]")));
        var sw = System.Diagnostics.Stopwatch.StartNew();
        while (!received.Any(m => JToken.DeepEquals(m["id"], new JValue(777))) && sw.ElapsedMilliseconds < 20000) await Task.Delay(20);
        Assert.Contains(received, m => JToken.DeepEquals(m["id"], new JValue(777)) && JToken.DeepEquals(m["result"], new JValue(777)));
        Assert.Null(h.DisconnectReason);
        output.WriteLine($"forwarded {h.Guard.FramesForwarded}, rejected {h.Guard.ProblemsReported}");
    }
}
