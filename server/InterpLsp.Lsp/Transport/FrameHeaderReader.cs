using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace InterpLsp.Lsp.Transport;

internal enum HeaderOutcome
{
    /// <summary>A complete header block with a Content-Length; the body comes next.</summary>
    Frame,
    /// <summary>The input ended between frames.</summary>
    EndOfInput,
    /// <summary>The input ended inside a header block.</summary>
    Truncated,
    /// <summary>A header block that cannot be trusted; the caller must resynchronise.</summary>
    Malformed,
}

/// <param name="ContentLength">Body length (Frame only).</param>
/// <param name="ContentType">The validated Content-Type value, if one was sent.</param>
/// <param name="Problem">What was wrong. For a Frame, non-null means the frame is well delimited
/// but must be rejected (its body skipped): an unsupported Content-Type.</param>
internal readonly record struct HeaderResult(HeaderOutcome Outcome, long ContentLength = 0, string? ContentType = null, string? Problem = null);

/// <summary>
/// Parses the LSP base-protocol header block: lines "Name: value\r\n", ended by an empty line.
/// Only Content-Length (required) and Content-Type (optional, charset utf-8) exist in LSP, so
/// any other header line is treated as garbage: that also catches junk glued in front of a
/// real "Content-Length:" on the same line, which resynchronisation then recovers.
/// </summary>
/// <remarks>
/// StreamJsonRpc's own parser matches header names case-sensitively and faults on anything it
/// cannot parse, so the guard accepts names case-insensitively (as HTTP does) and re-emits a
/// canonical header block (see <see cref="FrameGuard"/>).
/// </remarks>
internal sealed class FrameHeaderReader(ByteSource source, int maxLineBytes)
{
    private static ReadOnlySpan<byte> ContentLengthColon => "content-length:"u8;

    public HeaderResult Read()
    {
        long? length = null;
        string? contentType = null;
        string? problem = null;
        bool sawHeader = false;

        while (true)
        {
            var (kind, lineLength, lineTotal) = PeekLine();
            switch (kind)
            {
                case LineKind.EndOfInput:
                    if (!sawHeader && source.Available.IsEmpty) return new(HeaderOutcome.EndOfInput);
                    source.Consume(source.Available.Length);
                    return new(HeaderOutcome.Truncated, Problem: "input ended inside a message header");
                case LineKind.TooLong:
                    source.Consume(1);   // resynchronise from inside this line
                    return Malformed(string.Create(CultureInfo.InvariantCulture, $"header line longer than {maxLineBytes:N0} bytes"), ReadOnlySpan<byte>.Empty);
                case LineKind.BareLineFeed:
                    string preview = Preview(source.Available[..lineLength]);
                    source.Consume(1);
                    return Malformed($"header line not ended by CRLF: \"{preview}\"", ReadOnlySpan<byte>.Empty);
            }

            ReadOnlySpan<byte> line = source.Available[..lineLength];
            if (line.IsEmpty)
            {
                source.Consume(lineTotal);
                // Blank lines before the first header (e.g. a stray CRLF after a body) are tolerated.
                if (!sawHeader) continue;
                if (length is null) return Malformed("missing Content-Length header", line);
                return new(HeaderOutcome.Frame, length.Value, contentType, problem);
            }

            sawHeader = true;
            string? lineProblem = ParseLine(line, ref length, ref contentType, ref problem);
            if (lineProblem is not null)
            {
                // Leave the rest of the line for resynchronisation: a real header may follow the junk.
                var result = Malformed(lineProblem, line);
                source.Consume(1);
                return result;
            }
            source.Consume(lineTotal);
        }
    }

