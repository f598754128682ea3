using InterpLsp.Lsp;
using InterpLsp.Lsp.Documents;
using InterpLsp.Lsp.Protocol;
using Xunit;

namespace InterpLsp.Tests.Lsp.Documents;

public class LineIndexTests
{
    public static TheoryData<PositionEncoding> Encodings => new() { PositionEncoding.Utf16, PositionEncoding.Utf8, PositionEncoding.Utf32 };

    private static Position P(int l, int c) => new(l, c);

    [Theory]
    [InlineData("", new[] { 0 })]
    [InlineData("abc", new[] { 0 })]
    [InlineData("a\nb", new[] { 0, 2 })]
    [InlineData("a\r\nb", new[] { 0, 3 })]
    [InlineData("a\rb", new[] { 0, 2 })]
    [InlineData("a\n", new[] { 0, 2 })]
    [InlineData("\r\r\n\n\r", new[] { 0, 1, 3, 4, 5 })]
    public void LineStarts_count_lf_crlf_and_lone_cr(string text, int[] expected)
    {
        var index = new LineIndex(text);
        Assert.Equal(expected, Enumerable.Range(0, index.LineCount).Select(index.LineStart).ToArray());
        Assert.Equal(TextOracle.LineStarts(text), expected);
    }

    [Fact]
    public void Surrogate_pair_in_each_encoding()
    {
        var index = new LineIndex("a😀b");   // a = 1/1/1 units, 😀 = 2 utf-16 units, 4 bytes, 1 code point
        Assert.Equal(P(0, 3), index.PositionAt(3, PositionEncoding.Utf16));
        Assert.Equal(P(0, 5), index.PositionAt(3, PositionEncoding.Utf8));
        Assert.Equal(P(0, 2), index.PositionAt(3, PositionEncoding.Utf32));
        Assert.Equal(3, index.OffsetAt(P(0, 3), PositionEncoding.Utf16));
        Assert.Equal(3, index.OffsetAt(P(0, 5), PositionEncoding.Utf8));
        Assert.Equal(3, index.OffsetAt(P(0, 2), PositionEncoding.Utf32));
    }

