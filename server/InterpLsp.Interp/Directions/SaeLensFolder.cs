using System.Numerics.Tensors;

namespace InterpLsp.Interp.Directions;

/// <summary>
/// An SAELens folder (<c>cfg.json</c> + <c>sae_weights.safetensors</c>) read as <see cref="DirectionKind.SaeFeature"/>
/// directions: one per chosen feature, whose value is the feature's activation as the SAE computes it (see
/// <see cref="SaeEncoder"/>) and whose vector is its decoder row W_dec[i]. Architectures <c>standard</c>,
/// <c>jumprelu</c> and <c>topk</c> (see <see cref="SaeLensConfig"/> for how the cfg is read).
/// <para><b>Units.</b> By default a feature is read as Neuronpedia serves SAEs: its decoder norm is folded into the
/// encoder (SAELens's <c>fold_W_dec_norm</c>): W_enc[:, i], b_enc[i] and a jumprelu threshold[i] are multiplied by
/// |W_dec[i]| and W_dec[i] is divided by it, so the activation is |W_dec[i]| times the trained one and the decoder row
/// has unit norm (a row already of unit norm within 1e-5 is left as it is, so reading a folded SAE again changes
/// nothing). <see cref="SaeReadOptions.FoldDecoderNorm"/> false (spec <c>?raw-units</c>) keeps the trained units. A topk
/// SAE without <c>rescale_acts_by_decoder_norm</c> is never folded (SAELens and Neuronpedia refuse: it would change which
/// k features win); one with it is always read folded, as SAELens's encode already reports those units.</para>
/// <para><b>Input.</b> When cfg.json's <c>model_from_pretrained_kwargs.center_writing_weights</c> is true (or the spec
/// says <c>?centered-input</c>), the feature reads h - mean(h) at residual hooks (<see cref="ResidualConvention"/>).</para>
/// </summary>
public static partial class SaeLensFolder
{
    /// <summary>Most features <see cref="Read"/> returns when none are chosen: a larger SAE needs a choice.</summary>
    public const int MaxUnchosenFeatures = 64;

    /// <summary>Most features one read may choose.</summary>
    public const int MaxChosenFeatures = 4096;

    /// <summary>The chosen features of the SAE in <paramref name="folder"/> (or the folder of the
    /// <c>sae_weights.safetensors</c> it names), in the order given, each once; null: all of them when the SAE has at
    /// most <see cref="MaxUnchosenFeatures"/>. The hook and <see cref="Direction.DeclaredModel"/> come from the cfg
    /// (the hook may be null when it names none; the engine then refuses the direction). Id is
    /// <c>FOLDER#feature[I]</c> (the full path, a spec that loads it again), Name <c>FOLDERNAME#feature[I]</c>.
    /// Every problem is a <see cref="DirectionLoadException"/> naming the file.</summary>
    public static IReadOnlyList<Direction> Read(string folder, IReadOnlyList<int>? features, CancellationToken cancellationToken = default) =>
        Read(folder, features, SaeReadOptions.Default, cancellationToken);

