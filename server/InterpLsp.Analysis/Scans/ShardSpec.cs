namespace InterpLsp.Analysis.Scans;

/// <summary>Part <see cref="Index"/> (0-based, like a Kubernetes JOB_COMPLETION_INDEX or a Slurm array index from
/// 0) of <see cref="Count"/> deterministic parts of a corpus: a document belongs to the part
/// <c>StableHash.Of(key) mod Count</c>.</summary>
public readonly record struct ShardSpec(int Index, int Count)
{
    public static ShardSpec Whole => new(0, 1);

    public bool Contains(string documentKey) => Count == 1 || (int)(StableHash.Of(documentKey) % (ulong)Count) == Index;

    /// <summary>Parses <c>I/N</c> with 0 &lt;= I &lt; N.</summary>
    public static ShardSpec Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], out int i) || !int.TryParse(parts[1], out int n))
            throw new ArgumentException($"--shard wants I/N (e.g. 0/4), got '{(text.Length > 40 ? text[..40] + "…" : text)}'");
        if (n < 1 || n > 1_000_000) throw new ArgumentException($"--shard {i}/{n}: N must be in 1..1000000");
        if (i < 0 || i >= n) throw new ArgumentException($"--shard {i}/{n}: I must be in 0..{n - 1} (shards count from 0)");
        return new ShardSpec(i, n);
    }

    public override string ToString() => $"{Index}/{Count}";
}
