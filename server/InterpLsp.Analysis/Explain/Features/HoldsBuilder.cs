namespace InterpLsp.Analysis.Explain.Features;

/// <summary>
/// Collects the token indices where a set feature holds, in increasing order, into one growing array (no
/// allocation per token), and hands them over as <see cref="FeatureValues"/>. Indices must be added in
/// increasing order; a repeat of the last index is ignored, so a rule may mark the same token twice.
/// </summary>
internal sealed class HoldsBuilder
{
    private int[] _items;
    private int _n;

    /// <param name="capacityHint">The first array's length (at least 16).</param>
    public HoldsBuilder(int capacityHint = 256) => _items = new int[Math.Max(16, capacityHint)];

    public void Add(int t)
    {
        if (_n > 0)
        {
            int last = _items[_n - 1];
            if (t == last) return;
            if (t < last) throw new InvalidOperationException($"token {t} added after token {last}; holds must be added in order");
        }
        if (_n == _items.Length) Array.Resize(ref _items, _items.Length * 2);
        _items[_n++] = t;
    }

    /// <summary>Adds every token of [from, to).</summary>
    public void AddRange(int from, int to)
    {
        for (int t = from; t < to; t++) Add(t);
    }

    public FeatureValues ToValues(int count) => FeatureValues.Set(count, _items.AsSpan(0, _n).ToArray());
}
