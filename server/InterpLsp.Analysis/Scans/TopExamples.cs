using Newtonsoft.Json;

namespace InterpLsp.Analysis.Scans;

/// <summary>The k largest values with their contexts; ties broken by document key, then token index, so the
/// set is the same whatever the order the tokens came in, and merges exactly.</summary>
public sealed class TopExamples
{
    private static readonly IComparer<ScanExample> Order = Comparer<ScanExample>.Create(ScanExample.ByValue);

    [JsonProperty("k")] public int K { get; private set; }
    [JsonProperty("examples")] public List<ScanExample> Examples { get; private set; } = new();

    [JsonConstructor]
    public TopExamples(int k) { K = k; }

    /// <summary>Whether a token with value <paramref name="v"/> could enter (before building its context).</summary>
    public bool Admits(float v) => K > 0 && (Examples.Count < K || v >= Examples[^1].Value);

    public void Add(ScanExample e) => SortedPrefix.Insert(Examples, e, Order, K);

    public void Merge(TopExamples o)
    {
        foreach (var e in o.Examples) Add(e);
    }
}
