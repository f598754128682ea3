using static TorchSharp.torch;

namespace InterpLsp.Model.Causal;

/// <summary>
/// The keys and values of the positions a decoder has run so far, per layer (after rotary, before grouped heads are
/// repeated), so that generation runs only the new tokens at each step: position offsets, attention over the cached
/// keys, one new row per step. The tensors live outside every dispose scope and are freed by <see cref="Dispose"/>
/// (or when a layer's are replaced by the longer ones). One batch row; not thread-safe (one generation owns it).
/// </summary>
public sealed class KvCache : IDisposable
{
    private readonly Tensor?[] _keys;
    private readonly Tensor?[] _values;

    public KvCache(int layers)
    {
        _keys = new Tensor?[layers];
        _values = new Tensor?[layers];
    }

    /// <summary>Positions held (the offset of the next token run).</summary>
    public int Length { get; private set; }

    /// <summary>Appends the new positions' keys and values of <paramref name="layer"/> ([b, kvHeads, tNew, d]) and
    /// returns all of them (cached first); the returned tensors belong to the cache.</summary>
    internal (Tensor Keys, Tensor Values) Append(int layer, Tensor k, Tensor v)
    {
        var keys = _keys[layer] is { } oldK ? cat(new[] { oldK, k }, 2) : k.alias();
        var values = _values[layer] is { } oldV ? cat(new[] { oldV, v }, 2) : v.alias();
        keys.DetachFromDisposeScope();
        values.DetachFromDisposeScope();
        _keys[layer]?.Dispose();
        _values[layer]?.Dispose();
        _keys[layer] = keys;
        _values[layer] = values;
        return (keys, values);
    }

    /// <summary>Counts <paramref name="positions"/> new positions once every layer has appended them.</summary>
    internal void Advance(int positions) => Length += positions;

    public void Dispose()
    {
        for (int l = 0; l < _keys.Length; l++)
        {
            _keys[l]?.Dispose(); _keys[l] = null;
            _values[l]?.Dispose(); _values[l] = null;
        }
        Length = 0;
    }
}
