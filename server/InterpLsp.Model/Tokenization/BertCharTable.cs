using System.Runtime.CompilerServices;

namespace InterpLsp.Model.Tokenization;

/// <summary>
/// What Hugging Face's <c>BertNormalizer</c> (clean_text, handle_chinese_chars, strip_accents, lowercase) followed by
/// <c>BertPreTokenizer</c> does to one Unicode scalar value, seen in isolation.
/// </summary>
/// <remarks>
/// HF's pipeline is per code point except for canonical reordering of combining marks (see
/// <see cref="BertCharTable.CombiningRank"/>), so one action per code point describes it completely.
/// </remarks>
internal enum CharAction : byte
{
    /// <summary>Kept unchanged inside the current word (the default for code points the table does not list).</summary>
    Keep = 0,
    /// <summary>Removed, and transparent to canonical reordering: controls, format characters, private use, U+0000
    /// and U+FFFD (clean_text), and nonspacing marks whose canonical combining class is not 0.</summary>
    Drop = 1,
    /// <summary>Removed (a nonspacing mark, or a character whose NFD is only nonspacing marks), but it contains a
    /// starter (combining class 0), so it ends a run of combining marks: marks on either side are not reordered.</summary>
    DropStarter = 2,
    /// <summary>Whitespace: ends the current word.</summary>
    Space = 3,
    /// <summary>Punctuation or a CJK ideograph: unchanged, and a word of its own.</summary>
    Isolate = 4,
    /// <summary>Replaced by the single code point <c>cp + value</c> inside the current word (lowercasing, or NFD with
    /// the accents stripped).</summary>
    MapKeep = 5,
    /// <summary>Replaced by the single code point <c>cp + value</c>, which is a word of its own (e.g. U+2260 '≠' → '=',
    /// U+F900 CJK compatibility ideograph → U+8C48).</summary>
    MapIsolate = 6,
    /// <summary>A precomposed Hangul syllable: replaced by its 2 or 3 conjoining jamo (NFD), inside the current word.</summary>
    Hangul = 7,
    /// <summary>Replaced by the fixed string <c>Expansions[value]</c> (two or more code points) inside the current word.</summary>
    Expand = 8,
}

/// <summary>
/// Per-code-point behaviour of Hugging Face <c>tokenizers</c> 0.22's BERT normaliser and pre-tokeniser, frozen into
/// tables so that the result does not depend on the Unicode version of the .NET runtime or of the system's ICU.
/// </summary>
/// <remarks>
/// <para>The tables (<c>BertCharTable.Generated.cs</c>) are generated from the Rust library itself, by feeding it
/// every code point (see <c>CharTableGenerator</c> in the tests) and are checked exhaustively against it by the tests.
/// They are needed because HF's behaviour is <b>not</b> what the current Unicode standard would give:</para>
/// <list type="bullet">
/// <item>clean_text's "control" test is the <c>unicode_categories</c> crate's Cc|Cf|Co, from Unicode 8.0: format
/// characters added later (U+0890, U+08E2, U+110CD, the Egyptian hieroglyph format controls U+13430..) are kept.
/// Unassigned code points (Cn) are kept; all private-use code points are removed.</item>
/// <item>strip_accents removes Unicode 8.0's Mn: newer nonspacing marks (U+1AB0.., U+1DF6.., Adlam, ...) are kept,
/// while U+1734 and U+1171E, Mn in 8.0 but Mc today, are removed.</item>
/// <item>Punctuation is ASCII punctuation or Unicode 8.0's P*: U+166D (So today) splits, newer punctuation (U+2E55..,
/// many Po) does not.</item>
/// <item>NFD is Unicode 9.0's (e.g. U+11938 is not decomposed); lowercasing is Rust's <c>char::to_lowercase</c>, which
/// follows a newer Unicode than .NET 10/ICU (U+1C89, U+A7CB, U+10D50.. lowercase there).</item>
/// <item>Accents are stripped <i>before</i> lowercasing, so 'İ' (U+0130) becomes "i" (NFD I + U+0307, mark stripped),
/// never Rust's two-character "i" U+0307; canonical decompositions can also turn symbols into punctuation: '≠' is '=' +
/// U+0338, so it becomes the punctuation "=", '≮' becomes "&lt;", U+037E becomes ";".</item>
/// <item>Whitespace is Rust's <c>char::is_whitespace</c> (plus tab, LF, CR), but clean_text removes controls first, so
/// U+000B, U+000C and U+0085 (whitespace to Rust, Cc to Unicode) are removed, not spaces: "a" U+000B "b" is one word.
/// U+180E is removed too (Cf).</item>
/// <item>"Chinese characters" are HF's ranges, which start the CJK Extension E range at U+2B920 where Google's BERT
/// has U+2B820: U+2B820..U+2B91F are not split off. Hiragana, katakana, hangul, fullwidth forms and CJK symbols (U+3005,
/// U+3007) are not "Chinese" either.</item>
/// </list>
/// </remarks>
internal static partial class BertCharTable
{
    private static readonly int[] s_runStart;
    private static readonly int[] s_runEnd; // inclusive
    private static readonly CharAction[] s_runAction;
    private static readonly int[] s_runValue;

