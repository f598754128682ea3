using System.Text;
using InterpLsp.Interp.Directions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Workspace;

/// <summary>The workspace's labelled examples for a probe (what <c>Interp: Add Selection as Positive/Negative
/// Example</c> builds): a JSONL file in <c>.interp/datasets/</c>, one <c>{"text", "label", "source"}</c> per line
/// (label 1 positive, 0 negative), the format <c>interp-lsp probe train --data</c> reads. Each addition rewrites
/// the file atomically (temp file, flush to disk, rename), so a crash never leaves half a line.</summary>
public sealed class ExampleSet
{
    public const string DefaultName = "examples";
    /// <summary>Longest example text, in characters (an editor selection beyond this is refused).</summary>
    public const int MaxTextChars = 20_000;
    /// <summary>Largest example file this reads back (the file is the user's; a bigger one is refused, not read).</summary>
    public const long MaxFileBytes = 16 << 20;

    private static readonly object Gate = new();

    public ExampleSet(string interpDirectory, string name = DefaultName)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"))
            throw new ArgumentException($"example set name '{name}' must be letters, digits, '.', '_' or '-' (at most 64)");
        Path = System.IO.Path.Combine(interpDirectory, "datasets", name + ".jsonl");
    }

    /// <summary>The dataset file.</summary>
    public string Path { get; }

    /// <summary>Counts of positive and negative examples now in the file.</summary>
    public (int Positives, int Negatives) Counts()
    {
        lock (Gate) return Count(ReadLines());
    }

    /// <summary>Adds <paramref name="text"/> with its label; the same text with the same label is not added twice,
    /// and a text already in the set with the other label is refused (say which it is).</summary>
    public (int Positives, int Negatives) Add(string text, bool positive, string? source)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text)) throw new ArgumentException("an example needs some text: the selection is empty");
        if (text.Length > MaxTextChars)
            throw new ArgumentException($"an example may have at most {MaxTextChars} characters; the selection has {text.Length}");
        lock (Gate)
        {
            var lines = ReadLines();
            foreach (var (t, label) in Parse(lines))
            {
                if (t != text) continue;
                if (label == positive) return Count(lines);
                throw new ArgumentException(
                    $"this text is already a {(label ? "positive" : "negative")} example in {Path}; remove it there first");
            }
            var row = new JObject { ["text"] = text, ["label"] = positive ? 1 : 0 };
            if (!string.IsNullOrEmpty(source)) row["source"] = source.Length > 2000 ? source[..2000] : source;
            lines.Add(row.ToString(Formatting.None));
            WriteAtomically(lines);
            return Count(lines);
        }
    }

    private List<string> ReadLines()
    {
        if (!File.Exists(Path)) return new List<string>();
        // regular files only (a FIFO or a device put there would block or never end), at most MaxFileBytes
        var bytes = SafeFile.ReadAllBytes(System.IO.Path.GetFullPath(Path), problem => new ArgumentException($"{Path}: {problem}"), MaxFileBytes);
        return Encoding.UTF8.GetString(bytes).Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToList();
    }

    private IEnumerable<(string Text, bool Positive)> Parse(List<string> lines)
    {
        for (int i = 0; i < lines.Count; i++)
        {
            JObject o;
            try { o = JObject.Parse(lines[i]); }
            catch (JsonException e) { throw new ArgumentException($"{Path} line {i + 1} is not a JSON object ({e.Message}); fix or remove it"); }
            var label = o["label"];
            bool positive = label?.Type switch
            {
                JTokenType.Integer => (long)label == 1,
                JTokenType.Boolean => (bool)label,
                JTokenType.String => label.ToString() is "1" or "true" or "pos" or "positive",
                _ => throw new ArgumentException($"{Path} line {i + 1} has no label"),
            };
            yield return ((string?)o["text"] ?? "", positive);
        }
    }

    private (int, int) Count(List<string> lines)
    {
        int pos = 0, neg = 0;
        foreach (var (_, p) in Parse(lines)) { if (p) pos++; else neg++; }
        return (pos, neg);
    }

    private void WriteAtomically(List<string> lines)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        DurableFile.Write(Path, f =>
        {
            using var w = new StreamWriter(f, new UTF8Encoding(false), leaveOpen: true);
            foreach (var l in lines) { w.Write(l); w.Write('\n'); }
        });
    }
}
