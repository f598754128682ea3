namespace InterpLsp.Analysis.Scans;

/// <summary>How a scan runs: its statistics' settings, the shard, batching, checkpoints and the store.</summary>
public sealed record ScanOptions
{
    public ScanSettings Settings { get; init; } = new();
    public ShardSpec Shard { get; init; } = ShardSpec.Whole;

    /// <summary>Tokens (with the two special tokens per window) per forward pass: windows of length L run
    /// max(1, BatchTokens / (L + 2)) at a time, always that many (the last batch of a length is filled with
    /// copies), because a window's hidden states depend on the batch's shape; they then depend on nothing else.</summary>
    public int BatchTokens { get; init; } = 2048;

    /// <summary>How many windows of <paramref name="length"/> content tokens one forward pass holds.</summary>
    public static int WindowsPerBatch(int length, int batchTokens) => Math.Max(1, batchTokens / (length + 2));

    /// <summary>The folder for checkpoints (null: none). A scan's checkpoint is named by the digest of its model,
    /// corpus hash, shard, direction hashes and settings, so rerunning the same scan finds and continues it.</summary>
    public string? CheckpointDirectory { get; init; }
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether a forward batch's bookkeeping (projections, accumulators) runs on a worker thread while the
    /// next batch's forward pass runs (true), or on the scanning thread after it (false, the default). The result is
    /// the same. Off by default because the forward pass runs on the CPU with one libtorch intra-op thread per core
    /// (<c>NativeThreads</c>): the worker then takes a core from it, and its other threads wait at their barriers;
    /// measured on 2 cores (a third of the default sample, 100 directions, 4 rounds interleaved), 35.2 s overlapped
    /// against 32.3 s not (1 direction: 32.6 s). Worth turning on where the forward pass leaves a core free.</summary>
    public bool OverlapBookkeeping { get; init; }

    /// <summary>The activation store to read states from and write them to (null: none).</summary>
    public ActivationStore.ActivationStore? Store { get; init; }

    /// <summary>Whether the caller needs the store entry (explain reads its evidence from it): a checkpoint whose
    /// store entry cannot be continued is then not used (the scan starts over, writing the entry anew) rather than
    /// continued without writing the store.</summary>
    public bool NeedsStore { get; init; }
}

/// <summary>How far a scan is: documents done (of those read), tokens, speed.</summary>
/// <param name="ForwardSeconds">Of <paramref name="Seconds"/>, the time spent in the model's forward passes.</param>
/// <param name="ReadSeconds">Of <paramref name="Seconds"/>, the time spent reading and tokenizing documents.</param>
public sealed record ScanProgress(long Documents, long Tokens, double Seconds, string Phase, double ForwardSeconds = 0, double ReadSeconds = 0)
{
    public double TokensPerSecond => Seconds > 0 ? Tokens / Seconds : 0;
    public override string ToString() =>
        $"{Phase}: {Documents} documents, {Tokens} tokens, {TokensPerSecond:F0} tokens/s ({Seconds:F1} s, forward {ForwardSeconds:F1} s, reading {ReadSeconds:F1} s)";
}
