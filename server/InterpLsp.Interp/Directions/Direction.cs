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
    /// <summary>An SAE feature's activation as the SAE computes it (see <see cref="SaeEncoder"/>); the Vector is
    /// the feature's decoder row (its direction in the residual stream, for comparing and later steering).</summary>
    SaeFeature,
}

/// <summary>How one SAE feature's activation is computed from a hidden vector x, as SAELens computes it:
/// x is first normalised (<see cref="Normalization"/>: <c>none</c>, <c>constant_norm_rescale</c> x * sqrt(d)/|x|,
/// <c>layer_norm</c>); then pre = W_enc[:, i] . (x - b_dec if <see cref="InputBias"/> is set) + b_enc[i];
/// <c>standard</c>: ReLU(pre); <c>jumprelu</c>: ReLU(pre) if pre &gt; <see cref="Threshold"/> else 0 (as SAELens); <c>topk</c>:
/// ReLU(pre) if feature i is among the <see cref="TopK"/> largest pre-activations of all features (which needs
/// <see cref="AllEncoder"/>), else 0.</summary>
/// <param name="Architecture"><c>standard</c>, <c>jumprelu</c> or <c>topk</c> (the cfg's <c>architecture</c>).</param>
/// <param name="FeatureIndex">The feature's index i in the SAE.</param>
/// <param name="EncoderRow">W_enc[:, i], length d_in.</param>
/// <param name="EncoderBias">b_enc[i].</param>
/// <param name="InputBias">b_dec (length d_in) when the cfg's <c>apply_b_dec_to_input</c> is true; else null.</param>
/// <param name="Threshold">JumpReLU's threshold[i]; 0 otherwise.</param>
/// <param name="TopK">k for <c>topk</c>; 0 otherwise.</param>
/// <param name="Normalization"><c>none</c>, <c>constant_norm_rescale</c> or <c>layer_norm</c>.</param>
/// <param name="AllEncoder">topk only: all of W_enc transposed, row-major [d_sae x d_in]; null otherwise.</param>
/// <param name="AllEncoderBias">topk only: all of b_enc [d_sae]; null otherwise.</param>
/// <param name="Input">Which residual stream the SAE was trained on (see <see cref="ResidualConvention"/>): with
/// <see cref="ResidualConvention.Centered"/>, x is first replaced by x - mean(x) (its mean over d_in, per token) at the
/// hooks <see cref="ResidualHooks.WritesResidual"/> names; elsewhere the convention changes nothing.</param>
/// <param name="DecoderNormFolded">True when |W_dec[i]| was folded into the encoder as Neuronpedia serves SAEs
/// (SAELens's <c>fold_W_dec_norm</c>: encoder row, bias and threshold times |W_dec[i]|, decoder row of unit norm), so
/// that activations are in Neuronpedia's units; false when they are as trained. It only describes the numbers above.</param>
public sealed record SaeEncoder(
    string Architecture,
    int FeatureIndex,
    float[] EncoderRow,
    float EncoderBias,
    float[]? InputBias = null,
    float Threshold = 0,
    int TopK = 0,
    string Normalization = "none",
    float[]? AllEncoder = null,
    float[]? AllEncoderBias = null,
    ResidualConvention Input = ResidualConvention.Raw,
    bool DecoderNormFolded = false)
{
    /// <summary>Whether the feature reads x - mean(x) at <paramref name="hook"/>: <see cref="Input"/> is
    /// <see cref="ResidualConvention.Centered"/> and the hook is one <see cref="ResidualHooks.WritesResidual"/> names.</summary>
    public bool CentersAt(string? hook) => Input == ResidualConvention.Centered && ResidualHooks.WritesResidual(hook);

    /// <summary>What a person should know about how the value is read at <paramref name="hook"/>: one line for the
    /// input convention and one for the units, e.g. <c>input: centered residual (center_writing_weights: h - mean(h) per token)</c>.</summary>
    public IReadOnlyList<string> Describe(string? hook) =>
    [
        CentersAt(hook) ? "input: centered residual (center_writing_weights: h - mean(h) per token)"
            : Input == ResidualConvention.Centered ? $"input: raw (center_writing_weights does not change {hook ?? "this hook"})"
            : "input: raw residual",
        DecoderNormFolded ? "units: Neuronpedia's (decoder norms folded into the encoder)" : "units: as trained (decoder norms not folded)",
    ];
}

