using System.Globalization;
using System.Text;

namespace InterpLsp.Model.Tokenization;

/// <summary>An entry of tokenizer.json's <c>added_tokens</c>, with the id HF gives it.</summary>
public sealed record AddedToken(string Content, int Id, bool Special, bool Normalized = false, bool Lstrip = false,
    bool Rstrip = false, bool SingleWord = false);

/// <summary>
/// Finds added tokens in text as HF's <c>AddedVocabulary::find_matches</c> does: an Aho-Corasick search with
/// leftmost-longest semantics over the token contents (case-sensitive, literal), then single_word (no word character
/// (<c>\w</c>) on either side, else the match is skipped), lstrip (the match takes the whitespace before it, not
/// before the previous match's end) and rstrip (the whitespace after it).
/// </summary>
internal sealed class AddedTokenMatcher
{
    private sealed class Node
    {
        public Dictionary<char, Node>? Children;
        public AddedToken? Token;
    }

    private readonly Node _root = new();

    public bool IsEmpty { get; }

    public AddedTokenMatcher(IEnumerable<AddedToken> tokens)
    {
        bool any = false;
        foreach (var t in tokens)
        {
            if (t.Content.Length == 0) continue;
            var node = _root;
            foreach (char c in t.Content)
            {
                node.Children ??= new Dictionary<char, Node>();
                if (!node.Children.TryGetValue(c, out var child)) node.Children[c] = child = new Node();
                node = child;
            }
            node.Token ??= t;
            any = true;
        }
        IsEmpty = !any;
    }

    /// <summary>Splits <paramref name="text"/>[start, end) into (start, end, id) pieces, id -1 for text between added
    /// tokens; empty pieces are left out.</summary>
    public void Split(string text, int start, int end, List<(int Start, int End, int Id)> output)
    {
        if (IsEmpty)
        {
            if (end > start) output.Add((start, end, -1));
            return;
        }
        int offset = start; // end of the previous split
        int i = start;
        while (i < end)
        {
            var (token, length) = LongestAt(text, i, end);
            if (token is null) { i++; continue; }
            int mStart = i, mEnd = i + length;
            i = mEnd; // the search goes on after this match, whether it is taken or not
            if (token.SingleWord && (EndsWithWord(text, start, mStart) || StartsWithWord(text, mEnd, end))) continue;
            if (token.Lstrip)
            {
                int s = mStart;
                while (s > start && TryScalarBefore(text, start, s, out int cp, out int len) && IsWhiteSpace(cp)) s -= len;
                mStart = Math.Max(s, offset);
            }
            if (token.Rstrip)
            {
                while (mEnd < end && TryScalarAt(text, mEnd, end, out int cp, out int len) && IsWhiteSpace(cp)) mEnd += len;
                i = Math.Max(i, mEnd);
            }
            if (offset < mStart) output.Add((offset, mStart, -1));
            output.Add((Math.Max(mStart, offset), mEnd, token.Id));
            offset = mEnd;
        }
        if (offset < end) output.Add((offset, end, -1));
    }

    private (AddedToken? Token, int Length) LongestAt(string text, int i, int end)
    {
        var node = _root;
        AddedToken? best = null;
        int bestLength = 0;
        for (int j = i; j < end; j++)
        {
            if (node.Children is null || !node.Children.TryGetValue(text[j], out node)) break;
            if (node.Token is not null)
            {
                best = node.Token;
                bestLength = j + 1 - i;
            }
        }
        return (best, bestLength);
    }

    private static bool TryScalarAt(string text, int i, int end, out int cp, out int len)
    {
        var status = Rune.DecodeFromUtf16(text.AsSpan(i, end - i), out var rune, out len);
        cp = rune.Value;
        return status == System.Buffers.OperationStatus.Done;
    }

    private static bool TryScalarBefore(string text, int start, int i, out int cp, out int len)
    {
        var status = Rune.DecodeLastFromUtf16(text.AsSpan(start, i - start), out var rune, out len);
        cp = rune.Value;
        return status == System.Buffers.OperationStatus.Done;
    }

    private static bool EndsWithWord(string text, int start, int i) =>
        i > start && TryScalarBefore(text, start, i, out int cp, out _) && IsWordChar(cp);

    private static bool StartsWithWord(string text, int i, int end) =>
        i < end && TryScalarAt(text, i, end, out int cp, out _) && IsWordChar(cp);

    /// <summary>Rust regex's Unicode <c>\w</c>: alphabetic, marks, decimal digits, connector punctuation, joiners
    /// (approximated by general categories).</summary>
    private static bool IsWordChar(int cp)
    {
        if (cp is 0x200C or 0x200D) return true;
        return CharUnicodeInfo.GetUnicodeCategory(cp) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark
                or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber
                or UnicodeCategory.ConnectorPunctuation => true,
            _ => false,
        };
    }

    /// <summary>The Unicode White_Space property (Rust's <c>char::is_whitespace</c>, regex <c>\s</c>).</summary>
    public static bool IsWhiteSpace(int cp) =>
        cp is >= 0x09 and <= 0x0D or 0x20 or 0x85 or 0xA0 or 0x1680 or >= 0x2000 and <= 0x200A or 0x2028 or 0x2029
            or 0x202F or 0x205F or 0x3000;
}
