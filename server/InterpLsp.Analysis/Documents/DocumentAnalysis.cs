using System.Collections.Concurrent;
using InterpLsp.Interp.Activations;
using InterpLsp.Model.Tokenization;

namespace InterpLsp.Analysis.Documents;

/// <summary>
/// A document version analysed at one hook: its tokens and each token's hidden state (rows shared with the
/// window cache). Immutable; projections onto directions are computed on demand and memoised.
/// </summary>
public sealed class DocumentAnalysis
{
    private readonly float[][] _rowsOf;   // per token: the window array holding its row
    private readonly int[] _offsetOf;     // per token: the row's start in that array
    private readonly ConcurrentDictionary<string, float[]> _values = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ValueDistribution> _distributions = new(StringComparer.Ordinal);

    public DocumentAnalysis(string uri, int version, string text, string modelId, string hook, int width,
        IReadOnlyList<TokenSpan> tokens, float[][] rowsOf, int[] offsetOf, int windowsRun, int windowsTotal,
        IReadOnlyList<(int First, int Last)>? exactTokens = null)
    {
        ModelId = modelId;
        ExactTokens = exactTokens ?? new[] { (0, tokens.Count) };
        Provisional = exactTokens is not null;
        Uri = uri;
        Version = version;
        Text = text;
        Hook = hook;
        Width = width;
        Tokens = tokens;
        _rowsOf = rowsOf;
        _offsetOf = offsetOf;
        WindowsRun = windowsRun;
        WindowsTotal = windowsTotal;
    }

    public string Uri { get; }
    public int Version { get; }
    public string Text { get; }
    /// <summary>The model id (<c>embedded:all-MiniLM-L6-v2</c>) whose hidden states these are.</summary>
    public string ModelId { get; }
    public string Hook { get; }
    public int Width { get; }
    public IReadOnlyList<TokenSpan> Tokens { get; }
    /// <summary>Windows that needed a forward pass for this version (the rest came from the cache).</summary>
    public int WindowsRun { get; }
    public int WindowsTotal { get; }
    /// <summary>True when some values come from a short window around an edit or from the previous
    /// version's states; the final analysis of the same text follows.</summary>
    public bool Provisional { get; }

    /// <summary>The runs of tokens [First, Last) whose values are already the planner's exact ones, in order
    /// (in a final analysis, one run of every token).</summary>
    public IReadOnlyList<(int First, int Last)> ExactTokens { get; }

    /// <summary>Whether every token overlapping the characters [start, end) has its exact value.</summary>
    public bool ExactOver(int start, int end)
    {
        var (first, last) = TokensIn(start, end);
        if (first >= last) return true;
        foreach (var (f, l) in ExactTokens)
            if (f <= first && last <= l) return true;
        return false;
    }

    /// <summary>The character spans of <see cref="ExactTokens"/>.</summary>
    public IEnumerable<(int Start, int End)> ExactSpans() =>
        ExactTokens.Where(r => r.Last > r.First).Select(r => (Tokens[r.First].Start, Tokens[r.Last - 1].End));

    /// <summary>The array and offset holding token <paramref name="token"/>'s row (to share it, not copy it).</summary>
    public void RowRef(int token, out float[] rows, out int offset)
    {
        rows = _rowsOf[token];
        offset = _offsetOf[token];
    }

    public ReadOnlySpan<float> Row(int token) => _rowsOf[token].AsSpan(_offsetOf[token], Width);

    /// <summary>Every token's value on <paramref name="projector"/>'s direction (memoised per direction content
    /// hash, so a direction whose vector was replaced under the same id gets new values).</summary>
    public float[] Values(DirectionProjector projector) =>
        _values.GetOrAdd(projector.Direction.Hash, _ =>
        {
            var v = new float[Tokens.Count];
            for (int i = 0; i < v.Length; i++) v[i] = projector.Value(Row(i));
            return v;
        });

    /// <summary>The distribution of <paramref name="projector"/>'s values over this document (memoised).</summary>
    public ValueDistribution Distribution(DirectionProjector projector) =>
        _distributions.GetOrAdd(projector.Direction.Hash, _ => new ValueDistribution(Values(projector)));

    /// <summary>Index of the token whose range holds <paramref name="offset"/>, or -1.</summary>
    public int TokenAt(int offset)
    {
        int lo = 0, hi = Tokens.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >> 1;
            var t = Tokens[mid];
            if (offset < t.Start) hi = mid - 1;
            else if (offset >= t.End) lo = mid + 1;
            else return mid;
        }
        return -1;
    }

    /// <summary>Indices [first, last) of the tokens overlapping [start, end).</summary>
    public (int First, int Last) TokensIn(int start, int end)
    {
        int lo = 0, hi = Tokens.Count;
        while (lo < hi) { int mid = (lo + hi) >> 1; if (Tokens[mid].End <= start) lo = mid + 1; else hi = mid; }
        int first = lo;
        hi = Tokens.Count;
        while (lo < hi) { int mid = (lo + hi) >> 1; if (Tokens[mid].Start < end) lo = mid + 1; else hi = mid; }
        return (first, lo);
    }
}
