using InterpLsp.Analysis.Explain.Evidence;

namespace InterpLsp.Analysis.Explain.Features;

/// <summary>
/// A token list: holds where the token's text, lower-cased (invariant culture), is in the list, exactly (white
/// space included: byte-level BPE's <c>" warm"</c> is not <c>"warm"</c>). Family <c>tokens</c>; id <c>tokens:</c>
/// + the lower-cased texts, repeats removed, sorted ordinally, joined by <c>|</c> (<see cref="FeatureIdList"/>);
/// label <c>tokens {a, b}</c> (the first 8, then <c>+N more</c>).
/// </summary>
public sealed class TokenSetFeature : IFeature
{
    private readonly HashSet<string> _set;

    /// <exception cref="ArgumentException">When no non-empty token text is given.</exception>
    public TokenSetFeature(IEnumerable<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        Tokens = tokens.Where(s => !string.IsNullOrEmpty(s)).Select(s => s.ToLowerInvariant()).Distinct()
            .OrderBy(s => s, StringComparer.Ordinal).ToArray();
        if (Tokens.Count == 0) throw new ArgumentException("an empty token list");
        _set = new HashSet<string>(Tokens, StringComparer.Ordinal);
        Id = "tokens:" + FeatureIdList.Join(Tokens);
        Label = "tokens {" + string.Join(", ", Tokens.Take(8)) + (Tokens.Count > 8 ? $", +{Tokens.Count - 8} more" : "") + "}";
    }

    /// <summary>The lower-cased token texts, sorted.</summary>
    public IReadOnlyList<string> Tokens { get; }
    public string Id { get; }
    public string Label { get; }
    public string Family => "tokens";

    public FeatureValues Evaluate(TokenTable table)
    {
        var lookup = _set.GetAlternateLookup<ReadOnlySpan<char>>();
        var buffer = new char[64];
        var b = new HoldsBuilder(64);
        for (int d = 0; d < table.Documents; d++)
        {
            var text = table.DocTexts[d];
            for (int t = table.DocFirst[d]; t < table.DocFirst[d + 1]; t++)
            {
                int length = table.End[t] - table.Start[t];
                if (length > buffer.Length) buffer = new char[Math.Max(length, buffer.Length * 2)];
                int n = text.AsSpan(table.Start[t], length).ToLowerInvariant(buffer);
                if (lookup.Contains(buffer.AsSpan(0, n))) b.Add(t);
            }
        }
        return b.ToValues(table.Count);
    }

    public override string ToString() => Id;
}
