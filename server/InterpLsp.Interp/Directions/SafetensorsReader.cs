using InterpLsp.Interp.IO;
namespace InterpLsp.Interp.Directions;

/// <summary>
/// Reads one vector from a .safetensors file: a named 1-D tensor or one row of a 2-D tensor
/// (e.g. SAELens W_dec [d_sae, d_in]). Only the header and the selected row are read.
/// </summary>
internal static class SafetensorsReader
{
    public const string SaeDecoder = "W_dec";

    public static RawVector Read(string origin, string fullPath, TensorSelector selector, HookResolver hooks,
        CancellationToken cancellationToken = default)
    {
        using var file = FileBytes.Open(origin, fullPath, cancellationToken: cancellationToken);
        long fileLength = RandomAccess.GetLength(file);
        var header = SafetensorsHeader.Read(origin, file, fileLength, cancellationToken);
        var entry = Choose(origin, header, selector);
        var type = DType(origin, entry);
        int size = Elements.Size(type);

        var (rows, cols) = Shape2D.Of(origin, entry.Shape, $"tensor {Label(entry)}");
        long expected = checked(rows * cols * size);
        if (entry.End - entry.Begin != expected)
            throw new DirectionLoadException(origin,
                $"tensor {Label(entry)} has {entry.End - entry.Begin} bytes but shape {Shape2D.Format(entry.Shape)} of {entry.DType} needs {expected}");
        long row = Shape2D.PickRow(origin, entry.Shape, selector.Row, $"tensor {Label(entry)}");
        FileBytes.CheckVectorLength(origin, cols);
        var fileHook = HookFrom(header.Metadata);
        var (hook, width) = hooks.Resolve(fileHook);
        DirectionValidator.CheckWidth(origin, cols, hook, width);

        var bytes = FileBytes.ReadAt(origin, file, entry.Begin + row * cols * size, (int)(cols * size), cancellationToken);
        return new RawVector(Elements.Decode(bytes, type), Hook: fileHook);
    }

    private static SafetensorsEntry Choose(string origin, SafetensorsHeader header, TensorSelector selector)
    {
        var byName = header.Tensors.ToDictionary(t => t.Name);
        if (selector.Name is { } name)
            return byName.GetValueOrDefault(name)
                ?? throw new DirectionLoadException(origin, $"no tensor named '{Echo.Input(name)}' (tensors: {List(header)})");

        if (byName.TryGetValue(SaeDecoder, out var decoder))
        {
            if (selector.Row is null)
                throw new DirectionLoadException(origin,
                    $"file holds SAE decoder {SaeDecoder} {Shape2D.Format(decoder.Shape)}; pick a feature row with #{SaeDecoder}[ROW] or #ROW");
            return decoder;
        }

        int wantRank = selector.Row is null ? 1 : 2;
        var candidates = header.Tensors.Where(t => t.Shape.Length == wantRank).ToList();
        if (candidates.Count == 1) return candidates[0];
        if (selector.Row is null && header.Tensors.Count == 1) return header.Tensors[0];
        throw new DirectionLoadException(origin, header.Tensors.Count == 0
            ? "file holds no tensors"
            : $"cannot tell which tensor to use ({candidates.Count} are {wantRank}-D); name one with #NAME or #NAME[ROW] (tensors: {List(header)})");
    }

    internal static ElementType DType(string origin, SafetensorsEntry entry) => entry.DType switch
    {
        "F32" => ElementType.F32,
        "F64" => ElementType.F64,
        "F16" => ElementType.F16,
        "BF16" => ElementType.BF16,
        var d => throw new DirectionLoadException(origin,
            $"tensor {Label(entry)} has unsupported dtype{(KnownDTypes.Contains(d) ? " " + d : "")}; expected F32, F64, F16 or BF16"),
    };

    private static string? HookFrom(IReadOnlyDictionary<string, string> metadata) =>
        metadata.GetValueOrDefault("hook_name") ?? metadata.GetValueOrDefault("hook_point") ?? metadata.GetValueOrDefault("hook");

    /// <summary>dtypes the safetensors format defines: only these are named in a message (as our text, not the file's).</summary>
    private static readonly HashSet<string> KnownDTypes =
        ["BOOL", "U8", "I8", "I16", "U16", "I32", "U32", "I64", "U64", "F8_E4M3", "F8_E5M2", "F16", "BF16", "F32", "F64", "C64"];

    /// <summary>A tensor in a message: its name when it is a plain identifier (W_dec, blocks.0.w), which a user needs to
    /// pick one; otherwise only its position, so no odd text from the file reaches the message.</summary>
    public static string Label(SafetensorsEntry t) => SafetensorsHeader.IsPlainName(t.Name) ? $"'{t.Name}'" : $"number {t.Index + 1}";

    private static string List(SafetensorsHeader header)
    {
        var names = header.Tensors.Take(12).Select(t => $"{Label(t)} {Shape2D.Format(t.Shape)}");
        return string.Join(", ", names) + (header.Tensors.Count > 12 ? $", ... ({header.Tensors.Count} in all)" : "");
    }
}
