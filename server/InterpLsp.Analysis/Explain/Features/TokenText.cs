namespace InterpLsp.Analysis.Explain.Features;

/// <summary>
/// Small rules on the text of one token or word, shared by the features. A token's <em>core</em> is its text with
/// leading and trailing white space removed: byte-level BPE tokens carry the space before them (<c>" warm"</c>),
/// and that space says nothing about the token itself.
/// </summary>
internal static class TokenText
{
    /// <summary>The text without leading and trailing white space.</summary>
    public static ReadOnlySpan<char> Core(string s) => s.AsSpan().Trim();

    /// <summary>True when <paramref name="s"/> is non-empty and every character is one of <paramref name="allowed"/>.</summary>
    public static bool OnlyOf(ReadOnlySpan<char> s, string allowed)
    {
        if (s.IsEmpty) return false;
        foreach (char c in s) if (allowed.IndexOf(c) < 0) return false;
        return true;
    }

    /// <summary>True when <paramref name="s"/> has a letter or a digit.</summary>
    public static bool HasLetterOrDigit(ReadOnlySpan<char> s)
    {
        foreach (char c in s) if (char.IsLetterOrDigit(c)) return true;
        return false;
    }

    /// <summary>The first character of [start, end) of <paramref name="text"/> that is not white space, or -1.</summary>
    public static int FirstNonSpace(string text, int start, int end)
    {
        for (int i = start; i < end; i++) if (!char.IsWhiteSpace(text[i])) return i;
        return -1;
    }
}
