using System.Diagnostics;
using InterpLsp.Analysis.Cache;
using InterpLsp.Analysis.Documents;
using InterpLsp.Model.Benchmarks;
using InterpLsp.Model.Causal;
using InterpLsp.Model.HuggingFace;

namespace InterpLsp.Server.Benchmarks;

/// <summary>
/// <c>interp-lsp bench --model M</c>: a Hugging Face model's load time and memory over its weights, forward tokens/s
/// on one full window, and the edit latency of a long document (on a causal model an edit at the end recomputes only
/// the last window), as a ratio to analysing the whole document in the same run; for a causal model, steering
/// generation's tokens/s against generation without the key/value cache in the same run.
/// </summary>
public static class CausalFigures
{
    public sealed record Result(string Model, string Architecture, double LoadS, double WeightsMb, double RssOverWeights,
        int WindowTokens, double ForwardTokensPerS, int DocumentTokens, int Windows, double FullAnalysisMs,
        double EditAtEndMs, int EditWindowsRun, double EditOverFull, GenerationBenchmarkReport? Generation);

    public static Result Measure(string nameOrPath, int runs, Action<string> log)
    {
        var folder = HfModelFolder.Open(HfLanguageModels.FolderOf(nameOrPath));
        double weightsMb = folder.WeightFiles.Sum(f => new FileInfo(f).Length) / (1024.0 * 1024.0);
        using (TorchSharp.torch.zeros(1)) { } // libtorch's own start-up is not the model's memory
        double rssBefore = Timing.ResidentMegabytes();
        log($"loading {folder.Directory} ({weightsMb:F0} MB of weights)");
        using var model = HfLanguageModels.Load(folder.Directory);
        double peak = Timing.PeakResidentMegabytes();
        double rssOverWeights = (peak - rssBefore) / weightsMb;

        string hook = $"blocks.{model.Info.Layers - 1}.hook_resid_post";
        int n = model.MaxWindowTokens;
        var rng = new Random(7);
        var window = Enumerable.Range(0, n).Select(_ => rng.Next(model.Info.VocabSize - 1)).ToArray();
        model.Run([window], [hook]); // warm-up
        var times = Enumerable.Range(0, Math.Max(3, runs)).Select(_ => Timing.Seconds(() => model.Run([window], [hook]))).ToList();
        double forward = n / Timing.Median(times);
        log($"forward: {forward:F0} tokens/s on {n}-token windows");

        // A long document: about four windows of prose; then one word appended at its end.
        var sentence = "The temperature of the water rose slowly while the two gases mixed in the closed flask. ";
        var text = string.Concat(Enumerable.Repeat(sentence, 1));
        while (model.Tokenizer.Tokenize(text).Count < 4 * n) text += sentence;
        var full = Analyse(model, text, hook, cache: null);
        var cache = new WindowCache(1L << 30);
        Analyse(model, text, hook, cache);
        var edits = new List<double>();
        DocumentAnalysis? last = null;
        for (int i = 0; i < Math.Max(3, runs); i++)
        {
            var edited = text + $" word{i}";
            var sw = Stopwatch.StartNew();
            last = new DocumentAnalyzer(model, "bench", cache).Analyze("bench", i + 2, edited, hook, null, CancellationToken.None);
            edits.Add(sw.Elapsed.TotalMilliseconds);
        }
        double edit = Timing.Median(edits);
        log($"edit at the end of a {full.Tokens} -token document: {edit:F0} ms ({last!.WindowsRun} of {last.WindowsTotal} windows), whole document {full.Ms:F0} ms");
        GenerationBenchmarkReport? generation = null;
        if (model is CausalLanguageModel causal)
        {
            // Steering generation: 32 new tokens after a 48-token prompt, against the same without the key/value cache.
            var prompt = model.Tokenizer.Tokenize(text).Take(Math.Min(48, causal.ContextPositions / 2)).Select(t => t.Id).ToArray();
            generation = GenerationBenchmark.Run(causal, prompt, GenerationBenchmark.DefaultSteer(causal),
                newTokens: Math.Min(32, causal.ContextPositions - prompt.Length - 1), runs: Math.Max(3, runs));
            log($"steering generation: {generation.SteeredTokensPerS:F1} tokens/s (unsteered {generation.UnsteeredTokensPerS:F1}; without the key/value cache {generation.UncachedTokensPerS:F1}, ratio {generation.CacheSpeedup:F1})");
        }
        return new Result(model.Info.Name, model.Info.Architecture, model.Info.LoadSeconds, weightsMb, rssOverWeights, n, forward,
            full.Tokens, last.WindowsTotal, full.Ms, edit, last.WindowsRun, edit / full.Ms, generation);
    }

    private static (int Tokens, double Ms) Analyse(InterpLsp.Model.ILanguageModel model, string text, string hook, WindowCache? cache)
    {
        var sw = Stopwatch.StartNew();
        var a = new DocumentAnalyzer(model, "bench", cache ?? new WindowCache(0)).Analyze("bench", 1, text, hook, null, CancellationToken.None);
        return (a.Tokens.Count, sw.Elapsed.TotalMilliseconds);
    }

    public static void Print(Result r)
    {
        Console.Out.WriteLine($"model              {r.Model} ({r.Architecture}), load {r.LoadS:F2} s, weights {r.WeightsMb:F0} MB, peak rss over weights {r.RssOverWeights:F2}");
        Console.Out.WriteLine($"forward            {r.ForwardTokensPerS:F0} tokens/s on {r.WindowTokens}-token windows");
        Console.Out.WriteLine($"edit at the end    {r.EditAtEndMs:F0} ms after an edit at the end of a {r.DocumentTokens}-token document ({r.EditWindowsRun} of {r.Windows} windows run); whole document {r.FullAnalysisMs:F0} ms; ratio {r.EditOverFull:F3}");
        if (r.Generation is { } g)
            Console.Out.WriteLine($"steering           {g.SteeredTokensPerS:F1} tokens/s steered, {g.UnsteeredTokensPerS:F1} unsteered ({g.NewTokens} new tokens after {g.PromptPositions} positions); " +
                $"without the key/value cache {g.UncachedTokensPerS:F1} tokens/s: cache speed-up {g.CacheSpeedup:F1}x, same tokens {(g.CachedEqualsUncached ? "yes" : "NO")}");
    }
}
