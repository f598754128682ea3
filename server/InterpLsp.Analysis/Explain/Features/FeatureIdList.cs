using System.Text;
using InterpLsp.Interp.Directions;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Explain.Features;

/// <summary>
/// The list part of a feature id (<c>words:heat|warm</c>): entries joined by <c>|</c>. An entry's own <c>|</c> is
/// written <c>\|</c> and its own <c>\</c> is written <c>\\</c>, so every entry (the token <c>||</c> too) survives
/// the round trip. A <c>\</c> before any other character, or at the end, is refused.
/// </summary>
public static class FeatureIdList
{
    public static string Join(IEnumerable<string> entries)
    {
        var sb = new StringBuilder();
        bool first = true;
        foreach (var e in entries)
        {
            if (!first) sb.Append('|');
            first = false;
            foreach (char c in e)
            {
                if (c is '|' or '\\') sb.Append('\\');
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    public static List<string> Split(string body)
    {
        var result = new List<string>();
        var sb = new StringBuilder();
        for (int i = 0; i < body.Length; i++)
        {
            char c = body[i];
            if (c == '\\')
            {
                if (i + 1 >= body.Length || body[i + 1] is not ('|' or '\\'))
                    throw new ArgumentException($"the list '{Echo.Input(body, 200)}' has a '\\' at character {i} that is not followed by '|' or '\\'");
                sb.Append(body[++i]);
            }
            else if (c == '|') { result.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(c);
        }
        result.Add(sb.ToString());
        return result;
    }
}
