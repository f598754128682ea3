using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using InterpLsp.Interp.IO;

namespace InterpLsp.Interp.Directions;

public static partial class SaeLensFolder
{
    /// <summary>
    /// Writes chosen <see cref="DirectionKind.SaeFeature"/> directions of one SAE as a smaller SAELens folder that
    /// SAELens's <c>SAE.load_from_disk</c> and <see cref="Read"/> both load: <c>sae_weights.safetensors</c> (F32
    /// <c>W_enc</c> [d_in, n], <c>b_enc</c> [n], <c>W_dec</c> [n, d_in], <c>b_dec</c> [d_in], and jumprelu's
    /// <c>threshold</c> [n]) and <c>cfg.json</c> (architecture, d_in, d_sae = n, apply_b_dec_to_input,
    /// normalize_activations, topk's k, hook_name and model_name at the top level and in <c>metadata</c>, and
    /// <c>metadata.source_features</c>: the original index of each written feature). Feature c of the written folder is
    /// <c>features[c]</c>, so its activations are identical. A topk feature's activation depends on every feature's
    /// pre-activation, so a topk SAE is written only whole (every feature, once; written in index order).
    /// When apply_b_dec_to_input was false, b_dec is not known (it matters only to decoding) and is written as zeros.
    /// Features read centred (<see cref="ResidualConvention.Centered"/>) write <c>metadata.model_from_pretrained_kwargs</c>
    /// <c>center_writing_weights: true</c>. The weights are written as the features hold them: folded features (the
    /// default reading) read back the same, as their decoder rows have unit norm.
    /// Throws <see cref="ArgumentException"/> for directions that are not SAE features of one SAE.
    /// </summary>
    public static void Write(string folder, IReadOnlyList<Direction> features)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(features);
        if (features.Count == 0) throw new ArgumentException("no SAE features to write", nameof(features));
        foreach (var d in features)
            if (d.Kind != DirectionKind.SaeFeature || d.Sae is null)
                throw new ArgumentException($"direction '{Echo.Input(d.Name)}' is a {d.Kind} direction, not an SAE feature", nameof(features));
        var first = features[0];
        var e0 = first.Sae!;
        int dIn = first.Width;
        foreach (var d in features)
        {
            var e = d.Sae!;
            string? why =
                e.Architecture != e0.Architecture ? $"architecture {e.Architecture}, not {e0.Architecture}" :
                e.Normalization != e0.Normalization ? $"normalization {e.Normalization}, not {e0.Normalization}" :
                e.TopK != e0.TopK ? $"k {e.TopK}, not {e0.TopK}" :
                d.Width != dIn ? $"width {d.Width}, not {dIn}" :
                d.Hook != first.Hook ? $"hook {d.Hook}, not {first.Hook}" :
                d.DeclaredModel != first.DeclaredModel ? $"model {d.DeclaredModel}, not {first.DeclaredModel}" :
                !SameValues(e.InputBias, e0.InputBias) ? "another b_dec" :
                e.Input != e0.Input ? $"input {e.Input}, not {e0.Input}" :
                e.EncoderRow.Length != dIn ? $"an encoder row of length {e.EncoderRow.Length}, not {dIn}" : null;
            if (why is not null)
                throw new ArgumentException(
                    $"SAE features of one SAE only: '{Echo.Input(d.Name)}' has {why} (as '{Echo.Input(first.Name)}' has)", nameof(features));
        }

        var ordered = features;
        if (e0.Architecture == "topk") ordered = WholeTopK(features);

        int n = ordered.Count;
        var wEnc = new float[(long)dIn * n];
        var wDec = new float[(long)n * dIn];
        for (int c = 0; c < n; c++)
        {
            var row = ordered[c].Sae!.EncoderRow;
            for (int r = 0; r < dIn; r++) wEnc[(long)r * n + c] = row[r];
            ordered[c].Vector.CopyTo(wDec, (long)c * dIn);
        }
        var tensors = new List<SafetensorsTensor>
        {
            new("W_enc", [dIn, n], wEnc),
            new("b_enc", [n], ordered.Select(d => d.Sae!.EncoderBias).ToArray()),
            new("W_dec", [n, dIn], wDec),
            new("b_dec", [dIn], e0.InputBias?.ToArray() ?? new float[dIn]),
        };
        if (e0.Architecture == "jumprelu")
            tensors.Add(new("threshold", [n], ordered.Select(d => d.Sae!.Threshold).ToArray()));

        var cfg = new JObject
        {
            ["architecture"] = e0.Architecture,
            ["d_in"] = dIn,
            ["d_sae"] = n,
            ["dtype"] = "float32",
            ["device"] = "cpu",
            ["apply_b_dec_to_input"] = e0.InputBias is not null,
            ["normalize_activations"] = e0.Normalization,
            ["reshape_activations"] = "none",
            ["hook_name"] = first.Hook,
            ["model_name"] = first.DeclaredModel,
            ["metadata"] = new JObject
            {
                ["hook_name"] = first.Hook,
                ["model_name"] = first.DeclaredModel,
                ["source_features"] = new JArray(ordered.Select(d => d.Sae!.FeatureIndex)),
            },
        };
        if (e0.Input == ResidualConvention.Centered)
            cfg["metadata"]!["model_from_pretrained_kwargs"] = new JObject { ["center_writing_weights"] = true };
        if (e0.Architecture == "topk") cfg["k"] = e0.TopK;

        Directory.CreateDirectory(folder);
        SafetensorsWriter.Write(Path.Combine(folder, SaeLensConfig.WeightsFileName), tensors);
        DurableFile.Write(Path.Combine(folder, SaeLensConfig.FileName), Encoding.UTF8.GetBytes(cfg.ToString(Formatting.Indented)));
    }

    /// <summary>Every feature of a topk SAE, once each, in index order (checked against its full encoder).</summary>
    private static IReadOnlyList<Direction> WholeTopK(IReadOnlyList<Direction> features)
    {
        var e0 = features[0].Sae!;
        var all = e0.AllEncoder ?? throw new ArgumentException("a topk feature without its full encoder (AllEncoder)", nameof(features));
        var allBias = e0.AllEncoderBias ?? throw new ArgumentException("a topk feature without its full encoder bias", nameof(features));
        int dSae = allBias.Length;
        var byIndex = new Direction?[dSae];
        foreach (var d in features)
        {
            var e = d.Sae!;
            if (!SameValues(e.AllEncoder, all) || !SameValues(e.AllEncoderBias, allBias) || e.FeatureIndex < 0 || e.FeatureIndex >= dSae)
                throw new ArgumentException($"SAE features of one SAE only: '{Echo.Input(d.Name)}' has another topk encoder", nameof(features));
            if (byIndex[e.FeatureIndex] is not null)
                throw new ArgumentException($"feature {e.FeatureIndex} is given twice", nameof(features));
            byIndex[e.FeatureIndex] = d;
        }
        int missing = Array.FindIndex(byIndex, d => d is null);
        if (missing >= 0)
            throw new ArgumentException(
                $"a topk feature's activation depends on all {dSae} features of its SAE, so a topk SAE is written only whole; feature {missing} is missing",
                nameof(features));
        return byIndex!;
    }

    private static bool SameValues(float[]? a, float[]? b) =>
        ReferenceEquals(a, b) || (a is not null && b is not null && a.AsSpan().SequenceEqual(b));
}
