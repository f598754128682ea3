using System.Security.Cryptography;
using System.Text;
using InterpLsp.Interp.Directions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Probes;

/// <summary>Labelled examples for training a probe, read from a file, with a hash of their normalised rows.
/// Formats (by extension: <c>.csv</c> is CSV, anything else JSONL):
/// <list type="bullet">
/// <item>JSONL, one object a line: <c>{"text": ..., "label": ...}</c> (sentence level) or
/// <c>{"text": ..., "spans": [[start, end], ...]}</c> (token level; UTF-16 offsets into text, end exclusive);
/// an optional <c>"pair"</c> (string or number) groups contrast pairs. Labels: <see cref="ProbeLabels.Accepted"/>
/// (JSON true/false and the numbers 1/0 too).</item>
/// <item>CSV (RFC 4180) with the header <c>text,label</c> and optionally a <c>pair</c> column.</item>
/// </list>
/// A file that is not a regular file, over <see cref="MaxBytes"/>, with more than <see cref="MaxRows"/> rows, an
/// empty text, an unknown label, a broken row, a mix of levels, or a single class is refused with an
/// <see cref="ArgumentException"/> naming the file and the line.</summary>
public sealed class ProbeDataset
{
    public const long MaxBytes = 64L << 20;
    public const int MaxRows = 100_000;
    public const int MaxTextChars = 100_000;

    public ProbeDataset(IReadOnlyList<ProbeExample> examples, string origin)
    {
        Origin = origin;
        Examples = examples;
        if (examples.Count == 0) throw new ArgumentException($"{Echo.Origin(origin)}: holds no examples");
        IsTokenLevel = examples[0].Spans is not null;
        foreach (var e in examples)
        {
            if (e.Spans is not null != IsTokenLevel)
                throw new ArgumentException($"{Echo.Origin(origin)} line {e.Line}: mixes token-level rows (\"spans\") with sentence-level rows (\"label\"); use one kind per file");
            if (e.Text.Length == 0 || string.IsNullOrWhiteSpace(e.Text))
                throw new ArgumentException($"{Echo.Origin(origin)} line {e.Line}: empty text");
        }
        if (!IsTokenLevel)
        {
            int pos = examples.Count(e => e.Label == 1);
            if (pos == 0 || pos == examples.Count)
                throw new ArgumentException($"{Echo.Origin(origin)}: all {examples.Count} examples have the label {(pos == 0 ? "0 (negative)" : "1 (positive)")}; a probe needs both classes");
        }
        else if (examples.All(e => e.Spans!.Count == 0))
            throw new ArgumentException($"{Echo.Origin(origin)}: no text marks a span, so every token is negative; a probe needs both classes");
        Hash = ComputeHash(examples);
    }

    /// <summary>Where the examples came from (a path as given, for messages).</summary>
    public string Origin { get; }
    public IReadOnlyList<ProbeExample> Examples { get; }
    /// <summary>True when the rows mark spans (token-level training), false for sentence labels.</summary>
    public bool IsTokenLevel { get; }
    /// <summary>SHA-256 (hex) over the normalised rows in file order: for each, the level, label (0/1) or spans, pair
    /// and the text as a JSON string, one line each. Two files with the same examples have the same hash whatever
    /// their format, label words or key order.</summary>
    public string Hash { get; }

