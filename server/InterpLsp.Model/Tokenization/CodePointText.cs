using System.Globalization;
using System.Text;

namespace InterpLsp.Model.Tokenization;

/// <summary>
/// A piece of text as the Rust pipeline sees it: a sequence of Unicode scalar values, each with its range in the
/// original text, plus a <see cref="Projected"/> string of one UTF-16 unit per scalar for .NET's regular expressions.
/// </summary>
/// <remarks>
/// .NET's <see cref="System.Text.RegularExpressions.Regex"/> works on UTF-16 units, so a letter outside the BMP (U+1D400,
/// CJK Extension B) would be two surrogates, which <c>\p{L}</c> does not match, while Oniguruma (HF's regex engine)
/// sees one letter. In the projection such a scalar is replaced by a BMP character of the same general category
/// (U+00E0 for a lowercase letter, U+0660 for a decimal digit, ...), so classes (<c>\p{L}</c>, <c>\p{N}</c>, <c>\s</c>)
/// and <c>.</c> see one character of the right kind. Matches in the projection are scalar indices.
/// </remarks>
internal sealed class CodePointText
{
    /// <summary>The text (lone surrogates already replaced by U+FFFD).</summary>
    public required string Text { get; init; }
    /// <summary>One UTF-16 unit per scalar value of <see cref="Text"/>; the same string when it has no surrogates.</summary>
    public required string Projected { get; init; }
    /// <summary>Scalar values.</summary>
    public required int[] Scalars { get; init; }
    /// <summary>UTF-16 index in <see cref="Text"/> of each scalar, and <see cref="Text"/>'s length at the end.</summary>
    public required int[] TextIndex { get; init; }
    /// <summary>Range [start, end) in the original document of each scalar.</summary>
    public required int[] OrigStart { get; init; }
    public required int[] OrigEnd { get; init; }

    public int Count => Scalars.Length;