/// <summary>
/// Which residual stream an SAE feature reads. TransformerLens's <c>center_writing_weights</c> (which SAELens applies
/// when a release's <c>model_from_pretrained_kwargs</c> asks for it, e.g. <c>gpt2-small-res-jb</c>) subtracts from every
/// weight and bias that writes to the residual stream its mean over d_model; the residual stream then equals the raw one
/// minus its per-token mean, and so do the embeddings and the attention and MLP outputs. Neuronpedia's live server reads
/// the raw residual.
/// </summary>
public enum ResidualConvention
{
    /// <summary>The hook's activations as the model computes them.</summary>
    Raw,
    /// <summary>x - mean(x) over d_model, per token, at the hooks <see cref="ResidualHooks.WritesResidual"/> names.</summary>
    Centered,
}

/// <summary>The TransformerLens hook points whose values <c>center_writing_weights</c> centres.</summary>
public static class ResidualHooks
{
    /// <summary>Last name segments of the hooks centred by <c>center_writing_weights</c>: the residual stream
    /// (<c>hook_resid_pre</c>, <c>hook_resid_mid</c>, <c>hook_resid_post</c>) and what writes into it
    /// (<c>hook_embed</c>, <c>hook_pos_embed</c>, <c>hook_attn_out</c>, <c>hook_mlp_out</c>), each a sum of products
    /// with centred weights plus centred biases. Not neurons, attention internals (<c>hook_z</c>) or LayerNorm outputs.</summary>
    public static readonly IReadOnlyList<string> Centred =
        ["hook_resid_pre", "hook_resid_mid", "hook_resid_post", "hook_embed", "hook_pos_embed", "hook_attn_out", "hook_mlp_out"];

    /// <summary>Whether <paramref name="hook"/> (e.g. <c>blocks.8.hook_resid_pre</c>) is one of <see cref="Centred"/>.</summary>
    public static bool WritesResidual(string? hook)
    {
        if (string.IsNullOrEmpty(hook)) return false;
        int dot = hook.LastIndexOf('.');
        var last = dot < 0 ? hook : hook[(dot + 1)..];
        return Centred.Contains(last, StringComparer.Ordinal);
    }
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

    /// <summary>For <see cref="DirectionKind.SaeFeature"/>: how the SAE computes the feature; null otherwise.</summary>
    public SaeEncoder? Sae { get; init; }

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
        if (Sae is { } e)
        {
            h.AppendData(Encoding.UTF8.GetBytes($"\nsae\n{e.Architecture}\n{e.FeatureIndex}\n{e.EncoderBias:R}\n{e.Threshold:R}\n{e.TopK}\n{e.Normalization}\n"));
            // Only a centred input changes the values beyond the arrays (a raw one hashes as before this field existed).
            if (e.Input == ResidualConvention.Centered) h.AppendData(Encoding.UTF8.GetBytes("input centered\n"));
            h.AppendData(MemoryMarshal.AsBytes(e.EncoderRow.AsSpan()));
            if (e.InputBias is { } b) h.AppendData(MemoryMarshal.AsBytes(b.AsSpan()));
            if (e.AllEncoder is { } w) h.AppendData(MemoryMarshal.AsBytes(w.AsSpan()));
            if (e.AllEncoderBias is { } wb) h.AppendData(MemoryMarshal.AsBytes(wb.AsSpan()));
        }
        return Convert.ToHexString(h.GetHashAndReset(), 0, 12).ToLowerInvariant();
    }
}
