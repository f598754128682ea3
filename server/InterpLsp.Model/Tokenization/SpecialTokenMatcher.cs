namespace InterpLsp.Model.Tokenization;

/// <summary>
/// Matches the special tokens ([PAD], [UNK], [CLS], [SEP], [MASK]) literally in the original text, before
/// normalisation, as HF's added-vocabulary does for special tokens declared with <c>normalized: false</c>
/// (leftmost, then longest; case-sensitive; no stripping of surrounding spaces).
/// </summary>
internal sealed class SpecialTokenMatcher
{
    private readonly (string Text, int Id)[] _tokens;

    public SpecialTokenMatcher(IEnumerable<(string Text, int Id)> tokens)
    {
        _tokens = tokens.OrderByDescending(t => t.Text.Length).ToArray();
    }

    public bool TryMatch(string text, int index, out int id, out int length)
    {
        ReadOnlySpan<char> rest = text.AsSpan(index);
        foreach (var (t, tid) in _tokens)
        {
            if (rest.StartsWith(t, StringComparison.Ordinal))
            {
                id = tid;
                length = t.Length;
                return true;
            }
        }
        id = -1;
        length = 0;
        return false;
    }
}
