namespace InterpLsp.Analysis.Explain.PartsOfSpeech;

/// <summary>One word of a text as the tagger sees it: its character range and whether a sentence ends after it.</summary>
public readonly record struct TextWord(int Start, int End, bool EndsSentence);

/// <summary>
/// Splits plain text into words the way the Brown Corpus does, so the tagger trained on Brown meets the same units in
/// any text: a word is a run of letters and digits joined by inner apostrophes, hyphens, dots and slashes
/// (<c>Atlanta's</c>, <c>term-end</c>, <c>don't</c>, <c>7.5</c>, <c>U.S.</c>, <c>1,119</c> between digits); an
/// abbreviation keeps its dot (<c>Mr.</c>, <c>J.</c>); a plural possessive keeps its apostrophe (<c>workers'</c>);
/// punctuation is a word of its own, <c>--</c>, <c>...</c>, <c>``</c> and <c>''</c> whole. A sentence ends after
/// <c>.</c>, <c>?</c>, <c>!</c> or <c>...</c>.
/// </summary>
public static class WordSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "jr", "sr", "st", "messrs", "mt", "co", "corp", "inc", "ltd", "vs", "etc", "gen", "gov", "sen", "rep", "rev", "prof", "ft", "lt", "col", "capt", "sgt",
    };

    private static bool Joiner(char c) => c is '\'' or '\u2019' or '-' or '.' or '/' or '&';

    public static List<TextWord> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<TextWord>(text.Length / 5 + 1);
        int i = 0, n = text.Length;
        while (i < n)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            int start = i;
            if (char.IsLetterOrDigit(c))
            {
                bool innerDot = false;
                while (i < n)
                {
                    if (char.IsLetterOrDigit(text[i]) || char.IsSurrogate(text[i]) || text[i] is '\u0301' or '\u0308') { i++; continue; }
                    if (i + 1 < n && char.IsLetterOrDigit(text[i + 1])
                        && (Joiner(text[i]) || (text[i] == ',' && char.IsDigit(text[i - 1]) && char.IsDigit(text[i + 1]))))
                    {
                        if (text[i] == '.') innerDot = true;
                        i += 2;
                        continue;
                    }
                    break;
                }
                if (i < n && text[i] == '.' && (innerDot || (i - start == 1 && char.IsUpper(text[start])) || Abbreviations.Contains(text[start..i])))
                    i++;
                else if (i < n && text[i] is '\'' or '\u2019' && text[i - 1] is 's' or 'S' && (i + 1 >= n || !char.IsLetterOrDigit(text[i + 1])))
                    i++;
                words.Add(new TextWord(start, i, false));
                continue;
            }
            // Punctuation: doubled quotes, dashes and dots whole; anything else one character (a surrogate pair whole).
            if ((c is '`' or '\'') && i + 1 < n && text[i + 1] == c) i += 2;
            else if (c is '-' or '.' or '?' or '!')
            {
                while (i < n && text[i] == c) i++;
            }
            else i += char.IsHighSurrogate(c) && i + 1 < n ? 2 : 1;
            words.Add(new TextWord(start, i, c is '.' or '?' or '!'));
        }
        return words;
    }
}
