namespace InterpLsp.Analysis.Explain.WordNet;

/// <summary>WordNet's four parts of speech by the letter of their data file: 0 noun (n), 1 verb (v), 2 adjective
/// (a; its satellites, type s, live in the same file and index), 3 adverb (r).</summary>
internal static class WordNetPos
{
    /// <summary>The file letters in index order.</summary>
    public const string Letters = "nvar";

    /// <summary>The index of a part-of-speech letter (n, v, a, s, r), or -1 for any other character.</summary>
    public static int Of(char letter) => letter == 's' ? 2 : Letters.IndexOf(letter);

    /// <summary>A synset key (a file letter n, v, a or r, a dot, eight digits) as one number: the letter's index
    /// times 10^8 plus the offset; -1 when the text is not such a key.</summary>
    public static int Code(ReadOnlySpan<char> key)
    {
        if (key.Length != 10 || key[1] != '.') return -1;
        int pos = Letters.IndexOf(key[0]);
        if (pos < 0) return -1;
        int offset = 0;
        foreach (char c in key[2..])
        {
            if (c is < '0' or > '9') return -1;
            offset = offset * 10 + (c - '0');
        }
        return pos * 100_000_000 + offset;
    }

    /// <summary><see cref="Code(ReadOnlySpan{char})"/> of a key in UTF-8.</summary>
    public static int Code(ReadOnlySpan<byte> key)
    {
        if (key.Length != 10 || key[1] != (byte)'.') return -1;
        int pos = Letters.IndexOf((char)key[0]);
        if (pos < 0) return -1;
        int offset = 0;
        foreach (byte c in key[2..])
        {
            if (c is < (byte)'0' or > (byte)'9') return -1;
            offset = offset * 10 + (c - '0');
        }
        return pos * 100_000_000 + offset;
    }
}

