using Newtonsoft.Json.Linq;
using Xunit.Abstractions;
using CliRun = InterpLsp.Tests.Support.Cli;

namespace InterpLsp.Tests.Model.Causal;

/// <summary><c>interp-lsp bench --model M</c> runs end to end on a tiny GPT-2 folder and reports its figures; the edit at
/// the end of a long document reruns only the last window (a count, not a timing).</summary>
public sealed class BenchModelCliTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "interplsp-benchhf-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void Bench_model_prints_load_memory_forward_and_causal_edit_figures()
    {
        var folder = TinyTokenizer.Gpt2Folder(Path.Combine(_dir, "tiny"), positions: 256);
        var r = CliRun.Run("bench", "--model", folder, "--runs", "3", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        output.WriteLine(r.Stdout);
        var j = JObject.Parse(r.Stdout);
        Assert.Equal("GPT-2", (string)j["Architecture"]!);
        Assert.True((double)j["ForwardTokensPerS"]! > 0);
        Assert.Equal(255, (int)j["WindowTokens"]!);
        Assert.True((int)j["Windows"]! >= 4);
        Assert.Equal(1, (int)j["EditWindowsRun"]!);
        Assert.True((double)j["RssOverWeights"]! > 0);
    }
}
