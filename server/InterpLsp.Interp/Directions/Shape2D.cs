namespace InterpLsp.Interp.Directions;

/// <summary>Rank checks and row selection shared by the array readers.</summary>
internal static class Shape2D
{
    /// <summary>Rows and columns of a 1-D (one row) or 2-D shape; other ranks are rejected.</summary>
    public static (long Rows, long Cols) Of(string origin, IReadOnlyList<long> shape, string what) => shape.Count switch
    {
        1 => (1, shape[0]),
        2 => (shape[0], shape[1]),
        _ => throw new DirectionLoadException(origin, $"{what} is {shape.Count}-D with shape {Format(shape)}; expected 1-D, or 2-D with a row index"),
    };

    /// <summary>The row to read: the given index, or 0 when the array has a single row.</summary>
    public static long PickRow(string origin, IReadOnlyList<long> shape, int? row, string what)
    {
        if (shape.Count == 1)
        {
            if (row is not null)
                throw new DirectionLoadException(origin, $"{what} is 1-D with shape {Format(shape)}; a row index [{row}] does not apply");
            return 0;
        }
        long rows = shape[0];
        if (row is null)
        {
            if (rows == 1) return 0;
            throw new DirectionLoadException(origin, $"{what} is 2-D with shape {Format(shape)}; give a row index, e.g. #0");
        }
        if (row >= rows)
            throw new DirectionLoadException(origin, $"row index {row} is out of range: {what} has {rows} rows (shape {Format(shape)})");
        return row.Value;
    }

    public static string Format(IReadOnlyList<long> shape) => "[" + string.Join(", ", shape) + "]";
}
