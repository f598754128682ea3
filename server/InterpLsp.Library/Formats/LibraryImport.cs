using InterpLsp.Interp.Directions;
using InterpLsp.Interp.IO;

namespace InterpLsp.Library.Formats;

/// <summary>The one import both front doors call: read every direction of a file (<see cref="DirectionImporter"/>),
/// check each against the active model, store them all in one transaction; returns the stored names.</summary>
public static class LibraryImport
{
    /// <param name="check">The engine's admission check (declared model, hook width); returns the direction to store.</param>
    public static IReadOnlyList<string> Run(DirectionLibrary library, string path, ImportOptions options, Func<string, int> widthOfHook,
        string? defaultHook, string modelId, Func<Direction, Direction> check, CancellationToken cancellation = default)
    {
        var items = DirectionImporter.Read(path, options, widthOfHook, defaultHook, modelId, cancellation)
            .Select(i => i with { Direction = check(i.Direction) }).ToList();
        return library.PutMany(items, cancellation);
    }

    /// <summary>Parses <c>3,17,20-25</c> (0-based, ranges inclusive) into a list of rows, at most <see cref="ImportOptions.MaxRows"/>.</summary>
    public static IReadOnlyList<int> ParseRows(string text, string option)
    {
        var rows = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = part.IndexOf('-', 1);
            if (dash > 0 && int.TryParse(part[..dash], out var a) && int.TryParse(part[(dash + 1)..], out var b) && a >= 0 && b >= a)
            {
                if ((long)rows.Count + b - a + 1 > ImportOptions.MaxRows)
                    throw new ArgumentException($"{option} {Echo.Input(text)} chooses more than {ImportOptions.MaxRows} rows");
                for (int r = a; r <= b; r++) rows.Add(r);
            }
            else if (int.TryParse(part, out var r) && r >= 0) rows.Add(r);
            else throw new ArgumentException($"{option}: '{Echo.Input(part)}' is not a row number or range (e.g. 3,17,20-25)");
        }
        if (rows.Count == 0) throw new ArgumentException($"{option} names no rows");
        return rows.Distinct().ToList();
    }
}
