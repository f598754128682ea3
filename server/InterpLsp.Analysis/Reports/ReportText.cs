using System.Text;

namespace InterpLsp.Analysis.Reports;

/// <summary>How a piece of a line is shown: as it is, strong (a name), as code (a hook), or marked (the token of an
/// example: <c>[token]</c> in plain text, strong in Markdown).</summary>
public enum SpanStyle { Text, Strong, Code, Mark }

/// <summary>A piece of a line. Text from a result (labels, verdicts) and the report's own wording are both spans: the
/// Markdown writer escapes every one, so nothing a result holds can become markup.</summary>
public readonly record struct Span(string Text, SpanStyle Style = SpanStyle.Text)
{
    public static implicit operator Span(string text) => new(text);
    public static Span Strong(string text) => new(text, SpanStyle.Strong);
    public static Span Code(string text) => new(text, SpanStyle.Code);
    public static Span Mark(string text) => new(text, SpanStyle.Mark);
}

public abstract record TextBlock;
/// <summary>One line at a depth: 0 is a paragraph, 1 and more an item nested that deep (indented by two spaces a level
/// in plain text, a bullet in Markdown).</summary>
public sealed record TextLine(int Depth, IReadOnlyList<Span> Spans) : TextBlock;
/// <summary>A table: the first column left-aligned, the others right-aligned (numbers).</summary>
public sealed record TextTable(int Depth, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) : TextBlock;
/// <summary>A blank line between sections.</summary>
public sealed record TextGap : TextBlock;

/// <summary>A report as lines, tables and gaps, written once and emitted as plain text (the CLI, an output channel) or
/// as Markdown (the hover card, a Markdown preview) with the same words and numbers.</summary>
public sealed class ReportText
{
    private readonly List<TextBlock> blocks = [];
    public IReadOnlyList<TextBlock> Blocks => blocks;

    public ReportText Line(int depth, params Span[] spans) { blocks.Add(new TextLine(depth, spans)); return this; }
    public ReportText Table(int depth, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        blocks.Add(new TextTable(depth, header, rows.ToList()));
        return this;
    }
    public ReportText Gap() { blocks.Add(new TextGap()); return this; }

    /// <summary>Plain text: a line indented two spaces a level; a table's columns padded to their widest cell; line
    /// breaks and tabs inside a span written as spaces. No trailing new line.</summary>
    public string Plain()
    {
        var o = new StringBuilder();
        foreach (var b in blocks)
            switch (b)
            {
                case TextLine l:
                    o.Append(' ', 2 * l.Depth);
                    foreach (var s in l.Spans) o.Append(s.Style == SpanStyle.Mark ? "[" + OneLine(s.Text) + "]" : OneLine(s.Text));
                    o.Append('\n');
                    break;
                case TextTable t:
                    var rows = t.Rows.Prepend(t.Header).Select(r => r.Select(OneLine).ToArray()).ToList();
                    var widths = Enumerable.Range(0, t.Header.Count).Select(i => rows.Max(r => i < r.Length ? r[i].Length : 0)).ToArray();
                    foreach (var r in rows)
                        o.Append(' ', 2 * t.Depth)
                            .Append(string.Join("  ", widths.Select((w, i) => i >= r.Length ? "" : i == 0 ? r[i].PadRight(w) : r[i].PadLeft(w))).TrimEnd())
                            .Append('\n');
                    break;
                case TextGap:
                    o.Append('\n');
                    break;
            }
        return o.ToString().TrimEnd();
    }

    /// <summary>CommonMark (with GitHub's tables): a depth-0 line is a paragraph of its own, deeper lines are nested
    /// bullets, a table is a pipe table; every span escaped (<see cref="Escape"/>). No trailing new line.</summary>
    public string Markdown()
    {
        var o = new StringBuilder();
        bool inList = false;
        void Blank() { if (o.Length > 0 && !(o.Length >= 2 && o[o.Length - 1] == '\n' && o[o.Length - 2] == '\n')) o.Append('\n'); }
        foreach (var b in blocks)
            switch (b)
            {
                case TextLine { Depth: 0 } l:
                    Blank();
                    AppendSpans(o, l.Spans);
                    o.Append("\n\n");
                    inList = false;
                    break;
                case TextLine l:
                    if (!inList) Blank();
                    o.Append(' ', 2 * (l.Depth - 1)).Append("- ");
                    AppendSpans(o, l.Spans);
                    o.Append('\n');
                    inList = true;
                    break;
                case TextTable t:
                    Blank();
                    o.Append("| ").Append(string.Join(" | ", t.Header.Select(Escape))).Append(" |\n|");
                    for (int i = 0; i < t.Header.Count; i++) o.Append(i == 0 ? "---|" : "---:|");
                    o.Append('\n');
                    foreach (var r in t.Rows) o.Append("| ").Append(string.Join(" | ", r.Select(Escape))).Append(" |\n");
                    o.Append('\n');
                    inList = false;
                    break;
                case TextGap:
                    Blank();
                    inList = false;
                    break;
            }
        return o.ToString().TrimEnd();
    }

    private static void AppendSpans(StringBuilder o, IReadOnlyList<Span> spans)
    {
        foreach (var s in spans)
            switch (s.Style)
            {
                case SpanStyle.Code:
                    var code = OneLine(s.Text);
                    var fence = code.Contains('`') ? "`` " : "`";
                    o.Append(fence).Append(code).Append(fence == "`" ? "`" : " ``");
                    break;
                case SpanStyle.Strong or SpanStyle.Mark:
                    // emphasis cannot start or end with a space: keep the spaces outside the asterisks
                    var t = OneLine(s.Text);
                    var core = t.Trim();
                    if (core.Length == 0) { o.Append(t); break; }
                    int lead = t.Length - t.TrimStart().Length;
                    o.Append(t[..lead]).Append("**").Append(Escape(core)).Append("**").Append(t[(lead + core.Length)..]);
                    break;
                default:
                    o.Append(Escape(s.Text));
                    break;
            }
    }

    private static string OneLine(string? s) => (s ?? "").Replace('\n', ' ').Replace('\r', ' ').Replace('\t', ' ');

    /// <summary>Text shown literally in Markdown: every character that could start markup (<c>\ ` * _ [ ] | &lt; &gt; # ~ &amp;</c>)
    /// backslash-escaped, line breaks and tabs as spaces.</summary>
    public static string Escape(string? s)
    {
        var t = OneLine(s);
        var sb = new StringBuilder(t.Length);
        foreach (var c in t)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '|' or '<' or '>' or '#' or '~' or '&') sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }
}
