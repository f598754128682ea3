using InterpLsp.Interp.Directions;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Scans;

/// <summary>Combines results of the same scan over disjoint shards into one, exactly: counts and fixed-point
/// sums add, histograms rebin to the coarser width, sketches add bucket counts, top-k and samples keep the best
/// of the union. Results that do not belong together (another model, corpus, direction set, options or shard
/// count, or an overlapping shard) are refused with the reason; with <c>names</c> (the files they were read from)
/// a shard given twice is refused naming both files.</summary>
public static class ScanMerger
{
    public static ScanResult Merge(IReadOnlyList<ScanResult> results, IReadOnlyList<string>? names = null)
    {
        if (results.Count == 0) throw new ArgumentException("nothing to merge: no scan results given");
        if (names is not null && names.Count != results.Count) throw new ArgumentException($"{names.Count} names for {results.Count} scan results");
        var first = results[0];
        var seen = new Dictionary<int, int>();
        for (int r = 0; r < results.Count; r++)
        {
            var x = results[r];
            string who = Who(r, names);
            if (x.ModelId != first.ModelId) throw new ArgumentException($"{who} is for model {x.ModelId}, result 1 for {first.ModelId}");
            if (x.CorpusHash != first.CorpusHash) throw new ArgumentException($"{who} scanned corpus {x.CorpusId} (hash {x.CorpusHash}), result 1 corpus {first.CorpusId} (hash {first.CorpusHash})");
            if (x.ShardCount != first.ShardCount) throw new ArgumentException($"{who} cut the corpus into {x.ShardCount} shards, result 1 into {first.ShardCount}");
            if (x.Settings != first.Settings) throw new ArgumentException($"{who} ran with other options ({x.Settings}) than result 1 ({first.Settings})");
            if (DirectionsDiffer(x, first) is { } differ) throw new ArgumentException($"{who} {differ}");
            foreach (int s in x.Shards)
                if (!seen.TryAdd(s, r)) throw new ArgumentException($"shard {s}/{x.ShardCount} appears twice: in {Who(seen[s], names)} and again in {who}; give each shard's result once");
        }

        var merged = ScanResult.FromJson(first.ToJson(), "result 1"); // a copy: the inputs stay as they were
        foreach (var x in results.Skip(1))
        {
            merged.Documents += x.Documents;
            merged.EmptyDocuments += x.EmptyDocuments;
            merged.Tokens += x.Tokens;
            merged.Shards.AddRange(x.Shards);
            foreach (var w in x.Warnings) if (!merged.Warnings.Contains(w)) merged.Warnings.Add(w);
            merged.Skipped.AddRange(x.Skipped);
            for (int i = 0; i < merged.Directions.Count; i++) merged.Directions[i].State.Merge(x.Directions[i].State);
        }
        merged.Shards.Sort();
        merged.Warnings.RemoveAll(w => w.StartsWith("covers shards", StringComparison.Ordinal));
        if (merged.Shards.Count != merged.ShardCount)
            merged.Warnings.Add($"covers shards {string.Join(",", merged.Shards)} of {merged.ShardCount} (0-based), not the whole corpus");
        foreach (var d in merged.Directions) d.Summarize();
        return merged;
    }

    /// <summary>What differs between the direction lists of two results, named: the count, or the first
    /// direction whose hook or vector differs (null when none does; the model is compared for the whole result).</summary>
    private static string? DirectionsDiffer(ScanResult x, ScanResult first)
    {
        if (x.Directions.Count != first.Directions.Count)
            return $"scanned {x.Directions.Count} direction(s) ({Names(x)}), result 1 scanned {first.Directions.Count} ({Names(first)})";
        for (int i = 0; i < x.Directions.Count; i++)
        {
            DirectionScan a = x.Directions[i], b = first.Directions[i];
            var mine = new List<string>();
            var theirs = new List<string>();
            var what = new List<string>();
            if (!string.Equals(a.Hook, b.Hook, StringComparison.Ordinal)) { mine.Add($"at hook {Echo.Input(a.Hook)}"); theirs.Add($"at hook {Echo.Input(b.Hook)}"); what.Add("the hook"); }
            if (!string.Equals(a.Hash, b.Hash, StringComparison.Ordinal)) { mine.Add($"with vector {Short(a.Hash)}"); theirs.Add($"with vector {Short(b.Hash)}"); what.Add("the vector (content hash)"); }
            if (what.Count > 0)
                return $"scanned direction {i + 1} ({Echo.Input(a.Name)}) {string.Join(" ", mine)}, result 1 ({Echo.Input(b.Name)}) {string.Join(" ", theirs)}: {string.Join(" and ", what)} differ{(what.Count == 1 ? "s" : "")}";
        }
        return null;
    }

    private static string Who(int r, IReadOnlyList<string>? names) => names is null ? $"result {r + 1}" : $"result {r + 1} ({names[r]})";

    private static string Short(string? hash) => hash is null ? "none" : Echo.Input(hash.Length > 12 ? hash[..12] : hash);

    private static string Names(ScanResult r) => string.Join(", ", r.Directions.Take(5).Select(d => d.Name)) + (r.Directions.Count > 5 ? ", …" : "");
}
