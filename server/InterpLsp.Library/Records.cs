using InterpLsp.Interp.Directions;

namespace InterpLsp.Library;

/// <summary>How a stored direction was made: the method (<c>import:npy</c>, <c>logistic</c>, <c>mass-mean</c>, ...),
/// the hash of the data it was made from, and the probe's report as JSON text (all optional).</summary>
public sealed record MadeBy(string Method, string? DataHash = null, string? ProbeReportJson = null)
{
    public static readonly MadeBy Unknown = new("unknown");
}

/// <summary>One row of <see cref="DirectionLibrary.List"/>: what the library knows about a stored direction without
/// reading its vector file.</summary>
public sealed record LibraryEntry(
    string Name,
    string? Hook,
    string? ModelId,
    int Width,
    DirectionKind Kind,
    string Source,
    DateTime CreatedUtc,
    string Hash,
    IReadOnlyList<string> Tags,
    bool HasScan,
    MadeBy MadeBy);

/// <summary>A stored corpus scan of one direction (by content hash): its result as opaque JSON text, or the path of
/// a file holding it (the scan format belongs to the scanner).</summary>
public sealed record StoredScan(
    long Id,
    string DirectionHash,
    string CorpusId,
    string CorpusHash,
    string Hook,
    DateTime CreatedUtc,
    string? ResultJson,
    string? ResultPath);

/// <summary>A stored explanation of one direction (by content hash): the explainer's result as opaque JSON text
/// (its format belongs to the explainer), the corpus and hook it was computed on, and the library scan its evidence
/// came with (null when none was stored, or that scan row is gone).</summary>
public sealed record StoredExplanation(
    long Id,
    string DirectionHash,
    long? ScanId,
    string CorpusHash,
    string Hook,
    DateTime CreatedUtc,
    string ResultJson);

/// <summary>Cosine similarity of the directions' vectors (<see cref="Direction.Vector"/>, not their bias or
/// encoder): <c>Values[i][j]</c> = cos(Names[i], Names[j]); 0 where a vector is all zeros.</summary>
public sealed record CosineMatrix(IReadOnlyList<string> Names, double[][] Values);