    public static ProbeDataset Load(string path, CancellationToken cancellation = default)
    {
        var origin = path;
        var full = Path.GetFullPath(path);
        var bytes = SafeFile.ReadAllBytes(full, problem => new ArgumentException($"{Echo.Origin(origin)} {problem}"), MaxBytes, cancellation);
        string text;
        try { text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes); }
        catch (DecoderFallbackException e)
        {
            throw new ArgumentException($"{Echo.Origin(origin)} is not valid UTF-8 (bad bytes near byte {Math.Max(0, e.Index)})");
        }
        var rows = full.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? ReadCsv(text, origin, cancellation) : ReadJsonl(text, origin, cancellation);
        return new ProbeDataset(rows, origin);
    }

    private static List<ProbeExample> ReadCsv(string text, string origin, CancellationToken ct)
    {
        var rows = new List<ProbeExample>();
        int textCol = -1, labelCol = -1, pairCol = -1, columns = 0;
        bool header = true;
        foreach (var (line, fields) in CsvRecords.Read(text, origin))
        {
            ct.ThrowIfCancellationRequested();
            if (header)
            {
                var names = fields.Select(f => f.Trim().ToLowerInvariant()).ToList();
                textCol = names.IndexOf("text");
                labelCol = names.IndexOf("label");
                pairCol = names.IndexOf("pair");
                if (textCol < 0 || labelCol < 0)
                    throw new ArgumentException($"{Echo.Origin(origin)} line {line}: the header must name the columns text,label (optionally pair); it is {Echo.Input(string.Join(",", fields))}");
                columns = fields.Count;
                header = false;
                continue;
            }
            if (fields.Count != columns)
                throw new ArgumentException($"{Echo.Origin(origin)} line {line}: {fields.Count} fields, but the header has {columns}");
            var label = ProbeLabels.Parse(fields[labelCol])
                ?? throw UnknownLabel(origin, line, fields[labelCol]);
            AddRow(rows, origin, new ProbeExample(fields[textCol], label, null, pairCol >= 0 && fields[pairCol].Length > 0 ? fields[pairCol] : null, line));
        }
        if (header) throw new ArgumentException($"{Echo.Origin(origin)}: empty file (a CSV needs the header text,label)");
        return rows;
    }

    private static List<ProbeExample> ReadJsonl(string text, string origin, CancellationToken ct)
    {
        var rows = new List<ProbeExample>();
        int lineNo = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            ct.ThrowIfCancellationRequested();
            var line = raw.TrimEnd('\r');
            if (lineNo == 1 && line.StartsWith('\uFEFF')) line = line[1..];
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (InterpLsp.Interp.Text.TextChecks.EscapedLoneSurrogateProblem(line) is { } lone) // the rule a scan's corpus applies
                throw new ArgumentException($"{Echo.Origin(origin)} line {lineNo}: {lone}");
            JObject o;
            try
            {
                using var reader = new JsonTextReader(new StringReader(line)) { DateParseHandling = DateParseHandling.None, MaxDepth = 8 };
                o = JObject.Load(reader);
                if (reader.Read()) throw new JsonReaderException("text after the object");
            }
            catch (JsonReaderException e)
            {
                throw new ArgumentException($"{Echo.Origin(origin)} line {lineNo}: not a JSON object ({(e.Message == "text after the object" ? e.Message : JsonErrors.Kind(e))}{(e.LinePosition > 0 ? $" at position {e.LinePosition}" : "")})");
            }
            if (o["text"] is not JValue { Type: JTokenType.String } t)
                throw new ArgumentException($"{Echo.Origin(origin)} line {lineNo}: no \"text\" string");
            var s = (string)t!;
            string? pair = o["pair"] switch
            {
                null or JValue { Type: JTokenType.Null } => null,
                JValue { Type: JTokenType.String or JTokenType.Integer } p => p.ToString(),
                _ => throw new ArgumentException($"{Echo.Origin(origin)} line {lineNo}: \"pair\" must be a string or an integer"),
            };
            bool hasLabel = o["label"] is not null, hasSpans = o["spans"] is not null;
            if (hasLabel == hasSpans)
                throw new ArgumentException($"{Echo.Origin(origin)} line {lineNo}: give either \"label\" (sentence level) or \"spans\" (token level), not {(hasLabel ? "both" : "neither")}");
            if (hasLabel)
                AddRow(rows, origin, new ProbeExample(s, JsonLabel(o["label"]!, origin, lineNo), null, pair, lineNo));
            else
                AddRow(rows, origin, new ProbeExample(s, null, Spans(o["spans"]!, s, origin, lineNo), pair, lineNo));
        }
        return rows;
    }

    private static void AddRow(List<ProbeExample> rows, string origin, ProbeExample e)
    {
        if (rows.Count == MaxRows)
            throw new ArgumentException($"{Echo.Origin(origin)} line {e.Line}: more than {MaxRows:N0} examples");
        if (e.Text.Length > MaxTextChars)
            throw new ArgumentException($"{Echo.Origin(origin)} line {e.Line}: text has {e.Text.Length:N0} characters; the limit is {MaxTextChars:N0}");
        if (e.Text.IndexOf('\0') is var nul and >= 0)
            throw new ArgumentException($"{Echo.Origin(origin)} line {e.Line}: text contains a NUL character at offset {nul}");
        rows.Add(e);
    }

    private static int JsonLabel(JToken v, string origin, int line) => v switch
    {
        JValue { Type: JTokenType.Boolean } b => (bool)b! ? 1 : 0,
        JValue { Type: JTokenType.Integer } i when (long)i! is 0 or 1 => (int)(long)i!,
        JValue { Type: JTokenType.String } s => ProbeLabels.Parse((string)s!) ?? throw UnknownLabel(origin, line, (string)s!),
        _ => throw UnknownLabel(origin, line, v.ToString(Formatting.None)),
    };

    private static ArgumentException UnknownLabel(string origin, int line, string label) =>
        new($"{Echo.Origin(origin)} line {line}: unknown label {Echo.Input(label)}; use {ProbeLabels.Accepted}");

    private static List<(int, int)> Spans(JToken v, string text, string origin, int line)
    {
        ArgumentException Bad(string why) => new($"{Echo.Origin(origin)} line {line}: \"spans\" {why}");
        if (v is not JArray a) throw Bad("must be an array of [start, end] pairs");
        var spans = new List<(int, int)>();
        foreach (var item in a)
        {
            if (item is not JArray { Count: 2 } p || p[0].Type != JTokenType.Integer || p[1].Type != JTokenType.Integer)
                throw Bad($"element {spans.Count} is not a [start, end] pair of integers");
            long s = (long)p[0], e = (long)p[1];
            if (s < 0 || e > text.Length || s >= e)
                throw Bad($"element {spans.Count} [{s}, {e}] is not a non-empty range inside the text (0..{text.Length})");
            spans.Add(((int)s, (int)e));
        }
        return spans;
    }

    private static string ComputeHash(IReadOnlyList<ProbeExample> rows)
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var r in rows)
        {
            var what = r.Spans is { } sp ? "spans " + string.Join(";", sp.Select(s => $"{s.Start},{s.End}")) : $"label {r.Label}";
            h.AppendData(Encoding.UTF8.GetBytes($"{what}\t{JsonConvert.ToString(r.Pair)}\t{JsonConvert.ToString(r.Text)}\n"));
        }
        return Convert.ToHexString(h.GetHashAndReset()).ToLowerInvariant();
    }
}
