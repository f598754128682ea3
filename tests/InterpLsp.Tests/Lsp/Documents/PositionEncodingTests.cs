using InterpLsp.Lsp;
using InterpLsp.Lsp.Documents;
using InterpLsp.Lsp.Protocol;
using Newtonsoft.Json;
using Xunit;
using Range = InterpLsp.Lsp.Protocol.Range;

namespace InterpLsp.Tests.Lsp.Documents;

public class PositionEncodingTests
{
    [Theory]
    [InlineData(null, PositionEncoding.Utf16)]
    [InlineData(new string[0], PositionEncoding.Utf16)]
    [InlineData(new[] { "utf-8" }, PositionEncoding.Utf8)]
    [InlineData(new[] { "utf-32", "utf-8" }, PositionEncoding.Utf32)]
    [InlineData(new[] { "utf-8", "utf-16" }, PositionEncoding.Utf16)]     // utf-16 preferred when offered
    [InlineData(new[] { "latin-1", "utf-8" }, PositionEncoding.Utf8)]    // unknown offers skipped
    [InlineData(new[] { "UTF-8" }, PositionEncoding.Utf16)]              // names are exact
    [InlineData(new[] { "ebcdic" }, PositionEncoding.Utf16)]             // nothing supported: the default
    public void Negotiate_picks_per_lsp_3_17(string[]? offers, PositionEncoding expected) =>
        Assert.Equal(expected, PositionEncodings.Negotiate(offers));

    [Fact]
    public void Lsp_names()
    {
        Assert.Equal("utf-16", PositionEncoding.Utf16.ToLspName());
        Assert.Equal("utf-8", PositionEncoding.Utf8.ToLspName());
        Assert.Equal("utf-32", PositionEncoding.Utf32.ToLspName());
    }

    [Fact]
    public void Position_and_range_serialise_camel_case()
    {
        var range = new Range(new Position(1, 2), new Position(3, 4));
        string json = JsonConvert.SerializeObject(range);
        Assert.Equal("""{"start":{"line":1,"character":2},"end":{"line":3,"character":4}}""", json);
        Assert.Equal(range, JsonConvert.DeserializeObject<Range>(json));
    }
}
