using InterpLsp.Interp.Directions;
using InterpLsp.Interp.IO;

namespace InterpLsp.Library.Formats;

/// <summary>
/// Reads the directions a file holds, through the hardened readers of <see cref="DirectionSpecParser"/> (one spec
/// <c>PATH#SELECTOR@HOOK</c> per row): numpy <c>.npy</c> (1-D: one direction; 2-D: one per row), <c>.safetensors</c>
/// (a chosen tensor, 1-D or its rows), JSON (ours: one <c>"vector"</c>; SAEDashboard's vector set: one per row of
/// <c>"vectors"</c>, names from <c>"names"</c>/<c>config.vector_names</c>, hook from <c>hook_point</c>/<c>hook_layer</c>
/// or <c>config.hook_name</c>) and SAELens folders (<see cref="SaeLensFolderFormat"/>). Every row is checked
/// against the hook's width of the active model before its data is read; any failure is the reader's
/// <see cref="DirectionLoadException"/> and nothing is returned.
/// </summary>
public static class DirectionImporter
{
    /// <param name="widthOfHook">The active model's width of a hook (throws for an unknown hook).</param>
    /// <param name="modelId">The active model's id: every imported direction is made for it.</param>
    public static IReadOnlyList<NewDirection> Read(string path, ImportOptions options, Func<string, int> widthOfHook, string? defaultHook,
        string modelId, CancellationToken cancellation = default)
    {
        var full = Path.GetFullPath(path);
        if (SaeLensFolderFormat.HasEncoder(full, options))
            return SaeLensFolderFormat.Features(path, full, options, widthOfHook, defaultHook, modelId, cancellation);
        var (format, selectors) = Plan(path, full, options, cancellation);
        if (selectors.Count > ImportOptions.MaxRows)
            throw new DirectionLoadException(path, $"holds {selectors.Count} directions, more than {ImportOptions.MaxRows} in one import; choose rows with --rows");
        var file = format == SaeLensFolderFormat.Name ? Path.Combine(full, SaeLensConfig.WeightsFileName) : full;
        var result = new List<NewDirection>(selectors.Count);
        foreach (var (selector, row) in selectors)
        {
            cancellation.ThrowIfCancellationRequested();
            var spec = file + (selector is null ? "" : "#" + selector) + (options.Hook is { } h ? "@" + h : "");
            var d = DirectionSpecParser.Load(spec, widthOfHook, defaultHook, baseDirectory: null, cancellation);
            d = d with { ModelId = modelId };
            string? name = options.Name is null ? null : selectors.Count == 1 ? options.Name : $"{options.Name}#{row}";
            result.Add(new NewDirection(d, name, new MadeBy($"import:{format}"), options.Tags));
        }
        return result;
    }

    /// <summary>The format and the selectors (with their row numbers) of every direction to read.</summary>
    private static (string Format, List<(string? Selector, long Row)> Selectors) Plan(string path, string full, ImportOptions o, CancellationToken ct)
    {
        if (Directory.Exists(full))
            return (SaeLensFolderFormat.Name, SaeLensFolderFormat.DecoderRows(path, full, o));
        if (SafeFile.Problem(full) is { } problem) throw new DirectionLoadException(path, problem);
        switch (Path.GetExtension(full).ToLowerInvariant())
        {
            case ".npy":
            {
                if (o.Tensor is not null) throw new DirectionLoadException(path, "a .npy file holds one array; --tensor applies only to .safetensors");
                var shape = ArrayShapes.Npy(path, full, ct);
                return ("npy", RowSelectors(path, shape, o.Rows, name: null));
            }
            case ".safetensors":
            {
                var (tensor, shape) = ArrayShapes.Safetensors(path, full, o.Tensor, o.Rows is not null, ct);
                return ("safetensors", RowSelectors(path, shape, o.Rows, tensor));
            }
            case ".json":
            {
                if (o.Tensor is not null) throw new DirectionLoadException(path, "--tensor applies only to .safetensors");
                int? rows = ArrayShapes.JsonVectorRows(path, full, ct);
                if (rows is null)
                {
                    if (o.Rows is not null) throw new DirectionLoadException(path, "file holds a single \"vector\"; --rows does not apply");
                    return ("json", [(null, 0)]);
                }
                return ("saedashboard", RowSelectors(path, [rows.Value, 0], o.Rows, name: null));
            }
            default:
                throw new DirectionLoadException(path, $"unknown file type '{Echo.Input(Path.GetExtension(full))}'; expected .npy, .safetensors, .json or a SAELens folder");
        }
    }

    internal static List<(string? Selector, long Row)> RowSelectors(string origin, IReadOnlyList<long> shape, IReadOnlyList<int>? rows, string? name)
    {
        if (shape.Count == 1)
        {
            if (rows is not null) throw new DirectionLoadException(origin, $"the array is 1-D (shape [{shape[0]}]); --rows does not apply");
            return [(name, 0)];
        }
        if (shape.Count != 2) throw new DirectionLoadException(origin, $"the array is {shape.Count}-D; expected 1-D or 2-D");
        long count = shape[0];
        var chosen = rows?.Select(r => (long)r).ToList() ?? (count > ImportOptions.MaxRows
            ? throw new DirectionLoadException(origin, $"holds {count} rows, more than {ImportOptions.MaxRows} in one import; choose rows with --rows")
            : Enumerable.Range(0, (int)count).Select(r => (long)r).ToList());
        foreach (var r in chosen)
            if (r < 0 || r >= count) throw new DirectionLoadException(origin, $"row {r} is out of range: the array has {count} rows");
        return chosen.Select(r => ((string?)(name is null ? $"{r}" : $"{name}[{r}]"), r)).ToList();
    }
}
