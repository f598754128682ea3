using Newtonsoft.Json;

namespace InterpLsp.Analysis.Scans;

/// <summary>One token of the corpus with its value and context: the hit is <c>Tokens[Hit]</c>, with up to the
/// scan's context size of tokens on each side.</summary>
/// <param name="DocKey">The document's key in its corpus.</param>
/// <param name="TokenIndex">The token's index in the document.</param>
/// <param name="SampleHash">The token's stable sample hash (samples keep the smallest).</param>
/// <param name="Path">The file of the document, when it has one; <paramref name="CharStart"/> and
/// <paramref name="CharEnd"/> are the hit's UTF-16 offsets in that file.</param>
public sealed record ScanExample(
    [property: JsonProperty("doc")] string DocKey,
    [property: JsonProperty("token")] int TokenIndex,
    [property: JsonProperty("value")] float Value,
    [property: JsonProperty("hash")] ulong SampleHash,
    [property: JsonProperty("tokens")] string[] Tokens,
    [property: JsonProperty("hit")] int Hit,
    [property: JsonProperty("path", NullValueHandling = NullValueHandling.Ignore)] string? Path,
    [property: JsonProperty("char_start")] long CharStart,
    [property: JsonProperty("char_end")] long CharEnd)
{
    /// <summary>Top-k order: larger value first, then document key (ordinal), then token index.</summary>
    public static readonly Comparison<ScanExample> ByValue = (a, b) =>
    {
        int c = b.Value.CompareTo(a.Value);
        if (c != 0) return c;
        c = string.CompareOrdinal(a.DocKey, b.DocKey);
        return c != 0 ? c : a.TokenIndex.CompareTo(b.TokenIndex);
    };

    /// <summary>Sample order: smaller hash first, then document key, then token index.</summary>
    public static readonly Comparison<ScanExample> ByHash = (a, b) =>
    {
        int c = a.SampleHash.CompareTo(b.SampleHash);
        if (c != 0) return c;
        c = string.CompareOrdinal(a.DocKey, b.DocKey);
        return c != 0 ? c : a.TokenIndex.CompareTo(b.TokenIndex);
    };
}
