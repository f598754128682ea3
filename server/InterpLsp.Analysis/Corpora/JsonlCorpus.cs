using System.Text.Json;
using InterpLsp.Interp.Directions;
using InterpLsp.Interp.Text;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Corpora;

/// <summary>
/// A JSONL file of texts as a corpus: each non-blank line a JSON object with a string <c>text</c> (and optionally
/// an <c>id</c>, string or number, used as the key) or a bare JSON string. The key is otherwise <c>line N</c>.
/// A line that is not valid JSON, has no text, an empty text, a repeated key, or more than
/// <see cref="MaxLineBytes"/> bytes is skipped and named in <see cref="Skipped"/> by its line number; a file that
/// is not a regular file, cannot be read, or has no usable line at all throws an <see cref="ArgumentException"/>.
/// </summary>
public sealed class JsonlCorpus : ICorpus
{
    /// <summary>Longest line read.</summary>
    public const int MaxLineBytes = 1 << 20;

    private IReadOnlyList<string> _skipped = [];
    private string? _hash;

    /// <summary>A corpus of the file <paramref name="path"/>; an <see cref="ArgumentException"/> when it is not a regular file.</summary>
    public JsonlCorpus(string path)
    {
        FilePath = Path.GetFullPath(path);
        if (SafeFile.Problem(FilePath) is { } problem) throw new ArgumentException($"JSONL corpus {Echo.Origin(FilePath)} {problem}");
    }

    /// <summary>The file's full path.</summary>
    public string FilePath { get; }

    public string Id => $"jsonl:{FilePath}";

    public string Hash => _hash ??= CorpusDigest.Of(Documents());

    public IReadOnlyList<string> Skipped => _skipped;

    public IEnumerable<CorpusDocument> Documents(CancellationToken cancellation = default)
    {
        var skipped = new List<string>();
        _skipped = skipped;
        ArgumentException Fail(string problem) => new($"JSONL corpus {Echo.Origin(FilePath)} {problem}");
        using var handle = SafeFile.Open(FilePath, Fail, maxBytes: null, cancellation);
        using var stream = SafeFile.Stream(handle, Fail, long.MaxValue, cancellation);
        var lines = new BoundedLineReader(stream, MaxLineBytes);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        long documents = 0;
        while (true)
        {
            bool more, tooLong;
            ReadOnlyMemory<byte> line;
            try { more = lines.Next(out line, out tooLong); }
            catch (IOException e) { throw Fail($"cannot be read: {Echo.Input(e.Message, Echo.MaxOriginChars)}"); }
            if (!more) break;
            long number = lines.LineNumber;
            if (tooLong) { skipped.Add($"line {number}: longer than {MaxLineBytes:N0} bytes"); continue; }
            if (number == 1 && line.Span.StartsWith("\uFEFF"u8)) line = line[3..];
            if (IsBlank(line.Span)) continue;
            var doc = Parse(line, number, out var problem);
            if (doc is null) { skipped.Add($"line {number}: {problem}"); continue; }
            if (!keys.Add(doc.Key)) { skipped.Add($"line {number}: the key {Echo.Input(doc.Key)} appears on an earlier line"); continue; }
            documents++;
            yield return doc;
        }
        if (documents == 0 && skipped.Count > 0)
            throw Fail($"has no usable line ({skipped.Count:N0} skipped; the first: {skipped[0]})");
    }

    private static CorpusDocument? Parse(ReadOnlyMemory<byte> line, long number, out string? problem)
    {
        problem = null;
        try
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            string? text, key = null;
            if (root.ValueKind == JsonValueKind.String) text = ReadString(root);
            else if (root.ValueKind == JsonValueKind.Object)
            {
                if (!root.TryGetProperty("text", out var t) || t.ValueKind != JsonValueKind.String) { problem = "no \"text\" string"; return null; }
                text = ReadString(t);
                if (root.TryGetProperty("id", out var id))
                {
                    key = id.ValueKind switch
                    {
                        JsonValueKind.String => ReadString(id),
                        JsonValueKind.Number => id.GetRawText(),
                        JsonValueKind.Null => null,
                        _ => "",
                    };
                    if (key is { Length: 0 }) { problem = "\"id\" is neither a non-empty string nor a number"; return null; }
                }
            }
            else { problem = "neither a JSON object nor a JSON string"; return null; }
            if (string.IsNullOrWhiteSpace(text)) { problem = "empty text"; return null; }
            return new CorpusDocument(key ?? $"line {number}", text);
        }
        catch (FormatException e) // a string that is not text: the one rule of TextChecks.EscapedLoneSurrogateProblem
        {
            problem = e.Message;
            return null;
        }
        catch (JsonException e)
        {
            problem = "not valid JSON" + (e.BytePositionInLine is long b ? $" (at byte {b + 1})" : ""); // the place, never the line's bytes
            return null;
        }
    }

    /// <summary>A JSON string's value; one with an escaped lone surrogate (which System.Text.Json refuses to
    /// decode) is a <see cref="FormatException"/> with the message of <see cref="TextChecks.EscapedLoneSurrogateProblem"/>,
    /// the rule <c>probe train</c> applies to its rows.</summary>
    private static string ReadString(JsonElement e)
    {
        try { return e.GetString()!; }
        catch (InvalidOperationException)
        {
            throw new FormatException(TextChecks.EscapedLoneSurrogateProblem(e.GetRawText()) ?? "a string that is not valid UTF-16 text");
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (byte b in line) if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r')) return false;
        return true;
    }
}
