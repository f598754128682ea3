using System.Text.Json;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Corpora;

/// <summary>The header line of a prepared Brown corpus file (client/scripts/prepare-brown.mjs):
/// <c>{"format":"interp-lsp/brown-corpus","version":1,"texts":N,"words":N,"genres":[{"id","letter","name"},...]}</c>.</summary>
internal sealed record BrownHeader(long Texts, long Words, IReadOnlyDictionary<string, CorpusGenre> Genres)
{
    public const string Format = "interp-lsp/brown-corpus";

    /// <summary>The header, or null when the line is not one.</summary>
    public static BrownHeader? Parse(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        using var json = JsonDocument.ParseValue(ref reader);
        var e = json.RootElement;
        if (e.ValueKind != JsonValueKind.Object
            || !(e.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String && f.GetString() == Format)
            || !(e.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int version) && version == 1)
            || !(e.TryGetProperty("texts", out var t) && t.ValueKind == JsonValueKind.Number && t.TryGetInt64(out long texts) && texts >= 0)
            || !(e.TryGetProperty("words", out var w) && w.ValueKind == JsonValueKind.Number && w.TryGetInt64(out long words) && words >= 0)
            || !(e.TryGetProperty("genres", out var g) && g.ValueKind == JsonValueKind.Array))
            return null;
        var genres = new Dictionary<string, CorpusGenre>(StringComparer.Ordinal);
        foreach (var item in g.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object
                || !(item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } idText)
                || !(item.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String && name.GetString() is { Length: > 0 } nameText)
                || !genres.TryAdd(idText, new CorpusGenre(idText, nameText)))
                return null;
        }
        return genres.Count > 0 ? new BrownHeader(texts, words, genres) : null;
    }
}

