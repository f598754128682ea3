using InterpLsp.Analysis.Scans;

namespace InterpLsp.Analysis.Explain.Evidence;

/// <summary>
/// The tokens explanations are computed over: every token of a set of texts, in order, with its text, its
/// character range, its document and its word. Candidate features give a value to each token of a table; the
/// same table type serves a whole corpus (the evidence) and a single document (the hover card).
/// Words: a maximal run of adjacent tokens (no character between them) whose touching characters are letters or
/// digits, so WordPiece pieces <c>warm</c> + <c>er</c> make the word <c>warmer</c>; a punctuation token is a
/// word of its own. Word strings are lower-cased (invariant culture).
/// </summary>
public sealed class TokenTable
{
    private readonly Dictionary<string, int> _wordIds;

    private TokenTable(string[] keys, string[] texts, int[] docFirst, int[] doc, int[] position, int[] start, int[] end,
        string[] text, int[] word, int[] wordStart, List<string> words, Dictionary<string, int> wordIds)
    {
        DocKeys = keys; DocTexts = texts; DocFirst = docFirst; Doc = doc; Position = position; Start = start; End = end;
        Text = text; Word = word; WordFirstToken = wordStart; Words = words; _wordIds = wordIds;
    }

    /// <summary>Tokens in the table.</summary>
    public int Count => Doc.Length;
    /// <summary>Documents in the table.</summary>
    public int Documents => DocKeys.Length;
    /// <summary>Each document's key.</summary>
    public string[] DocKeys { get; }
    /// <summary>Each document's text.</summary>
    public string[] DocTexts { get; }
    /// <summary>Document d's tokens are [DocFirst[d], DocFirst[d + 1]); length Documents + 1.</summary>
    public int[] DocFirst { get; }
    /// <summary>Per token: its document.</summary>
    public int[] Doc { get; }
    /// <summary>Per token: its index in its document (0 for the first).</summary>
    public int[] Position { get; }
    /// <summary>Per token: its character range in its document's text.</summary>
    public int[] Start { get; }
    public int[] End { get; }
    /// <summary>Per token: its text as it stands in the document.</summary>
    public string[] Text { get; }
    /// <summary>Per token: the id of its (lower-cased) word in <see cref="Words"/>.</summary>
    public int[] Word { get; }
    /// <summary>Per token: the table index of the first token of its word (itself for a word's first piece).</summary>
    public int[] WordFirstToken { get; }
    /// <summary>Distinct lower-cased words, by id.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>The id of a (lower-cased) word, or -1 when no token of the table belongs to it.</summary>
    public int WordId(string word) => _wordIds.TryGetValue(word, out var id) ? id : -1;

    /// <summary>The half a document belongs to: true for the held-out half (scores), false for the half that
    /// proposes candidates. By the stable hash of its key, so the same text is in the same half on every run.</summary>
    public static bool IsHeldOut(string key) => (StableHash.Of("explain-split:" + key) & 1) == 1;

    /// <summary>Builds a table from documents given as (key, text, token starts, token ends).</summary>
    public static TokenTable Build(IReadOnlyList<(string Key, string Text, int[] Starts, int[] Ends)> docs)
    {
        int n = 0;
        foreach (var d in docs)
        {
            if (d.Starts.Length != d.Ends.Length) throw new ArgumentException($"document '{d.Key}': {d.Starts.Length} token starts but {d.Ends.Length} ends");
            n += d.Starts.Length;
        }
        var keys = new string[docs.Count];
        var texts = new string[docs.Count];
        var docFirst = new int[docs.Count + 1];
        var doc = new int[n]; var position = new int[n]; var start = new int[n]; var end = new int[n];
        var text = new string[n]; var word = new int[n]; var wordStart = new int[n];
        var words = new List<string>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        int t = 0;
        for (int di = 0; di < docs.Count; di++)
        {
            var (key, body, starts, ends) = docs[di];
            keys[di] = key; texts[di] = body; docFirst[di] = t;
            int first = t;
            for (int i = 0; i < starts.Length; i++)
            {
                if (starts[i] < 0 || ends[i] < starts[i] || ends[i] > body.Length)
                    throw new ArgumentException($"document '{key}': token {i} range [{starts[i]}, {ends[i]}) lies outside its {body.Length} characters");
                doc[t] = di; position[t] = i; start[t] = starts[i]; end[t] = ends[i];
                text[t] = body[starts[i]..ends[i]];
                t++;
            }
            // Words: runs of touching letter/digit pieces.
            int w = first;
            while (w < t)
            {
                int e = w + 1;
                while (e < t && start[e] == end[e - 1] && end[e - 1] > start[e - 1] && end[e] > start[e]
                       && char.IsLetterOrDigit(body[end[e - 1] - 1]) && char.IsLetterOrDigit(body[start[e]])) e++;
                // Trimmed: a byte-level BPE token carries the space before its word (" gas" is the word "gas").
                var s = body[start[w]..end[e - 1]].Trim().ToLowerInvariant();
                if (!ids.TryGetValue(s, out int id)) { id = words.Count; words.Add(s); ids[s] = id; }
                for (int k = w; k < e; k++) { word[k] = id; wordStart[k] = w; }
                w = e;
            }
        }
        docFirst[docs.Count] = t;
        return new TokenTable(keys, texts, docFirst, doc, position, start, end, text, word, wordStart, words, ids);
    }
}