    /// <summary>The scalars of <paramref name="text"/>[<paramref name="start"/>, <paramref name="end"/>), each mapped to
    /// its own range shifted by <paramref name="origin"/>.</summary>
    public static CodePointText Of(string text, int start, int end, int origin = 0)
    {
        int n = 0;
        for (int i = start; i < end; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < end && char.IsLowSurrogate(text[i + 1])) i++;
            n++;
        }
        var scalars = new int[n];
        var textIndex = new int[n + 1];
        var origStart = new int[n];
        var origEnd = new int[n];
        bool identity = n == end - start;
        char[]? projected = null;
        int k = 0;
        for (int i = start; i < end; k++)
        {
            int len = char.IsHighSurrogate(text[i]) && i + 1 < end && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            int cp = len == 2 ? char.ConvertToUtf32(text[i], text[i + 1]) : text[i];
            scalars[k] = cp;
            textIndex[k] = i - start;
            origStart[k] = origin + i;
            origEnd[k] = origin + i + len;
            char p = Project(cp);
            if (projected is null && (!identity || p != cp))
            {
                projected = new char[n];
                for (int j = 0; j < k; j++) projected[j] = (char)scalars[j];
            }
            if (projected is not null) projected[k] = p;
            i += len;
        }
        textIndex[n] = end - start;
        string sub = start == 0 && end == text.Length ? text : text.Substring(start, end - start);
        return new CodePointText
        {
            Text = sub,
            Projected = projected is null ? sub : new string(projected),
            Scalars = scalars,
            TextIndex = textIndex,
            OrigStart = origStart,
            OrigEnd = origEnd,
        };
    }

    /// <summary>NFC (as Hugging Face's normalizer, see <see cref="NfcTable"/>) of <paramref name="text"/>[<paramref name="start"/>,
    /// <paramref name="end"/>): each output scalar has the original range of the chunk it comes from.</summary>
    public static CodePointText OfNfc(string text, int start, int end)
    {
        bool inert = true;
        for (int i = start; i < end && inert; i++)
        {
            int cp = char.IsHighSurrogate(text[i]) && i + 1 < end && char.IsLowSurrogate(text[i + 1]) ? char.ConvertToUtf32(text[i], text[++i]) : text[i];
            inert = NfcTable.IsInert(cp);
        }
        if (inert) return Of(text, start, end);

        var scalars = new List<int>(end - start);
        var origStart = new List<int>(end - start);
        var origEnd = new List<int>(end - start);
        var chunk = new List<int>();
        int chunkStart = start;
        void Flush(int chunkEnd)
        {
            if (chunk.Count == 0) return;
            int before = scalars.Count;
            if (chunk.Count == 1 && NfcTable.IsInert(chunk[0])) scalars.Add(chunk[0]);
            else NfcTable.Normalize(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(chunk), scalars);
            for (int k = before; k < scalars.Count; k++)
            {
                origStart.Add(chunkStart);
                origEnd.Add(chunkEnd);
            }
            chunk.Clear();
            chunkStart = chunkEnd;
        }
        for (int i = start; i < end;)
        {
            int len = char.IsHighSurrogate(text[i]) && i + 1 < end && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            int cp = len == 2 ? char.ConvertToUtf32(text[i], text[i + 1]) : text[i];
            if (NfcTable.IsBoundaryBefore(cp)) Flush(i);
            chunk.Add(cp);
            i += len;
        }
        Flush(end);

        int n = scalars.Count;
        var sb = new StringBuilder(n + 8);
        var textIndex = new int[n + 1];
        var projected = new char[n];
        for (int k = 0; k < n; k++)
        {
            textIndex[k] = sb.Length;
            sb.Append(new Rune(scalars[k]).ToString());
            projected[k] = Project(scalars[k]);
        }
        textIndex[n] = sb.Length;
        return new CodePointText
        {
            Text = sb.ToString(),
            Projected = new string(projected),
            Scalars = scalars.ToArray(),
            TextIndex = textIndex,
            OrigStart = origStart.ToArray(),
            OrigEnd = origEnd.ToArray(),
        };
    }

    /// <summary>The scalar index at UTF-16 index <paramref name="utf16"/> of <see cref="Text"/> (a scalar boundary).</summary>
    public int ScalarAt(int utf16)
    {
        int i = Array.BinarySearch(TextIndex, utf16);
        return i >= 0 ? i : ~i;
    }

    /// <summary>Appends the UTF-8 bytes of scalar <paramref name="index"/>; returns how many.</summary>
    public int Utf8(int index, Span<byte> destination) =>
        new Rune(Scalars[index]).EncodeToUtf8(destination);

    /// <summary>The character that stands for <paramref name="cp"/> in <see cref="Projected"/>.</summary>
    public static char Project(int cp)
    {
        if (cp < 0x10000 && !UnicodeOverrides.Has(cp)) return (char)cp;
        var category = UnicodeOverrides.Category(cp) ?? CharUnicodeInfo.GetUnicodeCategory(cp);
        return Representative(category);
    }

    /// <summary>A BMP character of <paramref name="category"/> that no tokenizer pattern names literally.</summary>
    private static char Representative(UnicodeCategory category) => category switch
    {
        UnicodeCategory.UppercaseLetter => '\u00C0',
        UnicodeCategory.LowercaseLetter => '\u00E0',
        UnicodeCategory.TitlecaseLetter => '\u01C5',
        UnicodeCategory.ModifierLetter => '\u02B0',
        UnicodeCategory.OtherLetter => '\u05D0',
        UnicodeCategory.NonSpacingMark => '\u0300',
        UnicodeCategory.SpacingCombiningMark => '\u0903',
        UnicodeCategory.EnclosingMark => '\u20DD',
        UnicodeCategory.DecimalDigitNumber => '\u0660',
        UnicodeCategory.LetterNumber => '\u16EE',
        UnicodeCategory.OtherNumber => '\u00B2',
        UnicodeCategory.SpaceSeparator => '\u2000',
        UnicodeCategory.LineSeparator => '\u2028',
        UnicodeCategory.ParagraphSeparator => '\u2029',
        UnicodeCategory.Control => '\u0080',
        UnicodeCategory.Format => '\u200B',
        UnicodeCategory.Surrogate => '\uFFFD',
        UnicodeCategory.PrivateUse => '\uE000',
        UnicodeCategory.ConnectorPunctuation => '\u203F',
        UnicodeCategory.DashPunctuation => '\u2010',
        UnicodeCategory.OpenPunctuation => '\u2045',
        UnicodeCategory.ClosePunctuation => '\u2046',
        UnicodeCategory.InitialQuotePunctuation => '\u00AB',
        UnicodeCategory.FinalQuotePunctuation => '\u00BB',
        UnicodeCategory.OtherPunctuation => '\u00B6',
        UnicodeCategory.MathSymbol => '\u00AC',
        UnicodeCategory.CurrencySymbol => '\u00A2',
        UnicodeCategory.ModifierSymbol => '\u00B4',
        UnicodeCategory.OtherSymbol => '\u00A6',
        _ => '\u0378', // unassigned
    };
}

/// <summary>Scalars whose category in HF's regex engine (Oniguruma's Unicode tables) differs from .NET's. Empty
/// unless the exhaustive tests find differences.</summary>
internal static class UnicodeOverrides
{
    private static readonly Dictionary<int, UnicodeCategory> s_overrides = new();
    private static readonly bool[] s_bmp = new bool[0x10000];

    public static bool Has(int cp) => cp < 0x10000 ? s_bmp[cp] : s_overrides.ContainsKey(cp);

    public static UnicodeCategory? Category(int cp) => s_overrides.TryGetValue(cp, out var c) ? c : null;
}