/// <summary>Reads one text line of a prepared Brown corpus file with a forward-only reader; a line that is not a
/// well-formed text is a <see cref="FormatException"/> saying what is wrong (the caller adds file and line).</summary>
internal static class BrownTextReader
{
    /// <param name="genres">The header's genres; a text's genre must be one of them.</param>
    /// <param name="tagPool">Interns the tags (a few hundred distinct ones over a million words).</param>
    public static BrownText Parse(ReadOnlySpan<byte> line, IReadOnlyDictionary<string, CorpusGenre> genres, Dictionary<string, string> tagPool)
    {
        var r = new Utf8JsonReader(line);
        if (!r.Read() || r.TokenType != JsonTokenType.StartObject) throw new FormatException("not a Brown text (not a JSON object)");
        string? key = null, genre = null, text = null;
        List<WordTag>? words = null;
        List<(int, int)>? sentences = null, paragraphs = null;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("key"u8)) key = ReadString(ref r, "key");
            else if (r.ValueTextEquals("genre"u8)) genre = ReadString(ref r, "genre");
            else if (r.ValueTextEquals("text"u8)) text = ReadString(ref r, "text");
            else if (r.ValueTextEquals("words"u8)) words = ReadWords(ref r, tagPool);
            else if (r.ValueTextEquals("sentences"u8)) sentences = ReadSpans(ref r, "sentences");
            else if (r.ValueTextEquals("paragraphs"u8)) paragraphs = ReadSpans(ref r, "paragraphs");
            else { r.Skip(); }
        }
        if (r.TokenType != JsonTokenType.EndObject || r.Read()) throw new FormatException("not a Brown text (not one JSON object)");
        if (key is not { Length: > 0 }) throw new FormatException("not a Brown text (no key)");
        string name = $"text \"{Echo.Input(key)}\"";
        if (genre is not { Length: > 0 }) throw new FormatException($"{name} has no genre");
        if (!genres.TryGetValue(genre, out var g))
            throw new FormatException($"{name}: genre \"{Echo.Input(genre)}\" is not one of the header's {genres.Count} genres");
        if (text is not { Length: > 0 }) throw new FormatException($"{name} has no text");
        if (words is null) throw new FormatException($"{name} has no words (tags)");
        if (paragraphs is null) throw new FormatException($"{name} has no paragraphs");
        if (sentences is null) throw new FormatException($"{name} has no sentences");

        int previousEnd = 0;
        for (int i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (word.Start < previousEnd || word.End <= word.Start || word.End > text.Length)
                throw new FormatException($"{name}: word {i + 1} [{word.Start}, {word.End}, {Echo.Input(word.Tag)}] is not within the text ({text.Length:N0} characters) after the word before it");
            previousEnd = word.End;
        }
        CheckSpans(paragraphs, text.Length, name, "paragraph");
        CheckSpans(sentences, text.Length, name, "sentence");
        CheckWordsIn(words, paragraphs, name, "paragraph");
        CheckWordsIn(words, sentences, name, "sentence");
        return new BrownText(key, g, text, words, sentences, paragraphs);
    }

    private static void CheckWordsIn(List<WordTag> words, List<(int Start, int End)> spans, string name, string what)
    {
        int p = 0;
        for (int i = 0; i < words.Count; i++)
        {
            while (p < spans.Count && spans[p].End <= words[i].Start) p++;
            if (p == spans.Count || words[i].Start < spans[p].Start || words[i].End > spans[p].End)
                throw new FormatException($"{name}: word {i + 1} [{words[i].Start}, {words[i].End}] lies in no {what}");
        }
    }

    private static string? ReadString(ref Utf8JsonReader r, string field)
    {
        if (!r.Read() || r.TokenType != JsonTokenType.String) throw new FormatException($"not a Brown text ({field} is not a string)");
        return r.GetString();
    }

    private static List<WordTag> ReadWords(ref Utf8JsonReader r, Dictionary<string, string> tagPool)
    {
        if (!r.Read() || r.TokenType != JsonTokenType.StartArray) throw new FormatException("not a Brown text (words is not a list)");
        var words = new List<WordTag>(2048);
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            int n = words.Count + 1;
            FormatException Broken() => new($"word {n} is not [start, end, tag] (a broken tag)");
            if (r.TokenType != JsonTokenType.StartArray) throw Broken();
            if (!r.Read() || r.TokenType != JsonTokenType.Number || !r.TryGetInt32(out int start)) throw Broken();
            if (!r.Read() || r.TokenType != JsonTokenType.Number || !r.TryGetInt32(out int end)) throw Broken();
            if (!r.Read() || r.TokenType != JsonTokenType.String || r.GetString() is not { Length: > 0 } tag) throw Broken();
            if (!r.Read() || r.TokenType != JsonTokenType.EndArray) throw Broken();
            if (!tagPool.TryGetValue(tag, out var pooled)) tagPool[tag] = pooled = tag;
            words.Add(new WordTag(start, end, pooled));
        }
        return words;
    }

    private static List<(int, int)> ReadSpans(ref Utf8JsonReader r, string field)
    {
        if (!r.Read() || r.TokenType != JsonTokenType.StartArray) throw new FormatException($"not a Brown text ({field} is not a list)");
        var spans = new List<(int, int)>();
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            FormatException Broken() => new($"{field} item {spans.Count + 1} is not [start, end]");
            if (r.TokenType != JsonTokenType.StartArray) throw Broken();
            if (!r.Read() || r.TokenType != JsonTokenType.Number || !r.TryGetInt32(out int start)) throw Broken();
            if (!r.Read() || r.TokenType != JsonTokenType.Number || !r.TryGetInt32(out int end)) throw Broken();
            if (!r.Read() || r.TokenType != JsonTokenType.EndArray) throw Broken();
            spans.Add((start, end));
        }
        return spans;
    }

    private static void CheckSpans(List<(int Start, int End)> spans, int length, string name, string what)
    {
        int previousEnd = 0;
        for (int i = 0; i < spans.Count; i++)
        {
            var (start, end) = spans[i];
            if (start < previousEnd || end <= start || end > length)
                throw new FormatException($"{name}: {what} {i + 1} [{start}, {end}] is not within the text after the one before it");
            previousEnd = end;
        }
    }
}
