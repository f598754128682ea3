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

/// <summary>A named vector at a TransformerLens hook point (e.g. <c>blocks.3.hook_resid_post</c>).</summary>
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
    int? NeuronIndex = null);
