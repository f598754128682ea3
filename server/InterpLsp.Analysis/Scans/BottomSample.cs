using Newtonsoft.Json;

namespace InterpLsp.Analysis.Scans;

/// <summary>The m examples with the smallest sample hash seen (a bottom-m sample): a uniform random sample that
/// merges exactly (the bottom m of a union is the bottom m of the two bottoms).</summary>
public sealed class BottomSample
{
    private static readonly IComparer<ScanExample> Order = Comparer<ScanExample>.Create(ScanExample.ByHash);

    [JsonProperty("m")] public int Size { get; private set; }
    [JsonProperty("examples")] public List<ScanExample> Examples { get; private set; } = new();

    [JsonConstructor]
    public BottomSample(int m) { Size = m; }

    /// <summary>Hashes at or above this cannot enter (ulong.MaxValue while not full).</summary>
    [JsonIgnore] public ulong Threshold => Examples.Count < Size ? ulong.MaxValue : Size == 0 ? 0 : Examples[^1].SampleHash;

    public void Add(ScanExample e) => SortedPrefix.Insert(Examples, e, Order, Size);

    public void Merge(BottomSample o)
    {
        foreach (var e in o.Examples) Add(e);
    }
}
