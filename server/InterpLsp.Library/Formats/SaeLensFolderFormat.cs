using InterpLsp.Interp.Directions;

namespace InterpLsp.Library.Formats;

/// <summary>
/// SAELens folders (<c>cfg.json</c> + <c>sae_weights.safetensors</c>). An import takes the chosen features as the SAE
/// computes them (<see cref="DirectionKind.SaeFeature"/>: encoder row, bias, threshold, architecture, through
/// <see cref="SaeLensFolder.Read"/>); with <c>--tensor W_dec</c> it takes their decoder rows as projection
/// directions instead (spec <c>FOLDER/sae_weights.safetensors#W_dec[ROW]</c>). The hook is cfg.json's
/// <c>hook_name</c>/<c>metadata.hook_name</c> unless one is given.
/// </summary>
public static class SaeLensFolderFormat
{
    public const string Name = "saelens";

    /// <summary>Whether <paramref name="full"/> is a SAELens folder whose features should be read with their encoder.</summary>
    public static bool HasEncoder(string full, ImportOptions o) =>
        o.Tensor is null && Directory.Exists(full) && File.Exists(Path.Combine(full, SaeLensConfig.FileName));

    /// <summary>The chosen features as SaeFeature directions, each checked against the hook's width.</summary>
    public static IReadOnlyList<NewDirection> Features(string origin, string full, ImportOptions o, Func<string, int> widthOfHook,
        string? defaultHook, string modelId, CancellationToken ct)
    {
        if (o.Rows is null)
            throw new DirectionLoadException(origin, "is a SAELens folder: choose the features to import with --features, e.g. --features 3,17");
        var features = SaeLensFolder.Read(full, o.Rows, ct);
        var result = new List<NewDirection>(features.Count);
        foreach (var f in features)
        {
            var hook = o.Hook ?? f.Hook ?? defaultHook
                ?? throw new DirectionLoadException(origin, "names no hook (cfg.json hook_name); give one with --hook");
            int width = widthOfHook(hook);
            if (width != f.Width)
                throw new DirectionLoadException(origin, $"has d_in {f.Width} but {hook} of the active model has width {width}");
            var d = f with { Hook = hook, ModelId = modelId };
            int index = f.Sae!.FeatureIndex;
            string? name = o.Name is null ? null : features.Count == 1 ? o.Name : $"{o.Name}#{index}";
            result.Add(new NewDirection(d, name, new MadeBy($"import:{Name}"), o.Tags));
        }
        return result;
    }

    /// <summary>The W_dec rows of the features chosen in <paramref name="o"/> (required: an SAE has thousands).</summary>
    public static List<(string? Selector, long Row)> DecoderRows(string origin, string folder, ImportOptions o)
    {
        var weights = Path.Combine(folder, SaeLensConfig.WeightsFileName);
        if (!File.Exists(weights))
            throw new DirectionLoadException(origin, $"is a folder without {SaeLensConfig.WeightsFileName}; give a file or a SAELens folder");
        if (o.Rows is null)
            throw new DirectionLoadException(origin, "is a SAELens folder: choose the features to import with --features, e.g. --features 3,17");
        var (tensor, shape) = ArrayShapes.Safetensors(weights, weights, o.Tensor ?? "W_dec", rowsChosen: true, CancellationToken.None);
        return DirectionImporter.RowSelectors(weights, shape, o.Rows, tensor);
    }
}
