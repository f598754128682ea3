using InterpLsp.Lsp.Protocol;

namespace InterpLsp.Lsp.Documents;

/// <summary>
/// Immutable index of the line starts of a string, converting between UTF-16 offsets (what
/// .NET strings use) and LSP positions in any <see cref="PositionEncoding"/>.
/// </summary>
/// <remarks>
/// <para>Lines end at "\n", "\r\n" or a lone "\r" (LSP counts all three). A document always has
/// at least one line; text ending in a line break has an empty last line.</para>
/// <para>Clamping (LSP: a character past the line length defaults back to the line length):
/// a character past the end of a line gives the end of the line's content (before its line
/// break); a line past the last gives the end of the document; negative values count as 0.</para>
/// <para>A position that falls inside a code point (between the two halves of a surrogate pair in
/// utf-16, or inside a multi-byte sequence in utf-8) snaps back to the start of that code point.
/// A lone surrogate counts as one code point: 1 UTF-16 unit, 3 UTF-8 bytes (as the U+FFFD it
/// would be encoded as), 1 UTF-32 unit.</para>
/// <para>Lookups are a binary search over line starts; only utf-8 and utf-32 scan the one line.</para>
/// </remarks>
public sealed class LineIndex
{
    private readonly int[] _lineStarts;

    public LineIndex(string text)
    {
        Text = text ?? throw new ArgumentNullException(nameof(text));
        _lineStarts = ComputeLineStarts(text);
    }

    private LineIndex(string text, int[] lineStarts)
    {
        Text = text;
        _lineStarts = lineStarts;
    }

    /// <summary>
    /// The index of the text with UTF-16 span [<paramref name="start"/>, <paramref name="end"/>)
    /// replaced by <paramref name="replacement"/>. Only the edited region is rescanned; the other
    /// line starts are copied (and shifted), so the cost is one copy of the text and of the
    /// line-start array, not a rescan of the document.
    /// </summary>
    public LineIndex WithEdit(int start, int end, string replacement)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        if (start < 0 || end < start || end > Text.Length) throw new ArgumentOutOfRangeException(nameof(start));
        string text = string.Concat(Text.AsSpan(0, start), replacement, Text.AsSpan(end));
        int delta = replacement.Length - (end - start);
        int newEnd = start + replacement.Length;

        // Whether p starts a line depends only on the characters at p-1 and p ("\r" followed by
        // "\n" is one break). So old starts p < start are unaffected, old starts p > end are
        // unaffected once shifted by delta, and only p in [start, newEnd] must be rescanned
        // (this catches a "\r" and "\n" joining or splitting at either edge of the edit).
        int keepBefore = LowerBound(_lineStarts, start);       // starts < start
        int shiftFrom = LowerBound(_lineStarts, end + 1);      // starts >= end + 1
        var middle = new List<int>();
        for (int p = Math.Max(start, 1); p <= newEnd; p++)
        {
            char prev = text[p - 1];
            if (prev == '\n' || (prev == '\r' && (p == text.Length || text[p] != '\n'))) middle.Add(p);
        }