    /// <summary>As <see cref="Read(string, IReadOnlyList{int}?, CancellationToken)"/>, read with <paramref name="options"/>.</summary>
    public static IReadOnlyList<Direction> Read(string folder, IReadOnlyList<int>? features, SaeReadOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(folder);
        var full = Path.GetFullPath(folder);
        if (File.Exists(full) && Path.GetFileName(full) == SaeLensConfig.WeightsFileName) full = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(full))
            throw new DirectionLoadException(folder, "is not a folder; an SAELens folder holds cfg.json and sae_weights.safetensors");
        var weights = Path.Combine(full, SaeLensConfig.WeightsFileName);
        var name = Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        return Read(weights, weights, features, options, (cfg, _) => cfg.Hook,
            i => ($"{full}#feature[{i}]", $"{name}#feature[{i}]"), cancellationToken);
    }

    /// <summary>The shared reader: <paramref name="hookFor"/> picks the hook from the cfg and d_in (and may refuse it)
    /// before any tensor data is read; <paramref name="names"/> gives each feature's Id and Name.</summary>
    internal static IReadOnlyList<Direction> Read(string origin, string weightsPath, IReadOnlyList<int>? features, SaeReadOptions options,
        Func<SaeLensConfig, int, string?> hookFor, Func<int, (string Id, string Name)> names, CancellationToken cancellationToken)
    {
        var (cfgPath, cfg) = Config(origin, weightsPath, cancellationToken);
        using var w = SaeLensWeights.Open(origin, weightsPath, cfgPath, cfg, cancellationToken);
        if (cfg.Architecture == "topk" && cfg.K > w.DSae)
            throw new DirectionLoadException(cfgPath, $"SAELens config has k {cfg.K}, more than its d_sae {w.DSae}");
        var chosen = Choose(origin, features, w.DSae);
        var hook = hookFor(cfg, w.DIn);

        var decoder = chosen.Select(i => w.DecoderRow(i, cancellationToken)).ToArray();
        var bEnc = w.Vector("b_enc", cancellationToken);
        var bDec = cfg.ApplyBDecToInput ? w.Vector("b_dec", cancellationToken) : null;
        var threshold = cfg.Architecture == "jumprelu" ? w.Vector("threshold", cancellationToken) : null;
        float[]? all = null;
        float[][] encoder;
        if (cfg.Architecture == "topk")
        {
            all = w.EncoderTransposed(cancellationToken);
            if (cfg.RescaleByDecoderNorm) FoldDecoderNorms(w, all, bEnc, decoder, cancellationToken);
            encoder = chosen.Select(i => all.AsSpan(i * w.DIn, w.DIn).ToArray()).ToArray();
        }
        else encoder = w.EncoderColumns(chosen, cancellationToken);

        CheckFinite(origin, "b_enc", bEnc);
        bool folded = cfg.Architecture == "topk" ? cfg.RescaleByDecoderNorm : options.FoldDecoderNorm;
        var input = options.Input ?? (cfg.CenterWritingWeights ? ResidualConvention.Centered : ResidualConvention.Raw);
        if (bDec is not null) CheckFinite(origin, "b_dec", bDec);
        if (threshold is not null) CheckFinite(origin, "threshold", threshold);
        if (all is not null) CheckFinite(origin, "W_enc", all);
        for (int c = 0; c < chosen.Count; c++)
        {
            CheckFinite(origin, $"W_dec row {chosen[c]}", decoder[c]);
            CheckFinite(origin, $"W_enc column {chosen[c]}", encoder[c]);
        }
        if (folded && cfg.Architecture != "topk") FoldChosen(chosen, encoder, decoder, bEnc, threshold);

        var source = Path.GetFullPath(weightsPath);
        var result = new Direction[chosen.Count];
        for (int c = 0; c < chosen.Count; c++)
        {
            int i = chosen[c];
            var (id, name) = names(i);
            var sae = new SaeEncoder(cfg.Architecture, i, encoder[c], bEnc[i], bDec,
                threshold?[i] ?? 0, cfg.Architecture == "topk" ? (int)cfg.K!.Value : 0, cfg.Normalization,
                all, all is null ? null : bEnc, input, folded);
            result[c] = new Direction(id, name, hook, decoder[c], DirectionKind.SaeFeature, Source: source)
            {
                DeclaredModel = cfg.ModelName,
                Sae = sae,
            };
        }
        return result;
    }

    /// <summary>The cfg.json beside <paramref name="weightsPath"/>, read and checked for what this tool can compute.</summary>
    private static (string CfgPath, SaeLensConfig Cfg) Config(string origin, string weightsPath, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var cfgPath = Path.Combine(Path.GetDirectoryName(weightsPath) ?? ".", SaeLensConfig.FileName);
        if (!File.Exists(cfgPath))
            throw new DirectionLoadException(origin, $"no {SaeLensConfig.FileName} beside it: SAE features need the SAELens config");
        var cfg = SaeLensConfig.Read(cfgPath, cancellationToken);
        if (cfg.Normalization == "expected_average_only_in")
            throw new DirectionLoadException(cfgPath,
                "SAELens config has normalize_activations 'expected_average_only_in' without a folded scaling factor: its activations " +
                "depend on a dataset-wide norm that the folder does not hold; fold it (SAELens fold_activation_norm_scaling_factor, " +
                "which sets normalize_activations to none) and save again");
        if (!File.Exists(weightsPath))
            throw new DirectionLoadException(origin, "file not found");
        return (cfgPath, cfg);
    }

    /// <summary>How far from 1 a decoder row's norm may be for the row to count as already unit (float32 rounding of a
    /// norm over thousands of values), so that folding a folded SAE changes nothing.</summary>
    public const float UnitNormTolerance = 1e-5f;

    /// <summary>standard and jumprelu: SAELens's <c>fold_W_dec_norm</c> on the chosen features: encoder column, b_enc[i]
    /// and threshold[i] times |W_dec[i]|, W_dec[i] divided by it (a zero row stays zero; its feature then never fires,
    /// as in SAELens, whose division would give NaN).</summary>
    private static void FoldChosen(List<int> chosen, float[][] encoder, float[][] decoder, float[] bEnc, float[]? threshold)
    {
        for (int c = 0; c < chosen.Count; c++)
        {
            int i = chosen[c];
            float norm = TensorPrimitives.Norm(decoder[c]);
            if (MathF.Abs(norm - 1) <= UnitNormTolerance) continue;
            TensorPrimitives.Multiply(encoder[c], norm, encoder[c]);
            bEnc[i] *= norm;
            if (threshold is not null) threshold[i] *= norm;
            if (norm > 0) TensorPrimitives.Divide(decoder[c], norm, decoder[c]);
        }
    }

    private static List<int> Choose(string origin, IReadOnlyList<int>? features, int dSae)
    {
        if (features is null)
        {
            if (dSae > MaxUnchosenFeatures)
                throw new DirectionLoadException(origin,
                    $"the SAE has d_sae {dSae} features; choose some, e.g. #feature[12] or #feature[3,17] (all are read only up to {MaxUnchosenFeatures})");
            return Enumerable.Range(0, dSae).ToList();
        }
        var chosen = new List<int>();
        var seen = new HashSet<int>();
        foreach (var i in features)
        {
            if (i < 0 || i >= dSae)
                throw new DirectionLoadException(origin, $"feature index {i} is out of range: the SAE has d_sae {dSae} features (0..{dSae - 1})");
            if (seen.Add(i)) chosen.Add(i);
        }
        if (chosen.Count == 0)
            throw new DirectionLoadException(origin, "no feature chosen");
        if (chosen.Count > MaxChosenFeatures)
            throw new DirectionLoadException(origin, $"{chosen.Count} features chosen; at most {MaxChosenFeatures} at once");
        return chosen;
    }

    /// <summary>topk with rescale_acts_by_decoder_norm: hidden_pre[j] * |W_dec[j]| equals the pre-activation of encoder
    /// column j and bias j times |W_dec[j]|; the decoder rows become unit rows (SAELens's _fold_norm_topk).</summary>
    private static void FoldDecoderNorms(SaeLensWeights w, float[] all, float[] bEnc, float[][] decoder, CancellationToken cancellationToken)
    {
        for (int j = 0; j < w.DSae; j++)
        {
            var row = w.DecoderRow(j, cancellationToken);
            float norm = TensorPrimitives.Norm(row);
            var column = all.AsSpan(j * w.DIn, w.DIn);
            TensorPrimitives.Multiply(column, norm, column);
            bEnc[j] *= norm;
        }
        foreach (var d in decoder)
        {
            float norm = TensorPrimitives.Norm(d);
            if (norm > 0) TensorPrimitives.Divide(d, norm, d);
        }
    }

    private static void CheckFinite(string origin, string what, float[] values)
    {
        int i = Array.FindIndex(values, v => !float.IsFinite(v));
        if (i >= 0)
            throw new DirectionLoadException(origin, $"{what} holds {values[i]} at index {i}, not a finite number");
    }
}
