using InterpLsp.Analysis.Engine;
using InterpLsp.Analysis.Scans;
using InterpLsp.Interp.Directions;
using InterpLsp.Library;

namespace InterpLsp.Analysis.Runs;

/// <summary>What happens to a finished scan, the same for <c>interp-lsp scan</c> and the LSP's
/// <c>interp.scanCorpus</c>: each direction's part of the result is stored in the library (one self-contained
/// result per direction, keyed by its content hash, the corpus hash and the hook), and the engine judges the
/// direction's values against the corpus from then on (hover percentile, paint scale).</summary>
public static class ScanRun
{
    /// <summary>Stores <paramref name="result"/> (when a library is given) and gives the engine the corpus
    /// distributions; returns the scan ids stored.</summary>
    public static IReadOnlyList<long> Keep(InterpEngine engine, DirectionLibrary? library, ScanResult result)
    {
        var ids = new List<long>();
        foreach (var d in result.Directions)
        {
            if (d.Tokens > 0) engine.SetCorpusDistribution(d.Hash, new ScanDistribution(d));
            if (library is null) continue;
            ids.Add(library.PutScan(d.Hash, result.CorpusId, result.CorpusHash, d.Hook, Single(result, d).ToJson()));
        }
        return ids;
    }

    private static ScanResult Single(ScanResult all, DirectionScan d) => new()
    {
        Version = all.Version, ModelId = all.ModelId, CorpusId = all.CorpusId, CorpusHash = all.CorpusHash,
        ShardCount = all.ShardCount, Shards = all.Shards, Partial = all.Partial, Documents = all.Documents, EmptyDocuments = all.EmptyDocuments,
        Tokens = all.Tokens, Settings = all.Settings, Rules = all.Rules, Warnings = all.Warnings, Skipped = all.Skipped.Take(100).ToList(),
        Directions = new List<DirectionScan> { d },
    };
}
