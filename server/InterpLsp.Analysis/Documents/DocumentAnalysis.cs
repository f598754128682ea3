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

    public DocumentAnalysis(string uri, int version, string text, string hook, int width,
        IReadOnlyList<TokenSpan> tokens, float[][] rowsOf, int[] offsetOf, int windowsRun, int windowsTotal,
        IReadOnlyDictionary<string, int>? coreStarts = null, bool provisional = false)
    {
        CoreStarts = coreStarts ?? new Dictionary<string, int>();
        Provisional = provisional;
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
    public string Hook { get; }
    public int Width { get; }
    public IReadOnlyList<TokenSpan> Tokens { get; }
    /// <summary>Windows that needed a forward pass for this version (the rest came from the cache).</summary>
    public int WindowsRun { get; }
    public int WindowsTotal { get; }
    /// <summary>True while some windows still hold hidden states computed with the previous version's
    /// context (their cores are unchanged; only text more than a core away changed). A final analysis of the
    /// same version follows.</summary>
    public bool Provisional { get; }
    /// <summary>Key of each window core's token ids -> index of its first token: lets the next version reuse a
    /// core's states while its changed context is recomputed.</summary>
    public IReadOnlyDictionary<string, int> CoreStarts { get; }

    /// <summary>Rows of the core whose tokens have <paramref name="coreKey"/>, if this analysis has it.</summary>
    public bool TryGetCore(string coreKey, out float[] rows, out int offset)
    {
        if (CoreStarts.TryGetValue(coreKey, out int first))
        {
            rows = _rowsOf[first];
            offset = _offsetOf[first];
            return true;
        }
        rows = Array.Empty<float>();
        offset = 0;
        return false;
    }

    public ReadOnlySpan<float> Row(int token) => _rowsOf[token].AsSpan(_offsetOf[token], Width);

    /// <summary>Every token's value on <paramref name="projector"/>'s direction (memoised per direction id).</summary>
    public float[] Values(DirectionProjector projector) =>
        _values.GetOrAdd(projector.Direction.Id, _ =>
        {
            var v = new float[Tokens.Count];
            for (int i = 0; i < v.Length; i++) v[i] = projector.Value(Row(i));
            return v;
        });

    /// <summary>The distribution of <paramref name="projector"/>'s values over this document (memoised).</summary>
    public ValueDistribution Distribution(DirectionProjector projector) =>
        _distributions.GetOrAdd(projector.Direction.Id, _ => new ValueDistribution(Values(projector)));

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
