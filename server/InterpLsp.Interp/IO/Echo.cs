using System.Text;

namespace InterpLsp.Interp.IO;

/// <summary>
/// The one place that decides how user input (a spec, a hook name, a path) is quoted in an error message:
/// control characters become '?', and long text is cut, so a 10,000-character hook cannot make a 20 KB message.
/// Nothing read from a file's contents is ever passed here: messages describe a file, they never quote it.
/// </summary>
public static class Echo
{
    /// <summary>Most characters of one piece of input (hook, index, selector) quoted in a message.</summary>
    public const int MaxInputChars = 80;

    /// <summary>Most characters of a path or spec naming what failed (kept at both ends, so the file name survives).</summary>
    public const int MaxOriginChars = 240;

    /// <summary>Most characters of a whole one-line message.</summary>
    public const int MaxMessageChars = 1000;

    /// <summary>The first <paramref name="max"/> characters of <paramref name="text"/>, then "…" when cut.</summary>
    public static string Input(string? text, int max = MaxInputChars)
    {
        var s = Clean(text ?? "");
        return s.Length <= max ? s : s[..max] + "…";
    }

    /// <summary>A path or spec: its start and its end (the file name), "…" in between when it is longer than <paramref name="max"/>.</summary>
    public static string Origin(string? text, int max = MaxOriginChars)
    {
        var s = Clean(text ?? "");
        if (s.Length <= max) return s;
        int head = max / 2, tail = max - head - 1;
        return s[..head] + "…" + s[^tail..];
    }

    /// <summary>A whole message on one line, at most <see cref="MaxMessageChars"/> characters.</summary>
    public static string Message(string? text) =>
        Input(string.Join(' ', (text ?? "").Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)), MaxMessageChars);

    private static string Clean(string s)
    {
        bool clean = true;
        foreach (var c in s)
            if (char.IsControl(c) || c is '\u2028' or '\u2029') { clean = false; break; }
        if (clean) return s;
        var sb = new StringBuilder(s.Length);
        foreach (var c in s) sb.Append(char.IsControl(c) || c is '\u2028' or '\u2029' ? '?' : c);
        return sb.ToString();
    }
}
