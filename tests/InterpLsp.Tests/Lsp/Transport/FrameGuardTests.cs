using InterpLsp.Lsp;
using System.Text;
using InterpLsp.Lsp.Transport;
using Newtonsoft.Json.Linq;
using Xunit;
using static InterpLsp.Tests.Lsp.Transport.Frames;

namespace InterpLsp.Tests.Lsp.Transport;

public class FrameGuardTests
{
    private static readonly byte[] A = Frame(Request(1, "echo", "[1]"));
    private static readonly byte[] B = Frame("""{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"text":"λ 😀 中文"}}""");
    private static readonly byte[] C = Frame(Request("c-3", "echo", "[3]"), "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n");

    private static string Message(JObject reply) => (string)reply["error"]!["message"]!;

    [Fact]
    public async Task Valid_frames_pass_byte_identical()
    {
        var run = await GuardRun.RunAsync(Concat(A, B, C));
        Assert.Equal(Concat(A, B, C), run.Clean);
        Assert.Empty(run.Replies);
        Assert.Equal(3, run.Guard.FramesForwarded);
    }

    [Fact]
    public async Task Garbage_bytes_get_one_parse_error_then_resync()
    {
        byte[] garbage = [0x00, 0xFF, 0xFE, (byte)'j', (byte)'u', (byte)'n', (byte)'k', 0x01];
        var run = await GuardRun.RunAsync(Concat(A, garbage, B, "\r\nmore junk\r\n", C));
        Assert.Equal(Concat(A, B, C), run.Clean);
        Assert.Equal(2, run.Replies.Count);
        Assert.All(run.Replies, r => Assert.Equal(-32700, (int)r["error"]!["code"]!));
        Assert.All(run.Replies, r => Assert.Equal(JTokenType.Null, r["id"]!.Type));
        Assert.Contains("non-ASCII or control bytes", Message(run.Replies[0]));
        Assert.Contains("without ':'", Message(run.Replies[1]));
        Assert.Contains(run.Logs, l => l.StartsWith("resynchronised: skipped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Missing_content_length_is_reported_and_the_next_frame_is_found_mid_line()
    {
        // The bad frame's body is directly followed by the next frame, with no line break between.
        var run = await GuardRun.RunAsync(Concat(A, "Content-Type: application/vscode-jsonrpc\r\n\r\n{\"jsonrpc\":\"2.0\"}", B));
        Assert.Equal(Concat(A, B), run.Clean);
        Assert.Contains("missing Content-Length", Message(run.SingleError(-32700)));
    }

    [Theory]
    [InlineData("Content-Length: abc", "'abc' is not a number")]
    [InlineData("Content-Length: -5", "negative Content-Length")]
    [InlineData("Content-Length: 12x", "is not a number")]
    [InlineData("Content-Length: ", "empty Content-Length")]
    [InlineData("Content-Length: 99999999999999999999999", "too large")]
    [InlineData("X-Custom: 1", "unknown header 'X-Custom'")]
    public async Task Bad_content_length_is_reported(string headerLine, string expected)
    {
        var run = await GuardRun.RunAsync(Concat(headerLine, "\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"echo\"}", A, B));
        Assert.Equal(Concat(A, B), run.Clean);
        var reply = run.SingleError(-32700);
        Assert.Contains(expected, Message(reply));
        Assert.StartsWith("malformed message header: ", Message(reply));
    }

    [Fact]
    public async Task Header_line_over_8KB_is_reported()
    {
        var run = await GuardRun.RunAsync(Concat(A, "Content-Type: " + new string('a', 9000) + "\r\n\r\n{}", B));
        Assert.Equal(Concat(A, B), run.Clean);
        Assert.Contains("header line longer than 8,192 bytes", Message(run.SingleError(-32700)));
    }

    [Fact]
    public async Task Bare_lf_header_is_reported()
    {
        var run = await GuardRun.RunAsync(Concat("Content-Length: 2\n\n{}", A));
        Assert.Equal(A, run.Clean);
        Assert.Contains("not ended by CRLF", Message(run.SingleError(-32700)));
    }

    [Fact]
    public async Task Junk_glued_before_a_header_on_the_same_line_is_skipped()
    {
        var run = await GuardRun.RunAsync(Concat("garbage", A, B));
        Assert.Equal(Concat(A, B), run.Clean);
        Assert.Contains("unknown header 'garbageContent-Length'", Message(run.SingleError(-32700)));
    }

    [Fact]
    public async Task Non_canonical_headers_are_forwarded_in_canonical_form()
    {
        string body = Request(9, "echo", "[9]");
        var run = await GuardRun.RunAsync(Concat($"content-length:{Encoding.UTF8.GetByteCount(body)}  \r\nCONTENT-TYPE: application/vscode-jsonrpc; charset=utf8\r\n\r\n", body));
        Assert.Equal(Frame(body, "Content-Type: application/vscode-jsonrpc; charset=utf8\r\n"), run.Clean);
        Assert.Empty(run.Replies);
    }

    [Fact]
    public async Task Stray_blank_lines_between_frames_are_tolerated()
    {
        var run = await GuardRun.RunAsync(Concat(A, "\r\n\r\n", B));
        Assert.Equal(Concat(A, B), run.Clean);
        Assert.Empty(run.Replies);
    }

    [Fact]
    public async Task Unsupported_charset_rejects_just_that_frame()
    {
        var run = await GuardRun.RunAsync(Concat(Frame(Request(4, "echo", "[4]"), "Content-Type: application/json; charset=utf-16\r\n"), A));
        Assert.Equal(A, run.Clean);
        Assert.Contains("unsupported charset 'utf-16'", Message(run.SingleError(-32700)));
    }

    [Fact]
    public async Task Truncated_frame_at_eof_completes_the_clean_stream()
    {
        byte[] full = Frame(Request(2, "echo", "[2]"));
        var run = await GuardRun.RunAsync(Concat(A, full[..(full.Length - 5)]));
        Assert.Equal(A, run.Clean);
        Assert.Contains("input ended inside a message body", Message(run.SingleError(-32700)));
    }

    [Fact]
    public async Task Truncated_header_at_eof_is_reported()
    {
        var run = await GuardRun.RunAsync(Concat(A, "Content-Len"));
        Assert.Equal(A, run.Clean);
        Assert.Contains("input ended inside a message header", Message(run.SingleError(-32700)));
    }

    [Fact]
    public async Task Empty_input_just_ends()
    {
        var run = await GuardRun.RunAsync([]);
        Assert.Empty(run.Clean);
        Assert.Empty(run.Replies);
    }

    [Theory]
    [InlineData("{not json", -32700, null, "invalid JSON")]
    [InlineData("""{"jsonrpc":"2.0","id":7,"method":"echo","params":[1""", -32700, "7", "invalid JSON")]
    [InlineData("""{"jsonrpc":"2.0","id":8,"method":"echo"} trailing""", -32700, "8", "invalid JSON")]
    [InlineData("""{"jsonrpc":"2.0","id":6""", -32700, "6", "unexpected end")]
    [InlineData("[1,2", -32700, null, "unexpected end")]
    [InlineData("", -32700, null, "empty message body")]
    [InlineData("   ", -32700, null, "contains no JSON")]
    [InlineData("[1,2]", -32600, null, "batches are not part of LSP")]
    [InlineData("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\"}]", -32600, null, "batches")]
    [InlineData("\"just a string\"", -32600, null, "a string, not a JSON object")]
    [InlineData("{}", -32600, null, "\"jsonrpc\" must be \"2.0\"")]
    [InlineData("""{"jsonrpc":"1.0","id":"x","method":"echo"}""", -32600, "\"x\"", "\"jsonrpc\" must be")]
    [InlineData("""{"jsonrpc":"2.0","id":3}""", -32600, "3", "neither \"method\" nor")]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":5}""", -32600, "3", "\"method\" must be a string")]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":null}""", -32600, "3", "\"method\" must be a string")]
    [InlineData("""{"jsonrpc":"2.0","id":1.5,"method":"echo"}""", -32600, null, "not a non-integer number")]
    [InlineData("""{"jsonrpc":"2.0","id":{"a":1},"method":"echo"}""", -32600, null, "not an object")]
    [InlineData("""{"jsonrpc":"2.0","id":true,"method":"echo"}""", -32600, null, "not a boolean")]
    [InlineData("""{"jsonrpc":"2.0","id":99999999999999999999,"method":"echo"}""", -32600, null, "64-bit range")]
    public async Task Bad_bodies_are_answered(string body, int code, string? idJson, string expected)
    {
        var run = await GuardRun.RunAsync(Concat(Frame(body), A));
        Assert.Equal(A, run.Clean);
        var reply = run.SingleError(code);
        Assert.Contains(expected, Message(reply));
        Assert.Equal(idJson ?? "null", reply["id"]!.ToString(Newtonsoft.Json.Formatting.None));
    }

    [Fact]
    public async Task Invalid_utf8_is_a_parse_error()
    {
        byte[] body = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":1,"method":"echo","params":["xx"]}""");
        body[body.Length - 4] = 0xC3; // lone lead byte
        var run = await GuardRun.RunAsync(Concat(Frame(body), A));
        Assert.Equal(A, run.Clean);
        Assert.Contains("not valid UTF-8", Message(run.SingleError(-32700)));
    }

    [Fact]
    public async Task Date_like_string_ids_and_negative_ids_are_fine()
    {
        byte[] d = Frame("""{"jsonrpc":"2.0","id":"2024-01-01T00:00:00Z","method":"echo","params":[1]}""");
        byte[] n = Frame("""{"jsonrpc":"2.0","id":-5,"method":"echo","params":[1]}""");
        byte[] nul = Frame("""{"jsonrpc":"2.0","id":null,"method":"echo","params":[1]}""");
        var run = await GuardRun.RunAsync(Concat(d, n, nul));
        Assert.Equal(Concat(d, n, nul), run.Clean);
        Assert.Empty(run.Replies);
    }

    private const int Limit = 16 * 1024 * 1024;
    private const int Huge = 20 * 1024 * 1024;

    [Fact]
    public async Task Oversized_request_gets_invalid_request_with_its_id()
    {
        var run = await GuardRun.RunAsync(Concat(A, Frame(HugeMessage(Huge, "42", "textDocument/didOpen")), B), Limit);
        Assert.Equal(Concat(A, B), run.Clean);
        var reply = run.SingleError(-32600);
        Assert.Equal(42, (int)reply["id"]!);
        Assert.Equal("message of 20,971,520 bytes exceeds the 16,777,216-byte limit (method textDocument/didOpen)", Message(reply));
    }

    [Fact]
    public async Task Oversized_request_with_id_after_the_payload_is_still_identified()
    {
        var run = await GuardRun.RunAsync(Concat(Frame(HugeMessage(Huge, "\"late\"", "workspace/executeCommand", idLast: true)), B), Limit);
        Assert.Equal(B, run.Clean);
        Assert.Equal("late", (string)run.SingleError(-32600)["id"]!);
    }

    [Fact]
    public async Task Oversized_notification_gets_a_log_message()
    {
        var run = await GuardRun.RunAsync(Concat(Frame(HugeMessage(Huge, null, "textDocument/didChange")), A), Limit);
        Assert.Equal(A, run.Clean);
        var note = Assert.Single(run.Replies);
        Assert.Equal("window/logMessage", (string)note["method"]!);
        Assert.Equal(1, (int)note["params"]!["type"]!);
        Assert.Equal("message of 20,971,520 bytes exceeds the 16,777,216-byte limit (method textDocument/didChange)", (string)note["params"]!["message"]!);
        Assert.Null(note["id"]);
    }

    [Fact]
    public async Task Oversized_garbage_gets_invalid_request_with_null_id()
    {
        byte[] junk = new byte[2000];
        new Random(5).NextBytes(junk);
        var run = await GuardRun.RunAsync(Concat(Frame(junk), A), maxFrameBytes: 1000);
        Assert.Equal(A, run.Clean);
        var reply = run.SingleError(-32600);
        Assert.Equal(JTokenType.Null, reply["id"]!.Type);
        Assert.Equal("message of 2,000 bytes exceeds the 1,000-byte limit", Message(reply));
    }

    [Fact]
    public async Task Oversized_frame_cut_short_by_eof()
    {
        byte[] frame = Frame(HugeMessage(5000, "1", "x"));
        var run = await GuardRun.RunAsync(frame[..3000], maxFrameBytes: 1000);
        Assert.Empty(run.Clean);
        Assert.Contains("input ended after", Message(run.SingleError(-32600)));
    }

    [Fact]
    public async Task Responses_are_checked_against_the_servers_outstanding_requests()
    {
        var tracker = new OutgoingRequestTracker();
        tracker.ObserveOutgoing(Frame("""{"jsonrpc":"2.0","id":11,"method":"workspace/configuration","params":{"items":[]}}"""));
        tracker.ObserveOutgoing(Frame("""{"jsonrpc":"2.0","id":12,"result":null}"""));   // a response: not awaited
        Assert.Equal(1, tracker.PendingCount);

        byte[] good = Frame("""{"jsonrpc":"2.0","id":11,"result":[{}]}""");
        byte[] again = Frame("""{"jsonrpc":"2.0","id":11,"result":[{}]}""");           // already answered
        byte[] unknown = Frame("""{"jsonrpc":"2.0","id":12,"result":null}""");
        byte[] stringId = Frame("""{"jsonrpc":"2.0","id":"11","result":null}""");       // "11" is not 11
        byte[] badError = Frame("""{"jsonrpc":"2.0","id":11,"error":5}""");
        var run = await GuardRun.RunAsync(Concat(good, again, unknown, stringId, badError, A), tracker: tracker);
        Assert.Equal(Concat(good, A), run.Clean);
        Assert.Equal(4, run.Replies.Count);
        Assert.All(run.Replies, r => Assert.Equal("window/logMessage", (string)r["method"]!));
        Assert.Contains("unknown request id 11", (string)run.Replies[0]["params"]!["message"]!);
        Assert.Contains("unknown request id \"11\"", (string)run.Replies[2]["params"]!["message"]!);
        Assert.Contains("\"error\" is not an object", (string)run.Replies[3]["params"]!["message"]!);
    }

    [Fact]
    public async Task Every_kind_of_bad_input_in_one_stream()
    {
        byte[] input = Concat(
            "\x01\x02 noise ", A,
            "Content-Type: x\r\n\r\n{}",                       // no Content-Length
            B,
            "Content-Length: nope\r\n\r\n{}", C,
            Frame("{bad json"), A,
            Frame("[1]"), B,
            Frame(HugeMessage(Huge, "77", "textDocument/didOpen")), C,
            Frame(HugeMessage(Huge, null, "textDocument/didOpen")), A,
            Frame(Request(9, "echo"))[..20]);                   // truncated at EOF
        var run = await GuardRun.RunAsync(input, Limit);
        Assert.Equal(Concat(A, B, C, A, B, C, A), run.Clean);
        Assert.Equal(new[] { -32700, -32700, -32700, -32700, -32600, -32600, 0, -32700 },
            run.Replies.Select(r => r["error"] is { } e ? (int)e["code"]! : 0).ToArray());
        Assert.Equal(77, (int)run.Replies[5]["id"]!);
        Assert.Equal(7, run.Guard.FramesForwarded);
        Assert.Equal(8, run.Guard.ProblemsReported);
    }
}
