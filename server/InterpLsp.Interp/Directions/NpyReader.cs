using InterpLsp.Interp.IO;
namespace InterpLsp.Interp.Directions;

/// <summary>Reads one vector from a .npy file: a 1-D array, or one row of a 2-D array (C or Fortran order).
/// The header is checked against the file's length and the row's length against the hook's width before any data is read.</summary>
internal static class NpyReader
{
    public static RawVector Read(string origin, string fullPath, TensorSelector selector, HookResolver hooks,
        CancellationToken cancellationToken = default)
    {
        if (selector.Name is not null)
            throw new DirectionLoadException(origin, $"a .npy file holds one array; '#{Echo.Input(selector.Name)}' names a tensor (use #ROW for a row)");

        using var file = FileBytes.Open(origin, fullPath, cancellationToken: cancellationToken);
        long fileLength = RandomAccess.GetLength(file);
        var h = NpyHeader.Read(origin, file, fileLength, cancellationToken);
        int size = Elements.Size(h.Type);

        var (rows, cols) = Shape2D.Of(origin, h.Shape, "array");
        long needed = h.DataOffset + checked(rows * cols * size);
        if (needed > fileLength)
            throw new DirectionLoadException(origin, $"file is truncated: shape ({string.Join(", ", h.Shape)}) needs {needed} bytes, file has {fileLength}");

        long row = Shape2D.PickRow(origin, h.Shape, selector.Row, "array");
        FileBytes.CheckVectorLength(origin, cols);
        var (hook, width) = hooks.Resolve(null);
        DirectionValidator.CheckWidth(origin, cols, hook, width);

        float[] values;
        if (!h.FortranOrder || h.Shape.Length == 1 || rows == 1)
        {
            var bytes = FileBytes.ReadAt(origin, file, h.DataOffset + row * cols * size, (int)(cols * size), cancellationToken);
            values = Elements.Decode(bytes, h.Type);
        }
        else
        {
            // Fortran (column-major) order: element (r, c) sits at c * rows + r; cols is at most the hook's width.
            values = new float[cols];
            Span<byte> one = stackalloc byte[size];
            for (long c = 0; c < cols; c++)
            {
                if ((c & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
                FileBytes.ReadAt(origin, file, h.DataOffset + (c * rows + row) * size, one);
                values[c] = Elements.DecodeOne(one, h.Type);
            }
        }
        return new RawVector(values);
    }
}
