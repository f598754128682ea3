namespace InterpLsp.Analysis.Corpora;

/// <summary>Cuts a text into paragraphs (runs of non-blank lines, separated by blank or whitespace-only lines),
/// each trimmed of surrounding whitespace, and cuts a paragraph longer than the limit at a sentence end, else at
/// whitespace, else anywhere (never inside a surrogate pair). Each piece is an exact span of the text.</summary>
public static class Paragraphs
{
    /// <summary>Longest piece, in UTF-16 code units.</summary>
    public const int DefaultMaxChars = 2000;

    /// <summary>The pieces as (offset, length) into <paramref name="text"/>, in order.</summary>
    public static IEnumerable<(int Offset, int Length)> Split(string text, int maxChars = DefaultMaxChars)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, 2);
        int pos = 0, n = text.Length, start = -1, end = -1;
        while (pos < n)
        {
            int lineEnd = text.AsSpan(pos).IndexOfAny('\n', '\r');
            lineEnd = lineEnd < 0 ? n : pos + lineEnd;
            if (text.AsSpan(pos, lineEnd - pos).IsWhiteSpace())
            {
                if (start >= 0) foreach (var p in Cut(text, start, end, maxChars)) yield return p;
                start = -1;
            }
            else
            {
                if (start < 0) start = pos;
                end = lineEnd;
            }
            pos = lineEnd;
            if (pos < n) pos += text[pos] == '\r' && pos + 1 < n && text[pos + 1] == '\n' ? 2 : 1;
        }
        if (start >= 0) foreach (var p in Cut(text, start, end, maxChars)) yield return p;
    }

    private static IEnumerable<(int, int)> Cut(string text, int start, int end, int maxChars)
    {
        while (true)
        {
            while (start < end && char.IsWhiteSpace(text[start])) start++;
            while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
            if (start >= end) yield break;
            if (end - start <= maxChars) { yield return (start, end - start); yield break; }
            int cut = Break(text, start, start + maxChars);
            int pieceEnd = cut;
            while (pieceEnd > start && char.IsWhiteSpace(text[pieceEnd - 1])) pieceEnd--;
            yield return (start, pieceEnd - start);
            start = cut;
        }
    }

    /// <summary>Where to cut in (start, limit]: after the last sentence end in its second half, else at its last
    /// whitespace there, else at the limit.</summary>
    private static int Break(string text, int start, int limit)
    {
        int floor = start + (limit - start) / 2;
        for (int i = limit; i > floor; i--)
            if (char.IsWhiteSpace(text[i]) && text[i - 1] is '.' or '!' or '?') return i;
        for (int i = limit; i > floor; i--)
            if (char.IsWhiteSpace(text[i])) return i;
        return char.IsLowSurrogate(text[limit]) ? limit - 1 : limit;
    }
}
