using InterpLsp.Model.Embedded;
using InterpLsp.Model.Hooks;
using InterpLsp.Model.Verification;
using TorchSharp;
using static TorchSharp.torch;

namespace InterpLsp.Model.Benchmarks;

/// <summary>Tokens per second of each runtime, their ratio, and each side's mean minor page faults per run.</summary>
public sealed record SpeedFigures(double TorchsharpTokensPerS, double OnnxruntimeTokensPerS, double Ratio, int Tokens, int Runs,
    double TorchsharpFaultsPerRun = 0, double OnnxruntimeFaultsPerRun = 0);
public sealed record RooflineFigures(double GemmGflops, double ForwardGflops, double Efficiency);
public sealed record ForwardBenchmarkReport(
    SpeedFigures Forward512, SpeedFigures ForwardBatch, SpeedFigures EarlyExitLayer2,
    RooflineFigures Roofline, double LoadS, double RssMb, int Threads);

/// <summary>
/// TorchSharp against ONNX Runtime on the same ids in the same process, interleaved, medians after warm-up:
/// one 512-position text; 64 texts of 32 positions; early exit after block 2 against ORT's full forward; and
/// the forward's achieved GFLOP/s against libtorch's own large-matmul rate (the roofline).
/// </summary>
public static class ForwardBenchmark
{
    public static ForwardBenchmarkReport Run(BertLanguageModel model, double loadSeconds, double rssAfterLoadMb, int runs = 7)
    {
        int threads = torch.get_num_threads();
        using var ort = new OnnxReference(EmbeddedMiniLm.ReadOnnxBytes(), threads);
        var tok = model.WordPiece;
        var prose = string.Join(" ", Enumerable.Repeat(string.Join(" ", VerificationTexts.Prose), 10));
        var all = tok.Tokenize(prose).Select(t => t.Id).ToArray();
        string last = BertHooks.NormalizedResidPost.At(model.Info.Layers - 1);

        var long512 = all[..model.MaxWindowTokens];
        var f512 = Compare(model, ort, new[] { long512 }, last, runs);
        var batch = Enumerable.Range(0, 64).Select(i => all.Skip(i * 7).Take(30).ToArray()).ToArray();
        var fBatch = Compare(model, ort, batch, last, runs);
        var early = Compare(model, ort, new[] { long512 }, BertHooks.NormalizedResidPost.At(2), runs);

        double gemm = GemmGflops(runs);
        double forwardFlops = ForwardFlops(model, long512.Length + 2);
        double forwardGflops = forwardFlops / 1e9 / ((long512.Length + 2) / f512.TorchsharpTokensPerS);
        return new ForwardBenchmarkReport(f512, fBatch, early,
            new RooflineFigures(gemm, forwardGflops, forwardGflops / gemm), loadSeconds, rssAfterLoadMb, threads);
    }

    private static SpeedFigures Compare(BertLanguageModel model, OnnxReference ort, int[][] windows, string hook, int runs)
    {
        var withSpecials = windows.Select(w => w.Select(i => (long)i).Prepend(model.WordPiece.ClsId).Append(model.WordPiece.SepId).ToArray()).ToArray();
        var hooks = new[] { hook };
        var (ours, theirs, ourFaults, theirFaults) = Timing.Interleaved(
            () => model.Run(windows, hooks),
            () => ort.LastHiddenState(withSpecials),
            runs);
        int tokens = withSpecials.Sum(w => w.Length);
        return new SpeedFigures(tokens / ours, tokens / theirs, theirs / ours, tokens, runs, ourFaults, theirFaults);
    }

    /// <summary>Multiply-adds of one window's forward pass counted from the shapes, times two (FLOPs).</summary>
    public static double ForwardFlops(BertLanguageModel model, int tokens)
    {
        var c = model.Info;
        double h = c.Width, t = tokens, inter = model.HookPoints.First(p => p.Name == BertHooks.MlpPost.At(0)).Width;
        double perLayer = 3 * t * h * h   // Q, K, V
                        + 2 * t * t * h   // scores and weighted values
                        + t * h * h       // output projection
                        + 2 * t * h * inter; // MLP in and out
        return 2 * perLayer * c.Layers;
    }

    /// <summary>libtorch's float32 matmul rate on large square matrices (GFLOP/s, median).</summary>
    public static double GemmGflops(int runs, int n = 2048)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var a = randn(n, n);
        var b = randn(n, n);
        for (int i = 0; i < 2; i++) a.matmul(b).Dispose();
        var times = new List<double>();
        for (int i = 0; i < runs; i++) times.Add(Timing.Seconds(() => a.matmul(b).Dispose()));
        return 2.0 * n * n * n / Timing.Median(times) / 1e9;
    }
}