    /// <summary>Returns an error for a line that makes the block untrustworthy, else null.</summary>
    private static string? ParseLine(ReadOnlySpan<byte> line, ref long? length, ref string? contentType, ref string? problem)
    {
        foreach (byte b in line)
        {
            if ((b < 0x20 && b != (byte)'\t') || b >= 0x7F) return "header contains non-ASCII or control bytes";
        }
        int colon = line.IndexOf((byte)':');
        if (colon < 0) return "header line without ':'";
        string name = Encoding.ASCII.GetString(line[..colon]);
        string value = Encoding.ASCII.GetString(line[(colon + 1)..]).Trim(' ', '\t');

        if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
        {
            if (length is not null) return "duplicate Content-Length header";
            if (value.Length == 0) return "empty Content-Length";
            if (value[0] == '-') return $"negative Content-Length '{Shorten(value)}'";
            if (!value.All(char.IsAsciiDigit)) return $"Content-Length '{Shorten(value)}' is not a number";
            if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long n)) return "Content-Length is too large";
            length = n;
            return null;
        }
        if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
        {
            if (contentType is not null) return "duplicate Content-Type header";
            contentType = value;
            problem ??= CheckContentType(value);
            return null;
        }
        return $"unknown header '{Shorten(name)}' (LSP defines only Content-Length and Content-Type)";
    }

    /// <summary>StreamJsonRpc throws (and disconnects) on a Content-Type it cannot parse or a charset
    /// other than utf-8; LSP allows only utf-8 (and "utf8", for backwards compatibility).</summary>
    private static string? CheckContentType(string value)
    {
        if (value.Length > 200) return "Content-Type header is too long";
        if (!MediaTypeHeaderValue.TryParse(value, out var mediaType)) return $"unparseable Content-Type '{Shorten(value)}'";
        string? charset = mediaType.CharSet;
        if (charset is null || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
            return null;
        return $"unsupported charset '{Shorten(charset)}' (LSP messages are UTF-8)";
    }

    private HeaderResult Malformed(string problem, ReadOnlySpan<byte> line) =>
        new(HeaderOutcome.Malformed, Problem: line.IsEmpty ? problem : $"{problem}: \"{Preview(line)}\"");

    private enum LineKind { Line, BareLineFeed, TooLong, EndOfInput }

    /// <summary>Finds the next line without consuming it. lineLength excludes the line break, lineTotal includes it.</summary>
    private (LineKind, int lineLength, int lineTotal) PeekLine()
    {
        int limit = maxLineBytes + 2;   // content plus CRLF
        while (true)
        {
            var available = source.Available;
            var window = available.Length > limit ? available[..limit] : available;
            int lf = window.IndexOf((byte)'\n');
            if (lf >= 0)
            {
                return lf > 0 && window[lf - 1] == (byte)'\r'
                    ? (LineKind.Line, lf - 1, lf + 1)
                    : (LineKind.BareLineFeed, lf, lf + 1);
            }
            if (available.Length >= limit) return (LineKind.TooLong, 0, 0);
            if (!source.Fill()) return (LineKind.EndOfInput, 0, 0);
        }
    }

    /// <summary>
    /// Skips input up to the next "Content-Length:" (any case). It is searched anywhere, not only at
    /// line starts: frames follow each other without a separator, so after a frame whose length
    /// could not be read, the next frame's header sits right after that frame's body, mid-line.
    /// A false match (the text inside a JSON string) cannot be followed by a real CRLF, since
    /// JSON escapes control characters, so it just fails once more and resynchronises again.
    /// </summary>
    /// <returns>The number of bytes skipped; <paramref name="found"/> is false if the input ended.</returns>
    public long Resynchronise(out bool found)
    {
        long skipped = 0;
        while (true)
        {
            var available = source.Available;
            int at = IndexOfContentLength(available);
            if (at >= 0)
            {
                source.Consume(at);
                found = true;
                return skipped + at;
            }
            // Keep a tail that could be the start of a match split across reads.
            int drop = Math.Max(0, available.Length - (ContentLengthColon.Length - 1));
            source.Consume(drop);
            skipped += drop;
            if (!source.Fill())
            {
                skipped += source.Available.Length;
                source.Consume(source.Available.Length);
                found = false;
                return skipped;
            }
        }
    }

    private static int IndexOfContentLength(ReadOnlySpan<byte> span)
    {
        int from = 0;
        while (true)
        {
            int k = span[from..].IndexOfAny((byte)'C', (byte)'c');
            if (k < 0) return -1;
            k += from;
            if (span.Length - k < ContentLengthColon.Length) return -1;
            if (System.Text.Ascii.EqualsIgnoreCase(span.Slice(k, ContentLengthColon.Length), ContentLengthColon)) return k;
            from = k + 1;
        }
    }

    /// <summary>Printable form of raw header bytes for error messages (at most 60 characters).</summary>
    internal static string Preview(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder();
        foreach (byte b in bytes[..Math.Min(bytes.Length, 60)])
        {
            if (b >= 0x20 && b < 0x7F && b != (byte)'"' && b != (byte)'\\') sb.Append((char)b);
            else sb.Append(CultureInfo.InvariantCulture, $"\\x{b:X2}");
        }
        if (bytes.Length > 60) sb.Append('…');
        return sb.ToString();
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
