using System.Text;
using InterpLsp.Interp.Directions;

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