    [Fact]
    public void Position_inside_surrogate_pair_snaps_back_to_its_start()
    {
        var index = new LineIndex("a😀b");
        Assert.Equal(1, index.OffsetAt(P(0, 2), PositionEncoding.Utf16));   // between the two halves
        Assert.Equal(P(0, 1), index.PositionAt(2, PositionEncoding.Utf16));
        Assert.Equal(P(0, 1), index.PositionAt(2, PositionEncoding.Utf8));
        Assert.Equal(P(0, 1), index.PositionAt(2, PositionEncoding.Utf32));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Position_inside_utf8_sequence_snaps_back(int character)
    {
        var index = new LineIndex("a😀b");   // 😀 occupies bytes 1..4
        Assert.Equal(1, index.OffsetAt(P(0, character), PositionEncoding.Utf8));
        var index2 = new LineIndex("é€x");   // é = bytes 0..1, € = bytes 2..4
        Assert.Equal(0, index2.OffsetAt(P(0, 1), PositionEncoding.Utf8));
        Assert.Equal(1, index2.OffsetAt(P(0, 3), PositionEncoding.Utf8));
        Assert.Equal(1, index2.OffsetAt(P(0, 4), PositionEncoding.Utf8));
        Assert.Equal(2, index2.OffsetAt(P(0, 5), PositionEncoding.Utf8));
    }

    [Fact]
    public void Lone_surrogates_count_as_one_code_point()
    {
        var index = new LineIndex("\uD83Dx\uDE00y");   // high alone, then low alone
        Assert.Equal(P(0, 4), index.PositionAt(4, PositionEncoding.Utf16));
        Assert.Equal(P(0, 8), index.PositionAt(4, PositionEncoding.Utf8));   // 3 + 1 + 3 + 1
        Assert.Equal(P(0, 4), index.PositionAt(4, PositionEncoding.Utf32));
        Assert.Equal(1, index.OffsetAt(P(0, 3), PositionEncoding.Utf8));
        Assert.Equal(2, index.OffsetAt(P(0, 4), PositionEncoding.Utf8));
        Assert.Equal(2, index.OffsetAt(P(0, 2), PositionEncoding.Utf32));
        // A lone high surrogate at the end of a line is not "inside a pair" with the line break.
        var index2 = new LineIndex("\uD83D\nz");
        Assert.Equal(1, index2.OffsetAt(P(0, 1), PositionEncoding.Utf16));
        Assert.Equal(P(0, 1), index2.PositionAt(1, PositionEncoding.Utf16));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Character_past_line_end_clamps_to_line_content_end(PositionEncoding enc)
    {
        var index = new LineIndex("ab\r\ncd\ref\n");
        Assert.Equal(2, index.OffsetAt(P(0, 3), enc));     // not into the "\r\n"
        Assert.Equal(2, index.OffsetAt(P(0, 1000), enc));
        Assert.Equal(6, index.OffsetAt(P(1, 99), enc));     // before the lone "\r"
        Assert.Equal(9, index.OffsetAt(P(2, 5), enc));
        Assert.Equal(10, index.OffsetAt(P(3, 5), enc));     // empty last line
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Line_past_end_clamps_to_document_end_and_negatives_to_zero(PositionEncoding enc)
    {
        var index = new LineIndex("ab\ncd");
        Assert.Equal(5, index.OffsetAt(P(2, 0), enc));
        Assert.Equal(5, index.OffsetAt(P(int.MaxValue, int.MaxValue), enc));
        Assert.Equal(0, index.OffsetAt(P(-1, 3), enc));
        Assert.Equal(3, index.OffsetAt(P(1, -7), enc));
        Assert.Equal(P(1, 2), index.PositionAt(99, enc));
        Assert.Equal(P(0, 0), index.PositionAt(-4, enc));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Offset_inside_crlf_maps_to_line_content_end(PositionEncoding enc)
    {
        var index = new LineIndex("ab\r\ncd");
        Assert.Equal(P(0, 2), index.PositionAt(3, enc));
        Assert.Equal(P(1, 0), index.PositionAt(4, enc));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Round_trip_for_every_valid_position_and_clamps_otherwise(PositionEncoding enc)
    {
        var rt = new RandomText(1234);
        var texts = new List<string> { "", "\r\n", "a😀b\r\n中文\re\u0301\n👨\u200D👩\u200D👧\uD83D\n\uDE00€" };
        for (int i = 0; i < 60; i++) texts.Add(rt.Next(40));

        foreach (var text in texts)
        {
            var index = new LineIndex(text);
            var valid = new Dictionary<Position, int>();
            for (int o = 0; o <= text.Length; o++)
            {
                if (!TextOracle.IsAddressable(text, o)) continue;
                var p = TextOracle.PositionOf(text, o, enc);
                Assert.Equal(p, index.PositionAt(o, enc));
                Assert.Equal(o, index.OffsetAt(p, enc));
                valid[p] = o;
            }

            var starts = TextOracle.LineStarts(text);
            Assert.Equal(starts.Count, index.LineCount);
            for (int line = 0; line < starts.Count; line++)
            {
                int lineLength = TextOracle.Units(text[starts[line]..TextOracle.ContentEnd(text, starts, line)], enc);
                Assert.Equal(lineLength, index.LineLength(line, enc));
                for (int ch = 0; ch <= lineLength + 3; ch++)
                {
                    var p = new Position(line, ch);
                    int off = index.OffsetAt(p, enc);
                    var back = index.PositionAt(off, enc);
                    if (valid.TryGetValue(p, out int expected))
                    {
                        Assert.Equal(expected, off);
                        Assert.Equal(p, back);       // PositionAt(OffsetAt(p)) == p
                    }
                    else
                    {
                        // Not a code point boundary, or past the end: snaps back / clamps, never forward.
                        Assert.Equal(line, back.Line);
                        Assert.True(back.Character < ch, $"{p} -> {back} in {enc}");
                        Assert.True(valid.ContainsKey(back));
                    }
                }
            }
        }
    }
}
