using InterpLsp.Lsp;
using System.Text;
using InterpLsp.Lsp.Transport;
using Newtonsoft.Json.Linq;
using Xunit;

namespace InterpLsp.Tests.Lsp.Transport;

public class ScannerTests
{
    private static string Cap(string json, int max)
    {
        using var r = new StringCappingReader(new StringReader(json), max);
        return r.ReadToEnd();
    }

    [Theory]
    [InlineData("""{"a":"abcdef","b":[1,"xy"]}""", 3, """{"a":"abc","b":[1,"xy"]}""")]
    [InlineData("""{"k":"ab\"cd"}""", 3, """{"k":"ab\""}""")]                 // escape kept whole
    [InlineData("""{"k":"abc\"d"}""", 3, """{"k":"abc"}""")]                  // escape dropped whole
    [InlineData("""{"k":"a\u00e9bc"}""", 2, """{"k":"a\u00e9"}""")]
    [InlineData("""{"k":"ab\u00e9c"}""", 2, """{"k":"ab"}""")]
    [InlineData("""{"k":"\\\\\\"}""", 1, """{"k":"\\"}""")]
    public void String_capping_keeps_json_valid(string input, int max, string expected)
    {
        string output = Cap(input, max);
        Assert.Equal(expected, output);
        JToken.Parse(output);
    }

    [Fact]
    public void String_capping_across_read_boundaries()
    {
        var rng = new Random(3);
        for (int i = 0; i < 200; i++)
        {
            var sb = new StringBuilder("{");
            for (int k = 0; k < 20; k++)
            {
                sb.Append($"\"k{k}\":\"");
                int n = rng.Next(40);
                for (int c = 0; c < n; c++) sb.Append(rng.Next(6) switch { 0 => "\\\"", 1 => "\\u00e9", 2 => "\\\\", 3 => "😀", _ => "z" });
                sb.Append("\",");
            }
            sb.Append("\"end\":1}");
            using var capped = new StringCappingReader(new OneCharAtATime(sb.ToString()), rng.Next(3, 8));   // keys are strings too: keep "end" whole
            var parsed = JObject.Parse(capped.ReadToEnd());
            Assert.Equal(1, (int)parsed["end"]!);
        }
    }

    private sealed class OneCharAtATime(string s) : TextReader
    {
        private int _pos;
        public override int Read(char[] buffer, int index, int count)
        {
            if (_pos >= s.Length || count == 0) return 0;
            buffer[index] = s[_pos++];
            return 1;
        }
    }

    [Fact]
    public void Oversize_scan_does_not_buffer_the_body()
    {
        byte[] body = Frames.HugeMessage(20 * 1024 * 1024, "\"id-at-end\"", "textDocument/didOpen", idLast: true);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var info = OversizeScanner.Scan(new MemoryStream(body));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal("textDocument/didOpen", info.Method);
        Assert.True(info.HasId);
        Assert.Equal("id-at-end", (string)info.Id!);
        Assert.True(allocated < 2 * 1024 * 1024, $"allocated {allocated:N0} bytes scanning 20 MB");
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":"m","params":{"text":"x"}}""", true, "3", "m")]
    [InlineData("""{"method":"m","params":{"id":5,"method":"inner"}}""", false, null, "m")]   // nested keys ignored
    [InlineData("""{"id":[1],"method":"m"}""", true, null, "m")]                             // present but invalid
    [InlineData("""{"id":7,"method":"m" garbage garbage""", true, "7", "m")]
    [InlineData("""{"id":7 @@@ "method":"m"}""", true, "7", null)]                          // garbage stops the scan
    [InlineData("""[{"id":1,"method":"m"}]""", false, null, null)]
    public void Oversize_scan_finds_top_level_id_and_method(string json, bool hasId, string? id, string? method)
    {
        var info = OversizeScanner.Scan(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(hasId, info.HasId);
        Assert.Equal(id, info.Id?.ToString(Newtonsoft.Json.Formatting.None));
        Assert.Equal(method, info.Method);
    }
}
