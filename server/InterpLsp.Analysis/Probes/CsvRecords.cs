using InterpLsp.Interp.Directions;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Probes;

/// <summary>Splits CSV text into records by RFC 4180: fields separated by commas, records by CRLF or LF; a field
/// may be quoted with <c>"</c>, inside which commas and line breaks are literal and <c>""</c> is one quote. A quote
/// inside an unquoted field, text after a closing quote, or a quote left open is an error naming the file and the
/// line where the record starts.</summary>
public static class CsvRecords
{
    /// <summary>Each record's fields with the 1-based line it starts on; blank lines are skipped.</summary>
    public static IEnumerable<(int Line, List<string> Fields)> Read(string text, string origin)
    {
        int i = 0, line = 1;
        if (text.Length > 0 && text[0] == '\uFEFF') i = 1;
        while (i < text.Length)
        {
            int start = line;
            if (text[i] is '\n' or '\r') { i = SkipBreak(text, i); line++; continue; }
            var fields = new List<string>();
            var field = new System.Text.StringBuilder();
            while (true)
            {
                field.Clear();
                if (i < text.Length && text[i] == '"')
                {
                    i++;
                    while (true)
                    {
                        if (i >= text.Length)
                            throw new ArgumentException($"{Echo.Origin(origin)} line {start}: a quoted field is never closed");
                        char c = text[i];
                        if (c == '"')
                        {
                            if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                            i++;
                            break;
                        }
                        if (c == '\n') line++;
                        field.Append(c);
                        i++;
                    }
                    if (i < text.Length && text[i] is not (',' or '\n' or '\r'))
                        throw new ArgumentException($"{Echo.Origin(origin)} line {line}: text after a closing quote (a quote inside a quoted field is written \"\")");
                }
                else
                {
                    while (i < text.Length && text[i] is not (',' or '\n' or '\r'))
                    {
                        if (text[i] == '"')
                            throw new ArgumentException($"{Echo.Origin(origin)} line {line}: a quote inside an unquoted field (quote the whole field and write the quote as \"\")");
                        field.Append(text[i++]);
                    }
                }
                fields.Add(field.ToString());
                if (i < text.Length && text[i] == ',') { i++; continue; }
                break;
            }
            if (i < text.Length) { i = SkipBreak(text, i); line++; }
            yield return (start, fields);
        }
    }

    private static int SkipBreak(string text, int i) =>
        text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? i + 2 : i + 1;
}
