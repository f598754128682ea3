using InterpLsp.Lsp;
using System.Text;
using InterpLsp.Lsp.Documents;
using InterpLsp.Lsp.Protocol;

namespace InterpLsp.Tests.Lsp.Documents;

/// <summary>
/// Naive, independent reference for positions: splits lines by walking the string and measures
/// a line prefix with System.Text encoders (which encode a lone surrogate as U+FFFD, i.e. 3 UTF-8
/// bytes / 1 UTF-32 unit, the same rule LineIndex uses).
/// </summary>
internal static class TextOracle
{
    private static readonly Encoding Utf8 = new UTF8Encoding(false, false);
    private static readonly Encoding Utf32 = new UTF32Encoding(false, false, false);

    public static List<int> LineStarts(string s)
    {
        var starts = new List<int> { 0 };
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '\n' || (s[i] == '\r' && !(i + 1 < s.Length && s[i + 1] == '\n')))
                starts.Add(i + 1);
        }
        return starts;
    }

    /// <summary>Offsets an LSP position can address: not inside "\r\n", not inside a surrogate pair.</summary>
    public static bool IsAddressable(string s, int o) =>
        o == 0 || o == s.Length ||
        !((s[o - 1] == '\r' && s[o] == '\n') || (char.IsHighSurrogate(s[o - 1]) && char.IsLowSurrogate(s[o])));

    public static int Units(string prefix, PositionEncoding enc) => enc switch
    {
        PositionEncoding.Utf16 => prefix.Length,
        PositionEncoding.Utf8 => Utf8.GetByteCount(prefix),
        _ => Utf32.GetByteCount(prefix) / 4,
    };

    public static Position PositionOf(string s, int offset, PositionEncoding enc)
    {
        var starts = LineStarts(s);
        int line = starts.Count - 1;
        while (starts[line] > offset) line--;
        return new Position(line, Units(s[starts[line]..offset], enc));
    }

    /// <summary>Content end (before the line break) of each line.</summary>
    public static int ContentEnd(string s, List<int> starts, int line)
    {
        if (line == starts.Count - 1) return s.Length;
        int e = starts[line + 1] - 1;
        if (e > 0 && s[e] == '\n' && s[e - 1] == '\r') e--;
        return e;
    }
}
