using System.Buffers;
using System.Text;
using System.Text.Unicode;
using InterpLsp.Interp.Directions;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Corpora;

/// <summary>Reads one file of a folder corpus as UTF-8 text, or says why not: not a regular file (FIFO, device,
/// socket, broken link), over the size cap (decided from its length, without reading it), binary (a NUL byte or
/// invalid UTF-8 in its first 8 KiB), or not valid UTF-8 further on.</summary>
internal static class TextFileReader
{
    /// <summary>How much of the start of a file decides whether it is binary.</summary>
    public const int SniffBytes = 8 * 1024;

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The file's text (a leading byte-order mark removed), or null and the reason in <paramref name="problem"/>.</summary>
    public static string? Read(string fullPath, long maxBytes, out string? problem, CancellationToken cancellation)
    {
        problem = SafeFile.Problem(fullPath);
        if (problem is not null) return null;
        try
        {
            long length = new FileInfo(fullPath).Length;
            if (length > maxBytes) { problem = $"is {length:N0} bytes; the limit is {maxBytes:N0} bytes"; return null; }
            using var handle = SafeFile.Open(fullPath, p => new IOException(p), maxBytes, cancellation);
            var head = new byte[SniffBytes];
            int headLength = 0;
            while (headLength < head.Length && RandomAccess.Read(handle, head.AsSpan(headLength), headLength) is var n and > 0)
                headLength += n;
            if (BinaryReason(head.AsSpan(0, headLength), complete: headLength < SniffBytes) is { } binary) { problem = binary; return null; }
            var bytes = SafeFile.ReadAll(handle, p => new IOException(p), maxBytes, cancellation);
            string text;
            try { text = Strict.GetString(bytes); }
            catch (DecoderFallbackException) { problem = "is not valid UTF-8 text"; return null; }
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = Echo.Input(e.Message, Echo.MaxOriginChars);
            return null;
        }
    }

    /// <summary>Why these first bytes mark a binary file, or null for text.</summary>
    /// <param name="complete">The bytes are the whole file (a multi-byte character cut at the end is then invalid).</param>
    public static string? BinaryReason(ReadOnlySpan<byte> head, bool complete)
    {
        if (head.IndexOf((byte)0) >= 0) return $"is binary (a NUL byte in its first {SniffBytes / 1024} KiB)";
        var chars = ArrayPool<char>.Shared.Rent(head.Length + 1);
        try
        {
            var status = Utf8.ToUtf16(head, chars, out _, out _, replaceInvalidSequences: false, isFinalBlock: complete);
            return status == OperationStatus.InvalidData ? $"is binary (not UTF-8 text in its first {SniffBytes / 1024} KiB)" : null;
        }
        finally { ArrayPool<char>.Shared.Return(chars); }
    }
}
