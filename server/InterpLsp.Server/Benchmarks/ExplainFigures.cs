using System.Diagnostics;
using InterpLsp.Analysis.Explain.Pipeline;
using InterpLsp.Analysis.Explain.Results;
using InterpLsp.Analysis.Runs;
using InterpLsp.Server.Cli;

namespace InterpLsp.Server.Benchmarks;

/// <summary>
/// The explanation figures of <c>interp-lsp bench</c>, on the sample direction (samples/directions/temperature.json)
/// and the default corpus sample at its hook: <c>explain_s</c>, an explanation whose evidence is in the activation
/// store (a fresh process's work: the store read, the candidate base built, the cached null read, both sides
/// explained); <c>explain_warm_s</c>, the same again in a server that has the evidence loaded;
/// <c>test_explanation_s</c>, a word-list hypothesis (and a regex and a free text) scored in that server. A first
/// run without the states stored scans first; that run is reported apart (<c>explain_with_scan_s</c>).
/// </summary>
public static class ExplainFigures
{
    public sealed record Report(double? ExplainWithScanS, double ExplainS, double ExplainWarmS, double TestWordsS, double TestRegexS, double TestTextS,
        Dictionary<string, double> Timings, string Verdict);

    public static Report Measure(Action<string> log)
    {
        var engine = ModelHost.Engine;
        var sample = Path.Combine(AppContext.BaseDirectory, "samples", "directions", "temperature.json");
        if (!File.Exists(sample)) sample = Path.GetFullPath(Path.Combine("samples", "directions", "temperature.json"));
        var d = engine.LoadDirection(sample, baseDirectory: null, makeActive: false);
        double? withScan = null;
        engine.Evidence.Clear();
        var clock = Stopwatch.StartNew();
        log("explain bench: a first explanation (scans first if the default sample's states are not stored)");
        var first = ExplainRun.Explain(engine, null, d, null, null, default);
        if (first.Timings.ContainsKey("scanned_first")) withScan = clock.Elapsed.TotalSeconds;
        engine.Evidence.Clear();
        clock.Restart();
        log("explain bench: explain with the states in the store (cold process state)");
        var cold = ExplainRun.Explain(engine, null, d, null, null, default);
        double coldS = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var warm = ExplainRun.Explain(engine, null, d, null, null, default);
        double warmS = clock.Elapsed.TotalSeconds;
        double Time(Hypothesis h) { var c = Stopwatch.StartNew(); ExplainRun.Test(engine, null, d, null, h, null, default); return c.Elapsed.TotalSeconds; }
        log("explain bench: test-explanation");
        double words = Time(new Hypothesis("words", "hot, warm, heat, cold", ["hot", "warm", "heat", "cold"]));
        double regex = Time(new Hypothesis("regex", "(?i)\\b(hot|warm|heat\\w*|cold)\\b"));
        double text = Time(new Hypothesis("text", "temperature and heat"));
        return new Report(withScan, coldS, warmS, words, regex, text, cold.Timings, warm.Verdict);
    }

    public static object Json(Report r) => new
    {
        explain_with_scan_s = r.ExplainWithScanS is { } s ? Math.Round(s, 2) : (double?)null,
        explain_s = Math.Round(r.ExplainS, 2),
        explain_warm_s = Math.Round(r.ExplainWarmS, 2),
        test_explanation_s = new { words = Math.Round(r.TestWordsS, 2), regex = Math.Round(r.TestRegexS, 2), text = Math.Round(r.TestTextS, 2) },
        explain_timings = r.Timings,
        verdict = r.Verdict,
    };

    public static void Print(Report r)
    {
        Console.Out.WriteLine($"explain_s          {r.ExplainS:F2} s with the states in the store (target <= 10); {r.ExplainWarmS:F2} s with the evidence loaded"
            + (r.ExplainWithScanS is { } s ? $"; {s:F1} s for the first, which scanned" : ""));
        Console.Out.WriteLine($"test_explanation_s words {r.TestWordsS:F2} s, regex {r.TestRegexS:F2} s, text {r.TestTextS:F2} s (target <= 2)");
    }
}
