using System.Text.RegularExpressions;

namespace InterpLsp.Model.Tokenization;

/// <summary>A piece of a <see cref="CodePointText"/>: scalars [From, To), after a synthetic space when
/// <see cref="Prefix"/> (ByteLevel's add_prefix_space).</summary>
internal readonly record struct TextPiece(int From, int To, bool Prefix)
{
    public int Length => To - From + (Prefix ? 1 : 0);
}

/// <summary>HF's <c>SplitDelimiterBehavior</c>.</summary>
internal enum SplitBehavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous }

/// <summary>
/// HF's <c>Split</c> pre-tokenizer (and the regex part of <c>ByteLevel</c>): the pattern's matches and the text
/// between them become pieces as <see cref="SplitBehavior"/> says; empty pieces are dropped.
/// </summary>
internal sealed class SplitStep(Regex pattern, SplitBehavior behavior, bool invert)
{
    /// <summary>GPT-2's pattern, which <c>ByteLevel</c> with <c>use_regex</c> splits with.</summary>
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    public static readonly SplitStep Gpt2 = new(Compile(Gpt2Pattern), SplitBehavior.Isolated, invert: false);

    public static Regex Compile(string pattern) =>
        new(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled);

    public Regex Pattern => pattern;

    /// <summary>Splits <paramref name="piece"/> of <paramref name="text"/>, appending the pieces to <paramref name="output"/>.</summary>
    public void Split(CodePointText text, TextPiece piece, List<TextPiece> output)
    {
        // The subject: the projected scalars, after a space when the piece has a synthetic one.
        ReadOnlySpan<char> subject = piece.Prefix
            ? string.Concat(" ", text.Projected.AsSpan(piece.From, piece.To - piece.From))
            : text.Projected.AsSpan(piece.From, piece.To - piece.From);

        // (start, end, is match) over the whole subject, as HF's Pattern::find_matches.
        var matches = new List<(int Start, int End, bool Match)>();
        if (subject.IsEmpty) matches.Add((0, 0, false));
        else
        {
            int prev = 0;
            int lastMatchEnd = -1;
            foreach (var m in pattern.EnumerateMatches(subject))
            {
                // Like Oniguruma's iterator (and Rust's), no empty match right where the previous match ended.
                if (m.Length == 0 && m.Index == lastMatchEnd) continue;
                if (prev != m.Index) matches.Add((prev, m.Index, false));
                matches.Add((m.Index, m.Index + m.Length, true));
                prev = m.Index + m.Length;
                lastMatchEnd = prev;
            }
            if (prev != subject.Length) matches.Add((prev, subject.Length, false));
        }
        if (invert)
            for (int i = 0; i < matches.Count; i++) matches[i] = matches[i] with { Match = !matches[i].Match };

        // (start, end, remove)
        var splits = new List<(int Start, int End, bool Remove)>(matches.Count);
        bool previousMatch = false;
        switch (behavior)
        {
            case SplitBehavior.Isolated:
                foreach (var (s, e, _) in matches) splits.Add((s, e, false));
                break;
            case SplitBehavior.Removed:
                foreach (var (s, e, m) in matches) splits.Add((s, e, m));
                break;
            case SplitBehavior.Contiguous:
                foreach (var (s, e, m) in matches)
                {
                    if (m == previousMatch && splits.Count > 0) splits[^1] = splits[^1] with { End = e };
                    else splits.Add((s, e, false));
                    previousMatch = m;
                }
                break;
            case SplitBehavior.MergedWithPrevious:
                foreach (var (s, e, m) in matches)
                {
                    if (m && !previousMatch && splits.Count > 0) splits[^1] = splits[^1] with { End = e };
                    else splits.Add((s, e, false));
                    previousMatch = m;
                }
                break;
            case SplitBehavior.MergedWithNext:
                for (int i = matches.Count - 1; i >= 0; i--)
                {
                    var (s, e, m) = matches[i];
                    if (m && !previousMatch && splits.Count > 0) splits[^1] = splits[^1] with { Start = s };
                    else splits.Add((s, e, false));
                    previousMatch = m;
                }
                splits.Reverse();
                break;
        }

        foreach (var (s, e, remove) in splits)
        {
            if (remove || s == e) continue;
            output.Add(piece.Prefix
                ? new TextPiece(piece.From + Math.Max(s - 1, 0), piece.From + e - 1, s == 0)
                : new TextPiece(piece.From + s, piece.From + e, false));
        }
    }
}

/// <summary>HF's <c>ByteLevel</c> pre-tokenizer, less the byte mapping (done when the pieces are encoded): a space
/// before a piece that does not start with one (add_prefix_space), then GPT-2's split (use_regex).</summary>
internal sealed class ByteLevelStep(bool addPrefixSpace, bool useRegex)
{
    public bool AddPrefixSpace => addPrefixSpace;
    public bool UseRegex => useRegex;

    public void Apply(CodePointText text, TextPiece piece, List<TextPiece> output)
    {
        if (addPrefixSpace && !piece.Prefix && !(piece.To > piece.From && text.Scalars[piece.From] == ' '))
            piece = piece with { Prefix = true };
        if (useRegex) SplitStep.Gpt2.Split(text, piece, output);
        else if (piece.Length > 0) output.Add(piece);
    }
}
