namespace InterpLsp.Analysis.Probes;

/// <summary>What to train: the hook, method, name, sentence pooling (default <see cref="Pooling.Mean"/>), the seed
/// of the split, folds and shuffled control (default 0), the held-out fraction (default 0.2), and the model id
/// recorded on the direction (default: the model's name).</summary>
public sealed record ProbeOptions(string Hook, ProbeMethod Method, string Name)
{
    public Pooling Pooling { get; init; } = Pooling.Mean;
    public int Seed { get; init; }
    public double TestFraction { get; init; } = 0.2;
    public string? ModelId { get; init; }
}
