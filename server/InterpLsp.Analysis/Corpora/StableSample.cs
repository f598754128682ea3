using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace InterpLsp.Analysis.Corpora;

/// <summary>The fixed sample of a prepared corpus (WordNet, Brown): the <c>size</c> items whose stable hash of
/// (seed, key) is the smallest (ties by key, ordinal), kept in corpus order, so the same on every machine and
/// chosen in one pass with memory for <c>size</c> items.</summary>
public static class StableSample
{
    /// <summary>An item's order key: the first 8 bytes of SHA-256("seed:key"), big-endian.</summary>
    public static ulong Rank(int seed, string key) =>
        BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}:{key}")));

    /// <summary>The sample of <paramref name="size"/> items of <paramref name="all"/> (all of them when it has fewer), in
    /// their order.</summary>
    public static IEnumerable<T> Of<T>(IEnumerable<T> all, Func<T, string> key, int size, int seed)
    {
        // A max-heap of the `size` smallest ranks seen so far (ties by key, ordinal).
        var heap = new PriorityQueue<(long Index, T Item), (ulong Rank, string Key)>(
            Comparer<(ulong Rank, string Key)>.Create((a, b) =>
                b.Rank != a.Rank ? b.Rank.CompareTo(a.Rank) : string.CompareOrdinal(b.Key, a.Key)));
        long index = 0;
        foreach (var item in all)
        {
            var k = key(item);
            var rank = (Rank(seed, k), k);
            if (heap.Count < size) heap.Enqueue((index, item), rank);
            else if (heap.TryPeek(out _, out var worst) && heap.Comparer.Compare(rank, worst) > 0)
                heap.EnqueueDequeue((index, item), rank);
            index++;
        }
        var chosen = new List<(long Index, T Item)>(heap.Count);
        while (heap.TryDequeue(out var e, out _)) chosen.Add(e);
        chosen.Sort((a, b) => a.Index.CompareTo(b.Index));
        foreach (var (_, item) in chosen) yield return item;
    }
}
