using Newtonsoft.Json;

namespace InterpLsp.Analysis.Scans;

/// <summary>The m examples with the smallest sample hash seen (a bottom-m sample): a uniform random sample that
/// merges exactly (the bottom m of a union is the bottom m of the two bottoms).</summary>
public sealed class BottomSample
{
    [JsonProperty("m")] public int Size { get; private set; }
    [JsonProperty("examples")] public List<ScanExample> Examples { get; private set; } = new();

    [JsonConstructor]
    public BottomSample(int m) { Size = m; }

    /// <summary>Hashes at or above this cannot enter (ulong.MaxValue while not full).</summary>
    [JsonIgnore] public ulong Threshold => Examples.Count < Size ? ulong.MaxValue : Examples[^1].SampleHash;

    public void Add(ScanExample e)
    {
        if (Size == 0) return;
        int at = Examples.BinarySearch(e, Comparer<ScanExample>.Create(ScanExample.ByHash));
        if (at >= 0) return; // the same token twice
        at = ~at;
        if (at >= Size) return;
        Examples.Insert(at, e);
        if (Examples.Count > Size) Examples.RemoveAt(Examples.Count - 1);
    }

    public void Merge(BottomSample o)
    {
        foreach (var e in o.Examples) Add(e);
    }
}
