namespace InterpLsp.Analysis.Scans;

/// <summary>A scanned document's tokens as examples need them: token texts and their character ranges.</summary>
public sealed class DocumentContext(string key, string? path, long offset, string[] tokens, int[] starts, int[] ends)
{
    public string Key { get; } = key;
    public ulong KeyHash { get; } = StableHash.Of(key);
    public string? Path { get; } = path;
    public long Offset { get; } = offset;
    public string[] Tokens { get; } = tokens;
    public int[] Starts { get; } = starts;
    public int[] Ends { get; } = ends;

    public ScanExample Example(int token, float value, ulong hash, int context)
    {
        int from = Math.Max(0, token - context), to = Math.Min(Tokens.Length, token + context + 1);
        return new ScanExample(Key, token, value, hash, Tokens[from..to], token - from, Path,
            Offset + Starts[token], Offset + Ends[token]);
    }
}
