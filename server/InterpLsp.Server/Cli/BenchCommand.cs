using System.CommandLine;
using InterpLsp.Model.Benchmarks;
using InterpLsp.Server.Benchmarks;

namespace InterpLsp.Server.Cli;

/// <summary><c>interp-lsp bench [--json]</c>: speed figures against ONNX Runtime in the same process.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var json = TextOptions.Json();
        var runs = new Option<int>("--runs") { Description = "Timed runs per figure (median)", DefaultValueFactory = _ => 7 };
        var edits = new Option<int>("--edits") { Description = "Edits for the server's memory figure", DefaultValueFactory = _ => 10_000 };
        var scanOnly = new Option<bool>("--scan-only") { Description = "Only the corpus scan figures (default corpus sample)" };
        var explainOnly = new Option<bool>("--explain-only") { Description = "Only the explanation figures (the sample direction on the default corpus sample)" };
        var modelOption = new Option<string?>("--model", "-m")
        {
            Description = "Measure a Hugging Face model instead (folder or cached hub name): load, memory over weights, forward tokens/s, causal edit latency",
        };
        var forwardOnly = new Option<bool>("--forward-only") { Description = "Only the forward-pass figures against ONNX Runtime and the roofline (quiet, and under --load when given)" };
        var load = new Option<int>("--load") { Description = "Also measure the forward figures with N busy threads running beside them (a laptop's other work)", DefaultValueFactory = _ => 0 };
        var lspOnly = new Option<bool>("--lsp-only") { Description = "Only the language server's figures (edit latencies, hover, cold open, memory over --edits edits)" };
        var cmd = new Command("bench", "Measure forward-pass speed against ONNX Runtime, the roofline, load time, memory, the language server's latencies and corpus scans") { json, runs, edits, scanOnly, explainOnly, modelOption, forwardOnly, load, lspOnly };
        cmd.SetAction(r => CliErrors.Run(() =>
        {
            if (r.GetValue(modelOption) is { Length: > 0 } m)
            {
                var c = CausalFigures.Measure(m, Math.Max(3, r.GetValue(runs)), s => Console.Error.WriteLine($"interp-lsp: {s}"));
                if (r.GetValue(json)) Console.Out.WriteLine(Newtonsoft.Json.JsonConvert.SerializeObject(c, Newtonsoft.Json.Formatting.Indented));
                else CausalFigures.Print(c);
                return 0;
            }
            if (r.GetValue(scanOnly)) { int rc = ScanFigures.Print(r.GetValue(json)); MemoryAfter(); return rc; }
            if (r.GetValue(explainOnly))
            {
                var e = ExplainFigures.Measure(m => Console.Error.WriteLine($"interp-lsp: {m}"));
                if (r.GetValue(json)) Console.Out.WriteLine(Newtonsoft.Json.JsonConvert.SerializeObject(ExplainFigures.Json(e), Newtonsoft.Json.Formatting.Indented));
                else ExplainFigures.Print(e);
                MemoryAfter();
                return 0;
            }
            if (r.GetValue(lspOnly))
            {
                var only = ServerFigures(ModelHost.Bert, r.GetValue(edits));
                if (r.GetValue(json)) Console.Out.WriteLine(Newtonsoft.Json.JsonConvert.SerializeObject(LspJson(only), Newtonsoft.Json.Formatting.Indented));
                else PrintLsp(only);
                MemoryAfter();
                return 0;
            }
            double rssBefore = Timing.ResidentMegabytes();
            var model = ModelHost.Bert;
            double rss = Timing.ResidentMegabytes();
            var loadedBreakdown = Timing.Breakdown();
            var report = ForwardBenchmark.Run(model, model.Info.LoadSeconds, rss, Math.Max(5, r.GetValue(runs)));
            ForwardBenchmarkReport? loaded = null;
            if (r.GetValue(load) is > 0 and var n)
            {
                Console.Error.WriteLine($"interp-lsp: the forward figures again with {n} busy threads beside them");
                using (new BackgroundLoad(n)) loaded = ForwardBenchmark.Run(model, model.Info.LoadSeconds, rss, Math.Max(5, r.GetValue(runs)));
            }
            if (r.GetValue(forwardOnly))
            {
                if (r.GetValue(json))
                    Console.Out.WriteLine(Newtonsoft.Json.JsonConvert.SerializeObject(new { quiet = ForwardJson(report), loaded = loaded is null ? null : ForwardJson(loaded), load_threads = r.GetValue(load), threads = Model.Native.NativeThreads.Current },
                        Newtonsoft.Json.Formatting.Indented));
                else
                {
                    PrintForward("", report);
                    if (loaded is not null) PrintForward($" (load {r.GetValue(load)})", loaded);
                    Console.Out.WriteLine($"threads            {Model.Native.NativeThreads.Current}");
                }
                return 0;
            }
            var lsp = ServerFigures(model, r.GetValue(edits));
            var probe = ProbeBenchmark.Run(model, InterpLsp.Analysis.Engine.InterpEngine.DefaultHook);
            var scan = ScanFigures.Measure();
            var explain = ExplainFigures.Measure(m => Console.Error.WriteLine($"interp-lsp: {m}"));
            GiveBack();
            double rssAfterBench = Timing.ResidentMegabytes();
            var afterBreakdown = Timing.Breakdown();
            var output = new
            {
                forward_512 = Figures(report.Forward512),
                forward_batch = Figures(report.ForwardBatch),
                loaded = loaded is null ? null : ForwardJson(loaded),
                load_threads = r.GetValue(load),
                thread_policy = Model.Native.NativeThreads.Current,
                early_exit_layer2 = Figures(report.EarlyExitLayer2),
                roofline = new
                {
                    gemm_gflops = Math.Round(report.Roofline.GemmGflops, 1),
                    forward_gflops = Math.Round(report.Roofline.ForwardGflops, 1),
                    efficiency = Math.Round(report.Roofline.Efficiency, 3),
                },
                load_s = Math.Round(report.LoadS, 3),
                rss_mb = Math.Round(report.RssMb, 1),
                rss_mb_before_load = Math.Round(rssBefore, 1),
                rss_mb_after_bench = Math.Round(rssAfterBench, 1),
                rss_after_bench_over_loaded = Math.Round(rssAfterBench / report.RssMb, 2),
                rss_loaded_breakdown = loadedBreakdown.Json(),
                rss_after_bench_breakdown = afterBreakdown.Json(),
                threads = report.Threads,
                server = LspJson(lsp),
                probe_train_s = Math.Round(probe.ProbeTrainS, 2),
                probe_train_cpu_s = Math.Round(probe.CpuS, 2),
                probe_train_sentences = probe.Sentences,
                scan = ScanFigures.Json(scan),
                explain = ExplainFigures.Json(explain),
            };
            if (r.GetValue(json)) Console.Out.WriteLine(Newtonsoft.Json.JsonConvert.SerializeObject(output, Newtonsoft.Json.Formatting.Indented));
            else
            {
                void Line(string name, SpeedFigures f) => Console.Out.WriteLine(
                    $"{name,-18} TorchSharp {f.TorchsharpTokensPerS,9:F0} tok/s   ONNX Runtime {f.OnnxruntimeTokensPerS,9:F0} tok/s   ratio {f.Ratio:F2}   page faults a run {f.TorchsharpFaultsPerRun:F0} / {f.OnnxruntimeFaultsPerRun:F0}");
                Line("forward_512", report.Forward512);
                Line("forward_batch", report.ForwardBatch);
                Line("early_exit_layer2", report.EarlyExitLayer2);
                Console.Out.WriteLine($"roofline           gemm {report.Roofline.GemmGflops:F1} GFLOP/s, forward {report.Roofline.ForwardGflops:F1} GFLOP/s, efficiency {report.Roofline.Efficiency:F2}");
                Console.Out.WriteLine($"load {report.LoadS:F2} s, resident memory with the model loaded {report.RssMb:F0} MB, after the bench {rssAfterBench:F0} MB ({rssAfterBench / report.RssMb:F2}x), {report.Threads} threads");
                Console.Out.WriteLine($"memory             loaded: {loadedBreakdown}; after the bench: {afterBreakdown}");
                PrintLsp(lsp);
                Console.Out.WriteLine($"scan               first {scan.ScanDefaultS:F1} s; {scan.ScanTokensPerS1:F0} tok/s (1 direction), {scan.ScanTokensPerS100:F0} (100); vs forward {scan.ScanVsForward1:F2} / {scan.ScanVsForward100:F2}; rescan {scan.RescanCachedS1:F2} s / {scan.RescanCachedS100:F2} s");
                ExplainFigures.Print(explain);
                Console.Out.WriteLine($"probe_train_s      {probe.ProbeTrainS:F2} s ({probe.CpuS:F1} CPU s) for {probe.Sentences} labelled sentences (logistic, forward passes included; held-out accuracy {probe.Report.Accuracy:F3})");
            }
            return 0;
        }));
        return cmd;
    }

    /// <summary>The language server's figures, the sample neuron active, memory over <paramref name="edits"/> edits (at least 100).</summary>
    private static LspBenchmarkReport ServerFigures(InterpLsp.Model.ILanguageModel model, int edits) =>
        LspBenchmark.RunAsync(model, "neuron:blocks.3.mlp.hook_post:12", memoryEdits: Math.Max(100, edits),
            residentMegabytes: Timing.ResidentMegabytes).GetAwaiter().GetResult();

    private static object Latency(LatencyFigures f, int digits = 1) =>
        new { p50 = Math.Round(f.P50, digits), p95 = Math.Round(f.P95, digits), samples = f.Samples };

    /// <summary>The work is done: memory goes back as the server gives it back when it turns idle (the evidence, the
    /// shared lexicon, tagger and gloss embeddings once unused for UnusedResources.DefaultUnusedFor: here at once).</summary>
    private static void GiveBack()
    {
        ModelHost.Engine.Evidence.Clear();
        var released = InterpLsp.Analysis.Cache.UnusedResources.Shared.ReleaseUnusedFor(TimeSpan.Zero);
        Console.Error.WriteLine($"interp-lsp: gave back {(released.Count == 0 ? "no shared data" : string.Join(", ", released))}");
        Model.Native.MemoryRelease.Now();
    }

    /// <summary>A part of the bench run alone (--lsp-only, --scan-only, --explain-only): its memory once given back, as
    /// the full bench gives it back before <c>rss_mb_after_bench</c>, on stderr.</summary>
    private static void MemoryAfter()
    {
        GiveBack();
        Console.Error.WriteLine($"interp-lsp: resident memory after giving back: {Timing.ResidentMegabytes():F0} MB ({Timing.Breakdown()})");
    }

    private static object LspJson(LspBenchmarkReport lsp) => new
    {
        edit_latency_ms = Latency(lsp.EditLatencyMs),
        edit_visible_exact_ms = Latency(lsp.EditVisibleExactMs),
        viewport_lines = LspBenchmark.ViewportLines,
        edit_final_ms = Latency(lsp.EditFinalMs),
        edit_latency_during_explain_ms = lsp.EditLatencyDuringExplainMs is { } de ? Latency(de) : null,
        hover_latency_ms = Latency(lsp.HoverLatencyMs, 2),
        cold_open_ms = Math.Round(lsp.ColdOpenMs, 1),
        rss_growth_pct = Math.Round(lsp.RssGrowthPct, 2),
        rss_mb_after_100_edits = Math.Round(lsp.RssAfter100EditsMb, 1),
        rss_mb_after_all_edits = Math.Round(lsp.RssAfterAllEditsMb, 1),
        rss_after_100_edits_breakdown = lsp.After100Edits?.Json(),
        rss_after_all_edits_breakdown = lsp.AfterAllEdits?.Json(),
        edits = lsp.Edits,
    };

    private static void PrintLsp(LspBenchmarkReport lsp)
    {
        Console.Out.WriteLine($"server             edit latency p50 {lsp.EditLatencyMs.P50:F1} ms p95 {lsp.EditLatencyMs.P95:F1} ms; exact on the {LspBenchmark.ViewportLines} visible lines p50 {lsp.EditVisibleExactMs.P50:F1} p95 {lsp.EditVisibleExactMs.P95:F1}; final values p50 {lsp.EditFinalMs.P50:F1} p95 {lsp.EditFinalMs.P95:F1} ({lsp.EditFinalMs.Samples} edits)");
        Console.Out.WriteLine($"server             hover p50 {lsp.HoverLatencyMs.P50:F2} ms p95 {lsp.HoverLatencyMs.P95:F2} ms; cold open {lsp.ColdOpenMs:F0} ms");
        if (lsp.EditLatencyDuringExplainMs is { } during)
            Console.Out.WriteLine($"server             edit latency while an explanation runs p50 {during.P50:F1} ms p95 {during.P95:F1} ms ({during.Samples} edits)");
        Console.Out.WriteLine($"server memory      {lsp.RssAfter100EditsMb:F0} MB after 100 edits, {lsp.RssAfterAllEditsMb:F0} MB after {lsp.Edits}: growth {lsp.RssGrowthPct:F1}%");
        if (lsp.After100Edits is { } w100) Console.Out.WriteLine($"server memory      after 100 edits: {w100}");
        if (lsp.AfterAllEdits is { } wEnd) Console.Out.WriteLine($"server memory      after {lsp.Edits} edits: {wEnd}");
    }

    private static object ForwardJson(ForwardBenchmarkReport r) => new
    {
        forward_512 = Figures(r.Forward512),
        forward_batch = Figures(r.ForwardBatch),
        early_exit_layer2 = Figures(r.EarlyExitLayer2),
        roofline = new { gemm_gflops = Math.Round(r.Roofline.GemmGflops, 1), forward_gflops = Math.Round(r.Roofline.ForwardGflops, 1), efficiency = Math.Round(r.Roofline.Efficiency, 3) },
    };

    private static void PrintForward(string label, ForwardBenchmarkReport report)
    {
        void Line(string name, SpeedFigures f) => Console.Out.WriteLine(
            $"{name + label,-26} TorchSharp {f.TorchsharpTokensPerS,9:F0} tok/s   ONNX Runtime {f.OnnxruntimeTokensPerS,9:F0} tok/s   ratio {f.Ratio:F2}   page faults a run {f.TorchsharpFaultsPerRun:F0} / {f.OnnxruntimeFaultsPerRun:F0}");
        Line("forward_512", report.Forward512);
        Line("forward_batch", report.ForwardBatch);
        Line("early_exit_layer2", report.EarlyExitLayer2);
        Console.Out.WriteLine($"{"roofline" + label,-26} gemm {report.Roofline.GemmGflops:F1} GFLOP/s, forward {report.Roofline.ForwardGflops:F1} GFLOP/s, efficiency {report.Roofline.Efficiency:F2}");
    }

    private static object Figures(SpeedFigures f) => new
    {
        torchsharp_tokens_per_s = Math.Round(f.TorchsharpTokensPerS, 1),
        onnxruntime_tokens_per_s = Math.Round(f.OnnxruntimeTokensPerS, 1),
        ratio = Math.Round(f.Ratio, 3),
        tokens = f.Tokens,
        runs = f.Runs,
        torchsharp_faults_per_run = Math.Round(f.TorchsharpFaultsPerRun, 1),
        onnxruntime_faults_per_run = Math.Round(f.OnnxruntimeFaultsPerRun, 1),
    };
}