    /// <summary>The BMP, looked up directly: action in the low 4 bits, value above them.</summary>
    private static readonly int[] s_bmp = new int[0x10000];

    /// <summary>Action for each ASCII code point (lowercasing ASCII is the only mapping there).</summary>
    internal static readonly CharAction[] AsciiAction = new CharAction[128];

    static BertCharTable()
    {
        byte[] data = Convert.FromBase64String(RunData);
        var starts = new List<int>(4096);
        var ends = new List<int>(4096);
        var actions = new List<CharAction>(4096);
        var values = new List<int>(4096);
        int pos = 0, next = 0;
        while (pos < data.Length)
        {
            int start = next + ReadVarint(data, ref pos);
            int end = start + ReadVarint(data, ref pos);
            var action = (CharAction)data[pos++];
            int value = action switch
            {
                CharAction.MapKeep or CharAction.MapIsolate => ZigZagDecode(ReadVarint(data, ref pos)),
                CharAction.Expand => ReadVarint(data, ref pos),
                _ => 0,
            };
            starts.Add(start); ends.Add(end); actions.Add(action); values.Add(value);
            next = end + 1;
        }
        s_runStart = starts.ToArray();
        s_runEnd = ends.ToArray();
        s_runAction = actions.ToArray();
        s_runValue = values.ToArray();

        for (int k = 0; k < s_runStart.Length && s_runStart[k] < 0x10000; k++)
        {
            int packed = (s_runValue[k] << 4) | (int)s_runAction[k];
            for (int c = s_runStart[k]; c <= Math.Min(s_runEnd[k], 0xFFFF); c++) s_bmp[c] = packed;
        }

        CombiningRankMin = CombiningRankCodePoints.Length == 0 ? int.MaxValue : CombiningRankCodePoints[0];

        for (int c = 0; c < 128; c++)
        {
            AsciiAction[c] = LookupRuns(c, out int value); // binary search: checks s_bmp against the runs too
            if (AsciiAction[c] != Lookup(c, out _)) throw new InvalidOperationException("BMP table mismatch");
            // ASCII maps only to ASCII (A-Z -> a-z), which Tokenize handles inline.
            if (AsciiAction[c] is CharAction.MapKeep && (c < 'A' || c > 'Z' || value != 32))
                throw new InvalidOperationException($"Unexpected ASCII mapping for U+{c:X4}.");
        }
    }

    /// <summary>What HF does to the scalar value <paramref name="cp"/>; <paramref name="value"/> is the
    /// delta of a Map* action or the index of an <see cref="CharAction.Expand"/> string.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static CharAction Lookup(int cp, out int value)
    {
        if (cp < 0x10000)
        {
            int packed = s_bmp[cp];
            value = packed >> 4;
            return (CharAction)(packed & 0xF);
        }
        return LookupRuns(cp, out value);
    }

    private static CharAction LookupRuns(int cp, out int value)
    {
        int lo = 0, hi = s_runStart.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (cp < s_runStart[mid]) hi = mid - 1;
            else if (cp > s_runEnd[mid]) lo = mid + 1;
            else
            {
                value = s_runValue[mid];
                return s_runAction[mid];
            }
        }
        value = 0;
        return CharAction.Keep;
    }

    /// <summary>
    /// For a code point that can survive normalisation, a number ordered like its canonical combining class as
    /// HF's NFD (Unicode 9.0) sees it; 0 for starters. Only the order matters: it drives canonical reordering.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int CombiningRank(int cp)
    {
        if (cp < CombiningRankMin) return 0;
        int i = Array.BinarySearch(CombiningRankCodePoints, cp);
        return i >= 0 ? CombiningRankValues[i] : 0;
    }

    // Assigned in the static constructor: field initialisers in different parts of a partial class run in an
    // unspecified order, so this cannot be an initialiser reading the generated array.
    private static readonly int CombiningRankMin;

    private static int ReadVarint(byte[] data, ref int pos)
    {
        int result = 0, shift = 0;
        while (true)
        {
            byte b = data[pos++];
            result |= (b & 0x7F) << shift;
            if (b < 0x80) return result;
            shift += 7;
        }
    }

    private static int ZigZagDecode(int v) => (int)((uint)v >> 1) ^ -(v & 1);
}
