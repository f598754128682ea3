using InterpLsp.Analysis.Engine;
using InterpLsp.Server.Cli;

namespace InterpLsp.Server.Benchmarks;

/// <summary>The scan figures as <c>interp-lsp bench</c> prints them.</summary>
public static class ScanFigures
{
    public static ScanBenchmark.Report Measure() =>
        ScanBenchmark.Run(ModelHost.Engine.Model(), ModelHost.Engine.Selection.ModelId, InterpEngine.DefaultHook, m => Console.Error.WriteLine($"interp-lsp: {m}"));

    public static object Json(ScanBenchmark.Report r) => new
    {
        corpus = r.Corpus, documents = r.Documents, tokens = r.Tokens,
        scan_default_s = Math.Round(r.ScanDefaultS, 2),
        forward_tokens_per_s = Math.Round(r.ForwardTokensPerS, 0),
        forward_tokens_per_s_before_after = r.ForwardTokensPerSRuns.Select(v => Math.Round(v, 0)).ToArray(),
        scan_tokens_per_s = new { directions_1 = Math.Round(r.ScanTokensPerS1, 0), directions_100 = Math.Round(r.ScanTokensPerS100, 0) },
        scan_vs_forward = new { directions_1 = Math.Round(r.ScanVsForward1, 3), directions_100 = Math.Round(r.ScanVsForward100, 3) },
        forward_share_in_scan = new { directions_1 = Math.Round(r.ForwardShare1, 3), directions_100 = Math.Round(r.ForwardShare100, 3) },
        rescan_cached_s = new { directions_1 = Math.Round(r.RescanCachedS1, 2), directions_100 = Math.Round(r.RescanCachedS100, 2) },
        warnings = r.Warnings,
    };

    public static int Print(bool json)
    {
        var r = Measure();
        if (json) { Console.Out.WriteLine(Newtonsoft.Json.JsonConvert.SerializeObject(Json(r), Newtonsoft.Json.Formatting.Indented)); return 0; }
        Console.Out.WriteLine($"scan               {r.Corpus}: {r.Documents} documents, {r.Tokens} tokens");
        Console.Out.WriteLine($"scan_default_s     {r.ScanDefaultS:F1} s (first scan, store empty, 1 direction)");
        Console.Out.WriteLine($"scan_tokens_per_s  1 direction {r.ScanTokensPerS1:F0}, 100 directions {r.ScanTokensPerS100:F0} (plain forward {r.ForwardTokensPerS:F0}: {string.Join(" before, ", r.ForwardTokensPerSRuns.Select(v => v.ToString("F0")))} after)");
        Console.Out.WriteLine($"scan_vs_forward    1 direction {r.ScanVsForward1:F3}, 100 directions {r.ScanVsForward100:F3}");
        Console.Out.WriteLine($"forward share      of the scan's own time: 1 direction {r.ForwardShare1:F3}, 100 directions {r.ForwardShare100:F3}");
        Console.Out.WriteLine($"rescan_cached_s    1 direction {r.RescanCachedS1:F2} s, 100 directions {r.RescanCachedS100:F2} s");
        foreach (var w in r.Warnings) Console.Out.WriteLine($"  warning: {w}");
        return 0;
    }
}
