using System.Diagnostics;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Tests.Cli;

/// <summary>Issue 15, point 10: the verbs that load the model and run libtorch (and ONNX Runtime) exit with their
/// own exit code every time, after their whole output (the process ends by <c>ProcessEnd</c>, not by native
/// static destructors racing a thread still inside libtorch). Each verb runs repeatedly; every exit code and every
/// output is checked.</summary>
public sealed class ExitCodeCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("interp-exit-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = InterpLsp.Tests.Probes.ProbeRealDataTests.RepoPath() };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "interp-lsp.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["INTERP_LSP_CACHE"] = Path.Combine(_dir, "cache");
        psi.Environment.Remove("INTERP_LSP_DEBUG");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(600_000)) { p.Kill(true); Assert.Fail($"interp-lsp {string.Join(' ', args)} did not finish"); }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void Heavy_verbs_run_repeatedly_exit_zero_every_time_after_their_whole_output()
    {
        // 300 sentences of the default corpus (WordNet glosses: enough distinct words for an explanation).
        var corpus = Path.Combine(_dir, "corpus.jsonl");
        using (var gz = new System.IO.Compression.GZipStream(File.OpenRead(Path.Combine(AppContext.BaseDirectory, "corpus", "wordnet-3.1.jsonl.gz")), System.IO.Compression.CompressionMode.Decompress))
        using (var reader = new StreamReader(gz))
        {
            reader.ReadLine(); // the header
            File.WriteAllLines(corpus, Enumerable.Range(0, 300).Select(_ => reader.ReadLine()!));
        }
        var library = Path.Combine(_dir, ".interp");
        var verbs = new (string Name, string[] Args, Action<string> CheckOutput)[]
        {
            ("verify-model", ["verify-model"], o => Assert.Contains("PASS", o)),
            ("explain", ["explain", "neuron:blocks.2.hook_resid_post:7", "--corpus", corpus, "--no-library", "--json"], o => Assert.NotNull(JObject.Parse(o)["verdict"])),
            ("probe train", ["probe", "train", "--data", "samples/data/temperature.jsonl", "--method", "logistic", "--name", "t", "--library", library, "--json"], o => Assert.NotNull(JObject.Parse(o)["auroc"])),
            ("activations", ["activations", "samples/heat-and-disorder.txt", "-d", "samples/directions/temperature.json", "--json"], o => Assert.NotEmpty((JArray)JObject.Parse(o)["tokens"]!)),
        };
        var codes = new List<string>();
        for (int round = 0; round < 2; round++)
            foreach (var (name, args, check) in verbs)
            {
                var r = Run(args);
                codes.Add($"{name} #{round + 1}: {r.ExitCode}");
                Assert.True(r.ExitCode == 0, $"{name} (run {round + 1}) exited {r.ExitCode}:\n{r.Stderr[Math.Max(0, r.Stderr.Length - 2000)..]}");
                check(r.Stdout); // the whole output came out before the process ended
            }
        Assert.Equal(8, codes.Count);
    }
}
