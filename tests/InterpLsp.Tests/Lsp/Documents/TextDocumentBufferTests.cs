using InterpLsp.Lsp;
using System.Diagnostics;
using InterpLsp.Lsp.Documents;
using InterpLsp.Lsp.Protocol;
using Xunit;
using Xunit.Abstractions;
using Range = InterpLsp.Lsp.Protocol.Range;

namespace InterpLsp.Tests.Lsp.Documents;

public class TextDocumentBufferTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(PositionEncoding.Utf16, 1)]
    [InlineData(PositionEncoding.Utf16, 2)]
    [InlineData(PositionEncoding.Utf8, 1)]
    [InlineData(PositionEncoding.Utf8, 2)]
    [InlineData(PositionEncoding.Utf32, 1)]
    [InlineData(PositionEncoding.Utf32, 2)]
    public void Random_incremental_edits_match_a_reference_string(PositionEncoding enc, int seed)
    {
        var rt = new RandomText(seed * 7919 + (int)enc);
        var rng = rt.Rng;
        string reference = rt.Next(300);
        var buffer = new TextDocumentBuffer("file:///t.interp", "interp", 1, reference);
        int changesApplied = 0;

        for (int call = 0; call < 1200; call++)
        {
            // One didChange carries 1-3 changes; each is resolved against the previous one's result.
            var changes = new List<(Range?, string)>();
            int count = 1 + rng.Next(3);
            for (int c = 0; c < count; c++)
            {
                string insert = rt.Next(rng.Next(4) == 0 ? 12 : 4);
                if (rng.Next(200) == 0)
                {
                    insert = rt.Next(300);
                    changes.Add((null, insert));          // full replacement
                    reference = insert;
                    continue;
                }
                int a = rt.AddressableOffset(reference);
                int b = rng.Next(3) == 0 ? a : Math.Min(reference.Length, a + rng.Next(8));
                while (!TextOracle.IsAddressable(reference, b)) b++;
                Position start = TextOracle.PositionOf(reference, a, enc);
                Position end = TextOracle.PositionOf(reference, b, enc);

                if (rng.Next(10) == 0)
                {
                    // Express the end as "past the end of its line": must clamp to the line's content end.
                    var starts = TextOracle.LineStarts(reference);
                    int contentEnd = TextOracle.ContentEnd(reference, starts, end.Line);
                    b = contentEnd;
                    end = new Position(end.Line, TextOracle.Units(reference[starts[end.Line]..contentEnd], enc) + 1 + rng.Next(50));
                }
                if (rng.Next(25) == 0)
                {
                    end = new Position(int.MaxValue / 2, 0);     // line past the end: end of document
                    b = reference.Length;
                }
                changes.Add((new Range(start, end), insert));
                reference = string.Concat(reference.AsSpan(0, a), insert, reference.AsSpan(b));
            }

            buffer.ApplyChanges(changes, buffer.Version + 1, enc);
            changesApplied += changes.Count;
            Assert.Equal(reference, buffer.Text);
            // The incrementally maintained line starts must equal a fresh scan.
            var index = buffer.LineIndex;
            Assert.Equal(TextOracle.LineStarts(reference), Enumerable.Range(0, index.LineCount).Select(index.LineStart));
        }
        Assert.Equal(1201, buffer.Version);
        Assert.True(changesApplied >= 2000, $"only {changesApplied} changes");
        output.WriteLine($"{enc} seed {seed}: {changesApplied} changes, final length {reference.Length}");
    }

    [Fact]
    public void Changes_apply_in_order_against_previous_result()
    {
        var buffer = new TextDocumentBuffer("file:///a", "interp", 3, "hello world");
        buffer.ApplyChanges(new (Range?, string)[]
        {
            (new Range(new(0, 0), new(0, 5)), "goodbye"),          // "goodbye world"
            (new Range(new(0, 8), new(0, 13)), "moon\r\nnext"),    // positions refer to the new text
            (new Range(new(1, 0), new(1, 4)), "last"),
        }, 4, PositionEncoding.Utf16);
        Assert.Equal("goodbye moon\r\nlast", buffer.Text);
        Assert.Equal(4, buffer.Version);
        Assert.Equal(new Range(new(1, 0), new(1, 4)), buffer.RangeOf(14, 18, PositionEncoding.Utf16));
    }

    [Fact]
    public void Null_range_replaces_everything_and_failures_leave_buffer_unchanged()
    {
        var buffer = new TextDocumentBuffer("file:///a", "interp", 1, "abc");
        buffer.ApplyChanges(new (Range?, string)[] { (null, "x😀y"), (new Range(new(0, 1), new(0, 3)), "") }, 2, PositionEncoding.Utf16);
        Assert.Equal("xy", buffer.Text);
        Assert.Throws<ArgumentNullException>(() =>
            buffer.ApplyChanges(new (Range?, string)[] { (null, "zz"), (null, null!) }, 3, PositionEncoding.Utf16));
        Assert.Equal("xy", buffer.Text);
        Assert.Equal(2, buffer.Version);
    }

    [Fact]
    public void Reversed_range_is_swapped()
    {
        var buffer = new TextDocumentBuffer("file:///a", "interp", 1, "abcdef");
        buffer.ApplyChanges(new (Range?, string)[] { (new Range(new(0, 4), new(0, 1)), "-") }, 2, PositionEncoding.Utf8);
        Assert.Equal("a-ef", buffer.Text);
    }

    [Theory]
    [InlineData(12_000, 10_000)]    // ~2,000 words
    [InlineData(100_000, 2_000)]    // 100 KB
    public void Edits_stay_fast(int approxLength, int edits)
    {
        var rng = new Random(42);
        var sb = new System.Text.StringBuilder();
        string[] words = { "let", "x", "=", "λy.", "fold", "中文", "😀", "(+)", "value" };
        while (sb.Length < approxLength)
        {
            sb.Append(words[rng.Next(words.Length)]).Append(rng.Next(9) == 0 ? "\r\n" : " ");
        }
        var buffer = new TextDocumentBuffer("file:///big", "interp", 0, sb.ToString());
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < edits; i++)
        {
            int line = rng.Next(buffer.LineIndex.LineCount);
            var start = new Position(line, rng.Next(20));
            var end = new Position(line, start.Character + rng.Next(3));
            buffer.ApplyChanges(new (Range?, string)[] { (new Range(start, end), i % 2 == 0 ? "ab" : "😀") }, i + 1, PositionEncoding.Utf16);
        }
        sw.Stop();
        double perEditUs = sw.Elapsed.TotalMicroseconds / edits;
        output.WriteLine($"{buffer.Text.Length:N0} chars, {buffer.LineIndex.LineCount:N0} lines: {perEditUs:F1} µs per edit ({edits:N0} edits, {sw.ElapsedMilliseconds} ms)");
        Assert.True(perEditUs < 2_000, $"{perEditUs} µs per edit");
    }
}
