using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace InterpLsp.Interp.Directions;

/// <summary>How a direction turns a hidden vector into one number.</summary>
public enum DirectionKind
{
    /// <summary><c>h . d / |d|</c>: signed length of h along d.</summary>
    Projection,
    /// <summary><c>h[NeuronIndex]</c>: one basis vector (the Vector is its one-hot).</summary>
    Neuron,
    /// <summary><c>Scale * (h . d) + Bias</c>: a linear probe's logit.</summary>
    Probe,
}

/// <summary>A named vector at a TransformerLens hook point (e.g. <c>blocks.3.hook_resid_post</c>) of one model.</summary>
/// <param name="Id">Stable identifier (the spec it was loaded from).</param>
/// <param name="Name">Short human-readable name.</param>
/// <param name="Hook">Hook point whose activations this direction reads.</param>
/// <param name="Vector">Direction vector; its length equals the hook's width.</param>
/// <param name="Source">Full path of the file it came from ("" for neurons).</param>
public sealed record Direction(
    string Id,
    string Name,
    string? Hook,
    float[] Vector,
    DirectionKind Kind,
    float Bias = 0,
    float Scale = 1,
    string Source = "",
    int? NeuronIndex = null)
{
    /// <summary>The model id the direction was made for (<c>embedded:all-MiniLM-L6-v2</c>); null while
    /// unknown (the engine sets it to the model it was checked against when it is added).</summary>
    public string? ModelId { get; init; }

    /// <summary>The model the file itself names (JSON <c>model</c>, SAELens <c>model_name</c>), if any: the
    /// engine refuses the direction when it is not the active model.</summary>
    public string? DeclaredModel { get; init; }

    /// <summary>The width the direction was made for: its vector's length.</summary>
    public int Width => Vector.Length;

    private string? _hash;

    /// <summary>A hex digest of everything that decides the direction's values (model, hook, kind, vector, bias,
    /// scale, neuron): two directions with the same hash give the same value at every token. A file reloaded
    /// with a changed vector under the same id has a new hash, so nothing cached by hash is shown for it.</summary>
    public string Hash => _hash ??= ComputeHash();

    private string ComputeHash()
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        h.AppendData(Encoding.UTF8.GetBytes($"{ModelId}\n{Hook}\n{Kind}\n{Bias:R}\n{Scale:R}\n{NeuronIndex}\n"));
        h.AppendData(MemoryMarshal.AsBytes(Vector.AsSpan()));
        return Convert.ToHexString(h.GetHashAndReset(), 0, 12).ToLowerInvariant();
    }
}
