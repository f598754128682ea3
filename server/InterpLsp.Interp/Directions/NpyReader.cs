namespace InterpLsp.Interp.Directions;

/// <summary>Reads one vector from a .npy file: a 1-D array, or one row of a 2-D array (C or Fortran order).</summary>
internal static class NpyReader
{
    public static RawVector Read(string origin, string fullPath, TensorSelector selector)
    {
        if (selector.Name is not null)
            throw new DirectionLoadException(origin, $"a .npy file holds one array; '#{selector.Name}' names a tensor (use #ROW for a row)");

        using var file = FileBytes.Open(origin, fullPath);
        long fileLength = RandomAccess.GetLength(file);
        var h = NpyHeader.Read(origin, file, fileLength);
        int size = Elements.Size(h.Type);

        var (rows, cols) = Shape2D.Of(origin, h.Shape, "array");
        long needed = h.DataOffset + checked(rows * cols * size);
        if (needed > fileLength)
            throw new DirectionLoadException(origin, $"file is truncated: shape ({string.Join(", ", h.Shape)}) needs {needed} bytes, file has {fileLength}");

        long row = Shape2D.PickRow(origin, h.Shape, selector.Row, "array");
        FileBytes.CheckVectorLength(origin, cols);

        float[] values;
        if (!h.FortranOrder || h.Shape.Length == 1 || rows == 1)
        {
            var bytes = FileBytes.ReadAt(origin, file, h.DataOffset + row * cols * size, (int)(cols * size));
            values = Elements.Decode(bytes, h.Type);
        }
        else
        {
            // Fortran (column-major) order: element (r, c) sits at c * rows + r.
            values = new float[cols];
            Span<byte> one = stackalloc byte[size];
            for (long c = 0; c < cols; c++)
            {
                FileBytes.ReadAt(origin, file, h.DataOffset + (c * rows + row) * size, one);
                values[c] = Elements.DecodeOne(one, h.Type);
            }
        }
        return new RawVector(values);
    }
}
