using System.Runtime.InteropServices;

namespace InterpLsp.Analysis.Cache;

/// <summary>
/// Hidden states of forward-pass windows, keyed by the model id, the hook and the window's token ids, bounded
/// in bytes, evicting the least recently used. Thread-safe. An edit that leaves a window's tokens unchanged
/// finds its activations here and costs no forward pass.
/// </summary>
public sealed class WindowCache
{
    private readonly object _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _map = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _lru = new();
    private long _bytes;

    private sealed record Entry(string Key, float[] Rows, long Bytes);

    public WindowCache(long maxBytes) => MaxBytes = maxBytes;

    public long MaxBytes { get; set; }
    public long Bytes { get { lock (_gate) return _bytes; } }
    public int Count { get { lock (_gate) return _map.Count; } }
    public static string KeyOf(string modelId, string hook, ReadOnlySpan<int> ids) =>
        modelId + "|" + hook + "|" + Convert.ToBase64String(MemoryMarshal.AsBytes(ids));

    public bool TryGet(string key, out float[] rows)
    {
        lock (_gate)
        {
            if (_map.TryGetValue(key, out var node))
            {
                _lru.Remove(node);
                _lru.AddFirst(node);
                rows = node.Value.Rows;
                return true;
            }
            rows = Array.Empty<float>();
            return false;
        }
    }

    public void Put(string key, float[] rows)
    {
        long bytes = (long)rows.Length * sizeof(float) + key.Length * sizeof(char) + 64;
        lock (_gate)
        {
            if (_map.TryGetValue(key, out var old))
            {
                _lru.Remove(old);
                _bytes -= old.Value.Bytes;
                _map.Remove(key);
            }
            if (bytes > MaxBytes) return; // larger than the whole cache: do not keep it
            var node = _lru.AddFirst(new Entry(key, rows, bytes));
            _map[key] = node;
            _bytes += bytes;
            Evict();
        }
    }

    /// <summary>Drops least recently used entries until the cache fits <see cref="MaxBytes"/>.</summary>
    public void Evict()
    {
        lock (_gate)
        {
            while (_bytes > MaxBytes && _lru.Last is { } last)
            {
                _lru.RemoveLast();
                _map.Remove(last.Value.Key);
                _bytes -= last.Value.Bytes;
            }
        }
    }
}
