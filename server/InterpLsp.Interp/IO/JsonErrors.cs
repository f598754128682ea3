using Newtonsoft.Json;

namespace InterpLsp.Interp.IO;

/// <summary>Describes a JSON syntax error by kind and place only: Newtonsoft's own messages quote the offending
/// character and the key path, which would put the file's contents into the error.</summary>
public static class JsonErrors
{
    /// <summary>How deep a JSON file may nest: every reader's MaxDepth, and what the messages name.</summary>
    public const int MaxNesting = 32;

    /// <summary>Any Newtonsoft error by kind and place: a syntax error as <see cref="Describe(JsonReaderException)"/>,
    /// a value of the wrong type by its line and position only (its message would quote the value).</summary>
    public static string Describe(JsonException e) => e switch
    {
        JsonReaderException r => Describe(r),
        JsonSerializationException s => (s.Message.Contains("MaxDepth", StringComparison.Ordinal) ? $"nested more than {MaxNesting} levels deep" : "a value of the wrong kind") + Where(s.LineNumber, s.LinePosition),
        _ => "malformed JSON",
    };

    /// <summary>A System.Text.Json error by place only (its message quotes the offending text).</summary>
    public static string Describe(System.Text.Json.JsonException e) =>
        "malformed JSON" + (e.BytePositionInLine is long b ? $" at byte {b + 1}" : "");

    public static string Describe(JsonReaderException e) => Kind(e) + Where(e.LineNumber, e.LinePosition);

    /// <summary>What kind of problem a reader error is, without its place (for callers that give the place
    /// themselves, such as one JSONL line parsed on its own).</summary>
    public static string Kind(JsonReaderException e)
    {
        var m = e.Message;
        string what =
            m.StartsWith("Unexpected end", StringComparison.Ordinal) || m.Contains("end of file", StringComparison.OrdinalIgnoreCase)
                ? "the text ends in the middle of a value"
            : m.Contains("MaxDepth", StringComparison.Ordinal) ? $"nested more than {MaxNesting} levels deep"
            : m.StartsWith("Unterminated string", StringComparison.Ordinal) ? "an unterminated string"
            : m.Contains("not a valid number", StringComparison.Ordinal) || m.Contains("parsing number", StringComparison.Ordinal)
                || m.Contains("convert", StringComparison.OrdinalIgnoreCase) ? "an invalid number"
            : m.Contains("comment", StringComparison.OrdinalIgnoreCase) ? "a malformed comment"
            : m.Contains("unexpected character", StringComparison.OrdinalIgnoreCase) || m.Contains("Invalid character", StringComparison.Ordinal)
                || m.Contains("Unexpected character", StringComparison.Ordinal) ? "an unexpected character"
            : "malformed JSON";
        return what;
    }

    /// <summary>" at line L, position P"; a counter that overflowed (a file of over 2 GB on one line) is left out.</summary>
    public static string Where(int line, int position) =>
        line > 0 && position > 0 ? $" at line {line}, position {position}" : line > 0 ? $" at line {line}" : "";
}