        if (keepBefore == 0) { keepBefore = 1; }                // 0 is always a line start
        var starts = new int[keepBefore + middle.Count + (_lineStarts.Length - shiftFrom)];
        Array.Copy(_lineStarts, starts, keepBefore);
        middle.CopyTo(starts, keepBefore);
        for (int i = shiftFrom, j = keepBefore + middle.Count; i < _lineStarts.Length; i++, j++)
            starts[j] = _lineStarts[i] + delta;
        return new LineIndex(text, starts);
    }

    private static int LowerBound(int[] sorted, int value)
    {
        int i = Array.BinarySearch(sorted, value);
        return i >= 0 ? i : ~i;
    }

    public string Text { get; }

    public int LineCount => _lineStarts.Length;

    /// <summary>UTF-16 offset of the first character of <paramref name="line"/>.</summary>
    public int LineStart(int line) => _lineStarts[line];

    /// <summary>UTF-16 offset just past the line's content, i.e. of its line break (or the end of the text).</summary>
    public int LineContentEnd(int line)
    {
        if (line == _lineStarts.Length - 1) return Text.Length;
        int next = _lineStarts[line + 1];
        // The break before the next line is "\r\n" (2 units) or a lone "\n"/"\r" (1 unit).
        return next >= 2 && Text[next - 1] == '\n' && Text[next - 2] == '\r' ? next - 2 : next - 1;
    }

    /// <summary>The line containing UTF-16 <paramref name="offset"/> (clamped to the text).</summary>
    public int LineOf(int offset)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        int i = Array.BinarySearch(_lineStarts, offset);
        return i >= 0 ? i : ~i - 1;
    }

    /// <summary>UTF-16 offset of an LSP position, clamped as described on the class.</summary>
    public int OffsetAt(Position position, PositionEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(position);
        int line = position.Line;
        if (line < 0) return 0;
        if (line >= _lineStarts.Length) return Text.Length;
        int start = _lineStarts[line];
        int end = LineContentEnd(line);
        int character = Math.Max(0, position.Character);

        if (encoding == PositionEncoding.Utf16)
        {
            int offset = start + Math.Min(character, end - start);
            // Inside a surrogate pair: snap back to the high surrogate.
            if (offset > start && offset < end && char.IsHighSurrogate(Text[offset - 1]) && char.IsLowSurrogate(Text[offset]))
                offset--;
            return offset;
        }

        // utf-8 / utf-32: walk code points until the next one would pass `character` units.
        int i = start, units = 0;
        while (i < end)
        {
            int width = CodePointLength(i, end, out int unitCount, encoding);
            if (units + unitCount > character) break;   // target is inside (or at the start of) this code point
            units += unitCount;
            i += width;
        }
        return i;
    }

    /// <summary>LSP position of UTF-16 <paramref name="offset"/> (clamped to the text).</summary>
    /// <remarks>An offset inside a line break ("\r|\n") maps to the end of that line's content;
    /// an offset inside a surrogate pair maps to the start of the pair.</remarks>
    public Position PositionAt(int offset, PositionEncoding encoding)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        int line = LineOf(offset);
        int start = _lineStarts[line];
        int end = LineContentEnd(line);
        if (offset > end) offset = end;
        if (offset > start && offset < end && char.IsHighSurrogate(Text[offset - 1]) && char.IsLowSurrogate(Text[offset]))
            offset--;
        return new Position(line, CountUnits(start, offset, encoding));
    }

    /// <summary>Length of the line's content (without its line break) in <paramref name="encoding"/> units.</summary>
    public int LineLength(int line, PositionEncoding encoding) =>
        CountUnits(_lineStarts[line], LineContentEnd(line), encoding);

    private int CountUnits(int from, int to, PositionEncoding encoding)
    {
        if (encoding == PositionEncoding.Utf16) return to - from;
        int units = 0;
        for (int i = from; i < to;)
        {
            i += CodePointLength(i, to, out int unitCount, encoding);
            units += unitCount;
        }
        return units;
    }

    /// <summary>UTF-16 length (1 or 2) of the code point at <paramref name="i"/>, and its size in <paramref name="encoding"/>.</summary>
    private int CodePointLength(int i, int limit, out int unitCount, PositionEncoding encoding)
    {
        char c = Text[i];
        bool pair = char.IsHighSurrogate(c) && i + 1 < limit && char.IsLowSurrogate(Text[i + 1]);
        if (encoding == PositionEncoding.Utf32) unitCount = 1;
        else if (pair) unitCount = 4;
        else unitCount = c < 0x80 ? 1 : c < 0x800 ? 2 : 3; // lone surrogates fall in the 3-byte case (U+FFFD)
        return pair ? 2 : 1;
    }

    private static int[] ComputeLineStarts(string text)
    {
        var starts = new List<int> { 0 };
        var span = text.AsSpan();
        int i = 0;
        while (true)
        {
            int k = span[i..].IndexOfAny('\r', '\n');   // vectorised scan
            if (k < 0) break;
            i += k;
            if (span[i] == '\r' && i + 1 < span.Length && span[i + 1] == '\n') i++;
            i++;
            starts.Add(i);
        }
        return starts.ToArray();
    }
}
