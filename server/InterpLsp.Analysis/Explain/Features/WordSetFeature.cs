using InterpLsp.Analysis.Explain.Evidence;

namespace InterpLsp.Analysis.Explain.Features;

/// <summary>
/// A word list: holds on every token (all pieces) of a word in the list. Family <c>words</c>; id
/// <c>words:</c> + the entries joined by <c>|</c> (<see cref="FeatureIdList"/>), label <c>words {a, b, c}</c>
/// (the first 8 entries, then <c>+N more</c>).
/// Entries are trimmed, lower-cased (invariant culture), inner white space runs become one space, blanks are
/// dropped, repeats removed, and the rest sorted ordinally, so the same list in any order has one id.
/// Matching:
/// <list type="bullet">
/// <item>An entry of letters and digits only (<c>warm</c>) or of no letters and digits at all (<c>!!</c>) is
/// matched against the table's words: it holds where the word, without surrounding white space, equals it.</item>
/// <item>Any other entry (<c>ice cream</c>, <c>don't</c>, <c>e.g.</c>) is matched against the text: it holds on
/// every token of a run of consecutive words of one text whose characters, from the first word's first non-space
/// character to the last word's end, equal the entry case-insensitively, a space in the entry standing for one
/// or more white-space characters and any other character standing for itself. So <c>ice cream</c> holds on
/// <c>Ice  Cream</c> and on <c>ice</c> + <c>cream</c> across a line break, not on <c>ice-cream</c>; and
/// <c>don't</c> holds on the single word <c>don't</c> and on WordPiece's <c>don</c> <c>'</c> <c>t</c>.</item>
/// </list>
/// </summary>
public sealed class WordSetFeature : IFeature
{
    private readonly HashSet<string> _single = new(StringComparer.Ordinal);
    private readonly List<string> _phrases = new();

    /// <exception cref="ArgumentException">When no entry is left after dropping blanks.</exception>
    public WordSetFeature(IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        Words = words.Select(Normalise).Where(w => w.Length > 0).Distinct().OrderBy(w => w, StringComparer.Ordinal).ToArray();
        if (Words.Count == 0) throw new ArgumentException("an empty word list");
        foreach (var w in Words)
        {
            if (IsSingleWord(w)) _single.Add(w);
            else _phrases.Add(w);
        }
        Id = "words:" + FeatureIdList.Join(Words);
        Label = "words {" + string.Join(", ", Words.Take(8)) + (Words.Count > 8 ? $", +{Words.Count - 8} more" : "") + "}";
    }

    /// <summary>The normalised entries, sorted.</summary>
    public IReadOnlyList<string> Words { get; }
    public string Id { get; }
    public string Label { get; }
    public string Family => "words";

    private static string Normalise(string w) =>
        string.Join(' ', (w ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

    /// <summary>Letters and digits only, or none at all: one table word (the table splits words at every change
    /// between a letter or digit and anything else).</summary>
    private static bool IsSingleWord(string w)
    {
        if (w.Contains(' ')) return false;
        bool alnum = char.IsLetterOrDigit(w[0]);
        foreach (char c in w) if (char.IsLetterOrDigit(c) != alnum) return false;
        return true;
    }

    public FeatureValues Evaluate(TokenTable table)
    {
        var lookup = _single.GetAlternateLookup<ReadOnlySpan<char>>();
        var inSet = new bool[table.Words.Count];
        for (int w = 0; w < inSet.Length; w++) inSet[w] = lookup.Contains(table.Words[w].AsSpan().Trim());
        if (_phrases.Count == 0)
        {
            var b = new HoldsBuilder(64);
            for (int t = 0; t < table.Count; t++) if (inSet[table.Word[t]]) b.Add(t);
            return b.ToValues(table.Count);
        }
        // Phrases can overlap single-word holds and each other, so mark per token, then collect.
        var mark = new bool[table.Count];
        for (int t = 0; t < table.Count; t++) if (inSet[table.Word[t]]) mark[t] = true;
        for (int d = 0; d < table.Documents; d++)
        {
            int end = table.DocFirst[d + 1];
            for (int t = table.DocFirst[d]; t < end; t++)
            {
                if (table.WordFirstToken[t] != t) continue;
                foreach (var p in _phrases)
                {
                    int last = PhraseEnd(table, d, t, end, p);
                    if (last >= 0) for (int k = t; k <= last; k++) mark[k] = true;
                }
            }
        }
        var r = new HoldsBuilder(64);
        for (int t = 0; t < mark.Length; t++) if (mark[t]) r.Add(t);
        return r.ToValues(table.Count);
    }

    /// <summary>The last token of the run of words starting at word-first token <paramref name="t"/> whose text
    /// matches <paramref name="phrase"/>, or -1.</summary>
    private static int PhraseEnd(TokenTable table, int d, int t, int docEnd, string phrase)
    {
        var text = table.DocTexts[d];
        int p = TokenText.FirstNonSpace(text, table.Start[t], table.End[t]);
        if (p < 0) return -1;
        for (int i = 0; i < phrase.Length; i++)
        {
            if (phrase[i] == ' ')
            {
                if (p >= text.Length || !char.IsWhiteSpace(text[p])) return -1;
                while (p < text.Length && char.IsWhiteSpace(text[p])) p++;
            }
            else if (p >= text.Length || char.ToLowerInvariant(text[p]) != phrase[i]) return -1;
            else p++;
        }
        // p is the match's end; it must be the end of a word: some token k of this text ends at p (its core does),
        // and the token after k starts a new word.
        for (int k = t; k < docEnd && table.Start[k] < p; k++)
        {
            int coreEnd = table.End[k];
            while (coreEnd > table.Start[k] && char.IsWhiteSpace(text[coreEnd - 1])) coreEnd--;
            if (coreEnd == p && (k + 1 == docEnd || table.WordFirstToken[k + 1] == k + 1)) return k;
        }
        return -1;
    }

    public override string ToString() => Id;
}
