using System.Text;
using InterpLsp.Interp.Directions;
using InterpLsp.Interp.IO;

namespace InterpLsp.Interp.Text;

/// <summary>A text the tool refuses to analyse; the message is one line naming the problem.</summary>
public sealed class TextInputException(string message) : Exception(message);

/// <summary>Checks on a text before it reaches the tokenizer and the model.</summary>
public static class TextChecks
{
    /// <summary>Default largest document analysed (characters). 100,000-character documents are routine;
    /// a 5 MB file would take minutes on a CPU and is refused unless the limit is raised.</summary>
    public const int DefaultMaxChars = 1_000_000;

    /// <summary>Reads a file as strict UTF-8 (a BOM is allowed) and checks it. Only a regular file is read (a FIFO, a
    /// device such as /dev/zero, or a link to one is refused before it is opened), at most 4 bytes per allowed character.</summary>
    public static string ReadFile(string path, int maxChars = DefaultMaxChars, CancellationToken cancellationToken = default)
    {
        var shown = Echo.Origin(path);
        if (Directory.Exists(path)) throw new TextInputException($"{shown} is a folder, not a text file");
        if (!File.Exists(path)) throw new TextInputException($"{shown}: no such file");
        // UTF-8 needs at least one byte per char: a file larger than 4 bytes per allowed char is surely too long.
        long maxBytes = (long)Math.Max(0, maxChars) * 4;
        Exception Fail(string problem) => new TextInputException($"{shown} {problem}");
        byte[] bytes;
        using (var handle = SafeFile.Open(path, Fail, maxBytes: null, cancellationToken))
        {
            long length = RandomAccess.GetLength(handle);
            if (length > maxBytes)
                throw new TextInputException($"{shown} is {length:N0} bytes; the limit is {maxChars:N0} characters (raise it with --max-chars)");
            bytes = SafeFile.ReadAll(handle, Fail, maxBytes, cancellationToken);
        }
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            int at = e.Index >= 0 ? e.Index : 0;
            throw new TextInputException($"{shown} is not valid UTF-8 (bad byte sequence at byte {at}); is it a binary file or another encoding?");
        }
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        Check(text, shown, maxChars);
        return text;
    }

    /// <summary>Refuses empty, binary, over-long text and lone surrogates, naming the problem.</summary>
    public static void Check(string text, string what, int maxChars = DefaultMaxChars)
    {
        if (text.Length == 0) throw new TextInputException($"{what} is empty: there is nothing to tokenize");
        if (text.Length > maxChars)
            throw new TextInputException($"{what} has {text.Length:N0} characters; the limit is {maxChars:N0} (raise it with --max-chars)");
        int nul = text.IndexOf('\0');
        if (nul >= 0) throw new TextInputException($"{what} contains a NUL character at offset {nul}: is it a binary file?");
        int lone = IndexOfLoneSurrogate(text);
        if (lone >= 0) throw new TextInputException($"{what} contains a lone UTF-16 surrogate (U+{(int)text[lone]:X4}) at offset {lone}");
        if (string.IsNullOrWhiteSpace(text)) throw new TextInputException($"{what} holds only whitespace: there is nothing to tokenize");
    }

    /// <summary>The one rule for a row of a JSONL file (a corpus line for <c>scan</c>, an example for <c>probe
    /// train</c>): a JSON string with an escaped lone UTF-16 surrogate (<c>"\ud800 lone"</c>: a high surrogate
    /// escape without its low half, or a low one alone) is not text, and the row is broken. A corpus skips and
    /// lists such a line, an examples file refuses it, both naming the file and line with this message; null when
    /// <paramref name="json"/> (a line, or one JSON string token) has no such escape.</summary>
    public static string? EscapedLoneSurrogateProblem(ReadOnlySpan<char> json, string what = "the line")
    {
        for (int i = 0; i < json.Length - 1; i++)
        {
            if (json[i] != '\\') continue;
            if (json[i + 1] != 'u') { i++; continue; } // \\, \" and the other two-character escapes
            if (Hex4(json, i + 2) is not int c) { i++; continue; }
            if (c is >= 0xD800 and <= 0xDBFF)
            {
                if (i + 7 < json.Length && json[i + 6] == '\\' && json[i + 7] == 'u' && Hex4(json, i + 8) is >= 0xDC00 and <= 0xDFFF) { i += 11; continue; }
                return $"{what} contains an escaped lone UTF-16 surrogate (U+{c:X4}), which is not text";
            }
            if (c is >= 0xDC00 and <= 0xDFFF) return $"{what} contains an escaped lone UTF-16 surrogate (U+{c:X4}), which is not text";
            i += 5;
        }
        return null;
    }

    private static int? Hex4(ReadOnlySpan<char> s, int at)
    {
        if (at + 4 > s.Length) return null;
        int v = 0;
        for (int k = 0; k < 4; k++)
        {
            int d = HexValue(s[at + k]);
            if (d < 0) return null;
            v = v * 16 + d;
        }
        return v;
    }

    private static int HexValue(char c) => c is >= '0' and <= '9' ? c - '0' : c is >= 'a' and <= 'f' ? c - 'a' + 10 : c is >= 'A' and <= 'F' ? c - 'A' + 10 : -1;

    public static int IndexOfLoneSurrogate(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]))
            {
                if (i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
                return i;
            }
            if (char.IsLowSurrogate(s[i])) return i;
        }
        return -1;
    }
}
