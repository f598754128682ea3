using InterpLsp.Analysis.Engine;
using InterpLsp.Analysis.Reports;
using InterpLsp.Analysis.Scans;
using InterpLsp.Interp.Directions;
using InterpLsp.Library;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Analysis.Runs;

/// <summary>Gathers a <see cref="DirectionReport"/> from the library (how the direction was made, its probe report,
/// its latest scan, the most similar directions at its hook): the one source of the VS Code direction view and of
/// <c>interp-lsp report</c>.</summary>
public static class ReportRun
{
    public const int SimilarShown = 5;

    public static DirectionReport Build(InterpEngine engine, DirectionLibrary? library, Direction d)
    {
        var name = d.Id.StartsWith(DirectionLibrary.IdPrefix, StringComparison.Ordinal) ? d.Id[DirectionLibrary.IdPrefix.Length..] : null;
        var entry = name is not null ? library?.Entry(name) : null;
        var madeBy = entry?.MadeBy;
        var direction = new ReportDirection(d.Name, d.Id, d.Kind.ToString().ToLowerInvariant(), d.Hook ?? engine.Selection.Hook,
            d.ModelId ?? engine.Selection.ModelId, d.Width, d.Hash, string.IsNullOrEmpty(d.Source) ? null : d.Source,
            madeBy is null ? null : madeBy.Method + (madeBy.DataHash is { } h ? $" · data {h[..Math.Min(12, h.Length)]}" : ""),
            d.Sae is { } sae ? string.Join(" · ", sae.Describe(d.Hook ?? engine.Selection.Hook)) : null);
        ReportScan? scan = null;
        ReportExplanation? explanation = null;
        var warnings = new List<string>();
        if (library is not null)
        {
            if (StoredScans.Latest(library, d, out var problem) is { } s) scan = Scan(s.Result, s.Direction);
            else if (problem is not null) warnings.Add(problem);
            if (ExplainRun.Stored(library, d, out var unreadable) is { } e) explanation = new ReportExplanation(e, Paths(scan));
            else if (unreadable is not null) warnings.Add(unreadable);
        }
        var effects = engine.ModelLoaded && engine.Model() is var m && Engine.DirectionLogits.Applies(m, d) ? engine.Logits.Of(m, d) : null;
        var logits = effects is null ? null : new ReportLogits(
            effects.Promoted.Select(t => (t.Token, t.Value)).ToList(), effects.Suppressed.Select(t => (t.Token, t.Value)).ToList(),
            InterpLsp.Model.Causal.UnembeddingNullSpace.Of(((InterpLsp.Model.Causal.CausalLanguageModel)engine.Model()).Decoder, d.Vector));
        return new DirectionReport(direction, Probe(madeBy?.ProbeReportJson), scan, Similar(library, d), DateTime.UtcNow, explanation, Logits: logits);
    }

    /// <summary>The file of each document the scan's examples come from (by document key).</summary>
    private static IReadOnlyDictionary<string, string> Paths(ReportScan? scan)
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        if (scan is null) return paths;
        foreach (var x in scan.Top.Concat(scan.QuantileBins.SelectMany(b => b.Examples)).Concat(scan.Random))
            if (x.Path is { } p) paths.TryAdd(x.DocumentKey, p);
        return paths;
    }

    private static ReportProbe? Probe(string? json)
    {
        if (string.IsNullOrEmpty(json)) return null;
        JObject o;
        try { o = JObject.Parse(json); } catch (Newtonsoft.Json.JsonException) { return null; }
        double D(string k) => o[k]?.Type is JTokenType.Float or JTokenType.Integer ? (double)o[k]! : double.NaN;
        int I(string k) => o[k]?.Type == JTokenType.Integer ? (int)o[k]! : 0;
        return new ReportProbe((string?)o["method"] ?? "?", (string?)o["pooling"] ?? "?", D("accuracy"), D("auroc"), D("f1"),
            D("selectivity"), I("n_train"), I("n_test"), (o["warnings"] as JArray)?.Select(w => (string?)w ?? "").ToList() ?? [],
            (string?)o["data_hash"]);
    }

    private static ReportScan Scan(ScanResult r, DirectionScan d)
    {
        var h = d.Histogram;
        var edges = new List<double>();
        var counts = new List<long>();
        if (h is not null && h.Counts.Length > 0)
        {
            for (int i = 0; i <= h.Counts.Length; i++) edges.Add(h.Start + i * h.Width);
            counts.AddRange(h.Counts);
        }
        var quantiles = d.Quantiles.Select(kv => (kv.Key, kv.Value)).ToList();
        return new ReportScan(r.CorpusId, r.Documents, d.Tokens, d.Density ?? 0, d.Mean ?? 0, d.Min ?? 0, d.Max ?? 0, quantiles,
            $"from a DDSketch, relative error {r.Rules.QuantileRelativeError:P2}", new ReportHistogram(edges, counts),
            d.Top.Select(Example).ToList(),
            d.QuantileBins.Select((b, i) => new ReportBin(BinLabel(b, i), b.Examples.Select(Example).ToList())).ToList(),
            d.Random.Select(Example).ToList(), null);
    }

    private static string BinLabel(QuantileBin b, int i) => $"bin {b.Bin + 1}: values {b.Lower:G3} to {b.Upper:G3}, {b.Count:N0} tokens";

    private static ReportExample Example(ScanExample x) =>
        new(x.Tokens, x.Hit, x.Value, x.DocKey, x.Path, x.Path is null ? null : x.CharStart);

    private static IReadOnlyList<ReportSimilar> Similar(DirectionLibrary? library, Direction d)
    {
        if (library is null) return [];
        var others = library.List().Where(e => e.Hook == d.Hook && e.Width == d.Width && e.Hash != d.Hash).Select(e => e.Name).ToList();
        if (others.Count == 0) return [];
        double norm = Math.Sqrt(d.Vector.Sum(v => (double)v * v));
        var list = new List<ReportSimilar>();
        foreach (var n in others.Take(2000))
        {
            var o = library.TryGet(n);
            if (o is null) continue;
            double dot = 0, on = 0;
            for (int i = 0; i < o.Vector.Length; i++) { dot += (double)o.Vector[i] * d.Vector[i]; on += (double)o.Vector[i] * o.Vector[i]; }
            list.Add(new ReportSimilar(n, DirectionLibrary.IdPrefix + n, norm == 0 || on == 0 ? 0 : dot / (norm * Math.Sqrt(on))));
        }
        return list.OrderByDescending(s => Math.Abs(s.Cosine)).Take(SimilarShown).ToList();
    }
}
