namespace InterpLsp.Interp.Directions;

/// <summary>
/// Reads one vector from a .safetensors file: a named 1-D tensor or one row of a 2-D tensor
/// (e.g. SAELens W_dec [d_sae, d_in]). Only the header and the selected row are read.
/// </summary>
internal static class SafetensorsReader
{
    public const string SaeDecoder = "W_dec";

    public static RawVector Read(string origin, string fullPath, TensorSelector selector)
    {
        using var file = FileBytes.Open(origin, fullPath);
        long fileLength = RandomAccess.GetLength(file);
        var header = SafetensorsHeader.Read(origin, file, fileLength);
        var entry = Choose(origin, header, selector);
        var type = DType(origin, entry);
        int size = Elements.Size(type);

        var (rows, cols) = Shape2D.Of(origin, entry.Shape, $"tensor '{entry.Name}'");
        long expected = checked(rows * cols * size);
        if (entry.End - entry.Begin != expected)
            throw new DirectionLoadException(origin,
                $"tensor '{entry.Name}' has {entry.End - entry.Begin} bytes but shape {Shape2D.Format(entry.Shape)} of {entry.DType} needs {expected}");
        long row = Shape2D.PickRow(origin, entry.Shape, selector.Row, $"tensor '{entry.Name}'");
        FileBytes.CheckVectorLength(origin, cols);

        var bytes = FileBytes.ReadAt(origin, file, entry.Begin + row * cols * size, (int)(cols * size));
        return new RawVector(Elements.Decode(bytes, type), Hook: HookFrom(header.Metadata));
    }

    private static SafetensorsEntry Choose(string origin, SafetensorsHeader header, TensorSelector selector)
    {
        var byName = header.Tensors.ToDictionary(t => t.Name);
        if (selector.Name is { } name)
            return byName.GetValueOrDefault(name)
                ?? throw new DirectionLoadException(origin, $"no tensor named '{name}' (tensors: {List(header)})");

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

    private static ElementType DType(string origin, SafetensorsEntry entry) => entry.DType switch
    {
        "F32" => ElementType.F32,
        "F64" => ElementType.F64,
        "F16" => ElementType.F16,
        "BF16" => ElementType.BF16,
        var d => throw new DirectionLoadException(origin, $"tensor '{entry.Name}' has unsupported dtype {d}; expected F32, F64, F16 or BF16"),
    };

    private static string? HookFrom(IReadOnlyDictionary<string, string> metadata) =>
        metadata.GetValueOrDefault("hook_name") ?? metadata.GetValueOrDefault("hook_point") ?? metadata.GetValueOrDefault("hook");

    private static string List(SafetensorsHeader header)
    {
        var names = header.Tensors.Take(12).Select(t => $"{t.Name} {Shape2D.Format(t.Shape)}");
        return string.Join(", ", names) + (header.Tensors.Count > 12 ? ", ..." : "");
    }
}
