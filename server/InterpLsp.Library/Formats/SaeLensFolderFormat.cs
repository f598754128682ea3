using InterpLsp.Interp.Directions;

namespace InterpLsp.Library.Formats;

/// <summary>
/// SAELens folders (<c>cfg.json</c> + <c>sae_weights.safetensors</c>): the place in the import registry for them.
/// Today an import takes the chosen features' decoder rows as projection directions, through the spec
/// <c>FOLDER/sae_weights.safetensors#W_dec[ROW]</c> (the hook from cfg.json's <c>hook_name</c>/<c>metadata.hook_name</c>).
/// INTEGRATION: when <c>SaeLensFolder.Read(folder, features)</c> (kind SaeFeature, with its encoder) is on main,
/// <see cref="DirectionImporter"/> should call it for folders instead of reading decoder rows here.
/// </summary>
public static class SaeLensFolderFormat
{
    public const string Name = "saelens";

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
