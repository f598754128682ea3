using InterpLsp.Interp.Directions;
using InterpLsp.Library;

namespace InterpLsp.Analysis.Scans;

/// <summary>Scans stored in a library, read back.</summary>
public static class StoredScans
{
    /// <summary>The latest stored scan of a direction (by its content hash), read back; null when it has none or
    /// the stored result cannot be read (the reason goes to <paramref name="problem"/>).</summary>
    public static (ScanResult Result, DirectionScan Direction)? Latest(DirectionLibrary library, Direction d, out string? problem)
    {
        problem = null;
        var stored = library.LatestScan(d.Hash);
        if (stored?.ResultJson is not { } json) return null;
        try
        {
            var r = ScanResult.FromJson(json, $"scan {stored.Id} in {library.DatabasePath}");
            var ds = r.Directions.FirstOrDefault(x => x.Hash == d.Hash);
            if (ds is null) return null;
            ds.Summarize();
            return (r, ds);
        }
        catch (ArgumentException e)
        {
            problem = e.Message;
            return null;
        }
    }

    /// <summary>The corpus distribution of <paramref name="d"/>'s latest stored scan, or null (no scan, an empty one,
    /// or one that cannot be read).</summary>
    public static ScanDistribution? LatestDistribution(DirectionLibrary library, Direction d) =>
        Latest(library, d, out _) is { } s && s.Direction.Tokens > 0 ? new ScanDistribution(s.Direction) : null;
}
