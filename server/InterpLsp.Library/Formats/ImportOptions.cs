namespace InterpLsp.Library.Formats;

/// <summary>What to take from a file being imported.</summary>
/// <param name="Rows">Rows of a 2-D array (an SAE's features); null: every row (an SAE's decoder needs them chosen).</param>
/// <param name="Tensor">The safetensors tensor to read (null: the only one, or W_dec).</param>
/// <param name="Hook">The hook the vectors belong to when the file names none (or to override it).</param>
/// <param name="Name">The name to store under: one direction gets it, many get <c>NAME#ROW</c>; null: the file's own names.</param>
/// <param name="Tags">Tags to give every imported direction.</param>
public sealed record ImportOptions(
    IReadOnlyList<int>? Rows = null,
    string? Tensor = null,
    string? Hook = null,
    string? Name = null,
    IReadOnlyList<string>? Tags = null)
{
    /// <summary>Most directions one import may bring without choosing rows.</summary>
    public const int MaxRows = 100_000;
}
