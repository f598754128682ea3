using InterpLsp.Analysis.Scans;

namespace InterpLsp.Analysis.Explain.PartsOfSpeech;

/// <summary>
/// The averaged perceptron's features for one word of a sentence (Collins 2002; the feature set of Honnibal's "A good
/// part-of-speech tagger in about 200 lines of Python", 2013, with a few more endings and the word's shape): the word,
/// its endings of 1-4 letters and first character, its shape (capitals, digits, hyphen), the two tags before it, the
/// words and endings around it. Each feature is a 64-bit stable hash (<see cref="StableHash"/>) of its template and
/// values, so the model stores no strings and the hashes are the same on every machine.
/// </summary>
public static class TaggerFeatures
{
    /// <summary>Features per word.</summary>
    public const int Count = 19;
    /// <summary>Tag indices that stand for "before the sentence" (the model's tags are 0 ... 254).</summary>
    public const int Start1 = 0xFFFE, Start2 = 0xFFFD;

    private const string Start1Word = "-START-", Start2Word = "-START2-", End1Word = "-END-", End2Word = "-END2-";

    /// <summary>The form of a word the word features use (Honnibal's): a hyphenated word is <c>!HYPHEN</c>, a four-digit
    /// number <c>!YEAR</c>, another word beginning with a digit <c>!DIGITS</c>, any other its lower case; curly quotes
    /// and Brown's doubled quotes are one straight quote.</summary>
    public static string Normalize(string word)
    {
        word = Straight(word);
        if (word.Length > 1 && word[0] != '-' && word.Contains('-')) return "!HYPHEN";
        if (word.Length == 4 && word.All(char.IsAsciiDigit)) return "!YEAR";
        if (word.Length > 0 && char.IsAsciiDigit(word[0])) return "!DIGITS";
        return word.ToLowerInvariant();
    }

    /// <summary>Quotes and dashes as Brown writes them: <c>``</c>, <c>''</c>, “ and ” are <c>"</c>; ‘ and ’ are
    /// <c>'</c>; — and – are <c>--</c>.</summary>
    public static string Straight(string word) => word switch
    {
        "``" or "''" or "\u201C" or "\u201D" or "\u201E" => "\"",
        "\u2018" or "\u2019" or "`" => "'",
        "\u2014" or "\u2013" => "--",
        _ => word.Contains('\u2019') ? word.Replace('\u2019', '\'') : word,
    };

    /// <summary>A word's shape: capitals (none, initial, all), digits, hyphen, letters or not.</summary>
    public static uint Shape(string word)
    {
        uint s = 0;
        bool anyLetter = false, allUpper = true;
        foreach (char c in word)
        {
            if (char.IsLetter(c)) { anyLetter = true; if (!char.IsUpper(c)) allUpper = false; }
            else if (char.IsDigit(c)) s |= 4;
            else if (c == '-') s |= 8;
            else if (c is '.' or '\'') s |= 16;
        }
        if (anyLetter && char.IsUpper(word[0])) s |= 1;
        if (anyLetter && allUpper && word.Length > 1) s |= 2;
        if (!anyLetter) s |= 32;
        return s;
    }

    /// <summary>The context of a sentence: its normalized words with two markers before and after.</summary>
    public static string[] Context(IReadOnlyList<string> words)
    {
        var ctx = new string[words.Count + 4];
        ctx[0] = Start1Word; ctx[1] = Start2Word;
        for (int i = 0; i < words.Count; i++) ctx[i + 2] = Normalize(words[i]);
        ctx[^2] = End1Word; ctx[^1] = End2Word;
        return ctx;
    }

    /// <summary>Writes the <see cref="Count"/> features of word <paramref name="i"/> into <paramref name="into"/>:
    /// <paramref name="word"/> is the word as written, <paramref name="ctx"/> the sentence's <see cref="Context"/>,
    /// <paramref name="prev"/> and <paramref name="prev2"/> the tags given to the two words before it.</summary>
    public static void Of(int i, string word, string[] ctx, int prev, int prev2, Span<ulong> into)
    {
        int c = i + 2;
        var lower = Straight(word).ToLowerInvariant();
        into[0] = H(0);
        into[1] = H(1, Tail(lower, 3));
        into[2] = H(2, word.AsSpan(0, Math.Min(1, word.Length)));
        into[3] = H(3, (uint)prev);
        into[4] = H(4, (uint)prev2);
        into[5] = H(5, (uint)prev, (uint)prev2);
        into[6] = H(6, ctx[c]);
        into[7] = H(7, ctx[c], (uint)prev);
        into[8] = H(8, ctx[c - 1]);
        into[9] = H(9, Tail(ctx[c - 1], 3));
        into[10] = H(10, ctx[c - 2]);
        into[11] = H(11, ctx[c + 1]);
        into[12] = H(12, Tail(ctx[c + 1], 3));
        into[13] = H(13, ctx[c + 2]);
        into[14] = H(14, Tail(lower, 2));
        into[15] = H(15, Tail(lower, 4));
        into[16] = H(16, Tail(lower, 1));
        into[17] = H(17, Shape(word), prev == Start1 ? 1u : 0u);
        into[18] = H(18, ctx[c - 1], ctx[c]);
    }

    private static ReadOnlySpan<char> Tail(string s, int k) => s.AsSpan(Math.Max(0, s.Length - k));

    private static ulong H(int template) => StableHash.Mix(StableHash.Add(StableHash.FnvBasis, (uint)template));

    private static ulong H(int template, ReadOnlySpan<char> a)
    {
        ulong h = StableHash.Add(StableHash.FnvBasis, (uint)template);
        foreach (char ch in a) h = StableHash.Add(h, ch);
        return StableHash.Mix(h);
    }

    private static ulong H(int template, ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        ulong h = StableHash.Add(StableHash.FnvBasis, (uint)template);
        foreach (char ch in a) h = StableHash.Add(h, ch);
        h = StableHash.Add(h, 0x10000);
        foreach (char ch in b) h = StableHash.Add(h, ch);
        return StableHash.Mix(h);
    }

    private static ulong H(int template, ReadOnlySpan<char> a, uint v) => StableHash.Mix(StableHash.Add(H(template, a), v));

    private static ulong H(int template, uint a, uint b = 0x20000) =>
        StableHash.Mix(StableHash.Add(StableHash.Add(StableHash.Add(StableHash.FnvBasis, (uint)template), a), b));
}
