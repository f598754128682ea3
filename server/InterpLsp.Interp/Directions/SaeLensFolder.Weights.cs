namespace InterpLsp.Interp.Directions;

/// <summary>
/// Every weight of an SAELens SAE as stored (not folded), with what its cfg.json says, for checking the SAE as a whole
/// (reconstruction and sparsity on real hidden states); <see cref="SaeLensFolder.ReadWeights"/> reads it.
/// </summary>
/// <param name="EncoderT">W_enc transposed, row-major [d_sae x d_in]: row j is feature j's encoder.</param>
/// <param name="EncoderBias">b_enc [d_sae].</param>
/// <param name="Decoder">W_dec, row-major [d_sae x d_in].</param>
/// <param name="DecoderBias">b_dec [d_in] (added to every reconstruction; subtracted from the input when
/// <paramref name="ApplyBDecToInput"/>).</param>
/// <param name="Threshold">jumprelu's threshold [d_sae]; null otherwise.</param>
/// <param name="K">topk's k; 0 otherwise.</param>
/// <param name="CenterWritingWeights">cfg's <c>model_from_pretrained_kwargs.center_writing_weights</c>.</param>
/// <param name="DeclaredL0">cfg's <c>l0</c>, if any.</param>
/// <param name="DeclaredVarianceExplained">cfg's <c>variance_explained</c>, if any.</param>
public sealed record SaeWeights(
    string Architecture,
    int DIn,
    int DSae,
    float[] EncoderT,
    float[] EncoderBias,
    float[] Decoder,
    float[] DecoderBias,
    bool ApplyBDecToInput,
    float[]? Threshold,
    int K,
    string Normalization,
    bool RescaleByDecoderNorm,
    bool CenterWritingWeights,
    double? DeclaredL0,
    double? DeclaredVarianceExplained,
    string? Hook,
    string? ModelName);

public static partial class SaeLensFolder
{
    /// <summary>Most values one of W_enc and W_dec may hold for <see cref="ReadWeights"/> (2^26: 256 MB each; a
    /// 24,576 x 768 GPT-2 SAE has 18.9M).</summary>
    public const long MaxWeightElements = 1L << 26;

    /// <summary>Whether <paramref name="path"/> names an existing <c>sae_weights.safetensors</c> with a <c>cfg.json</c> beside it.</summary>
    public static bool IsWeightsFile(string? path) =>
        !string.IsNullOrEmpty(path) && Path.GetFileName(path) == SaeLensConfig.WeightsFileName && File.Exists(path)
        && File.Exists(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, SaeLensConfig.FileName));

    /// <summary>Every weight of the SAE in <paramref name="folder"/> (or the folder of the <c>sae_weights.safetensors</c>
    /// it names), read once, as stored; null when W_enc has more than <paramref name="maxElements"/> values (the caller
    /// then skips what it wanted them for). Every problem is a <see cref="DirectionLoadException"/> naming the file.</summary>
    public static SaeWeights? ReadWeights(string folder, long maxElements = MaxWeightElements, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var full = Path.GetFullPath(folder);
        var weightsPath = Directory.Exists(full) ? Path.Combine(full, SaeLensConfig.WeightsFileName) : full;
        var (cfgPath, cfg) = Config(folder, weightsPath, cancellationToken);
        using var w = SaeLensWeights.Open(folder, weightsPath, cfgPath, cfg, cancellationToken);
        if ((long)w.DIn * w.DSae > maxElements) return null;
        if (cfg.Architecture == "topk" && cfg.K > w.DSae)
            throw new DirectionLoadException(cfgPath, $"SAELens config has k {cfg.K}, more than its d_sae {w.DSae}");
        var result = new SaeWeights(cfg.Architecture, w.DIn, w.DSae,
            w.EncoderTransposed(cancellationToken), w.Vector("b_enc", cancellationToken), w.Decoder(cancellationToken),
            w.Vector("b_dec", cancellationToken), cfg.ApplyBDecToInput,
            cfg.Architecture == "jumprelu" ? w.Vector("threshold", cancellationToken) : null,
            cfg.Architecture == "topk" ? (int)cfg.K!.Value : 0, cfg.Normalization, cfg.RescaleByDecoderNorm,
            cfg.CenterWritingWeights, cfg.DeclaredL0, cfg.DeclaredVarianceExplained, cfg.Hook, cfg.ModelName);
        CheckFinite(folder, "W_enc", result.EncoderT);
        CheckFinite(folder, "b_enc", result.EncoderBias);
        CheckFinite(folder, "W_dec", result.Decoder);
        CheckFinite(folder, "b_dec", result.DecoderBias);
        if (result.Threshold is { } t) CheckFinite(folder, "threshold", t);
        return result;
    }
}
