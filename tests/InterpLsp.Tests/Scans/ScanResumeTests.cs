using System.Diagnostics;
using InterpLsp.Analysis.Scans;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Tests.Scans;

/// <summary>A real kill of <c>interp-lsp scan</c> mid-way, then the same command again: it continues from its
/// checkpoint, and the result equals an uninterrupted run's.</summary>
public sealed class ScanResumeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("interp-resume-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private Process Start(string cache, string corpus, string output)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "interp-lsp.dll"));
        foreach (var a in new[] { "scan", "--corpus", corpus, "-d", "neuron:blocks.2.hook_resid_post:7", "-d", "neuron:blocks.2.hook_resid_post:300",
                     "--no-store", "--checkpoint-seconds", "0", "--top", "15", "--out", output, "--library", Path.Combine(_dir, ".interp") })
            psi.ArgumentList.Add(a);
        psi.Environment["INTERP_LSP_CACHE"] = cache;
        psi.Environment.Remove("INTERP_LSP_DEBUG");
        return Process.Start(psi)!;
    }

    private static string Finish(Process p)
    {
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(300_000), "scan did not finish");
        Assert.True(p.ExitCode == 0, err.Result);
        return err.Result;
    }

    [Fact]
    public void ResumeAfterAKillEqualsAnUninterruptedRun()
    {
        var corpus = Path.Combine(_dir, "corpus.jsonl");
        var rng = new Random(5);
        var prose = InterpLsp.Model.Verification.VerificationTexts.Prose;
        File.WriteAllLines(corpus, Enumerable.Range(0, 1500).Select(i =>
            new JObject { ["id"] = $"s{i}", ["text"] = string.Join(" ", Enumerable.Range(0, rng.Next(1, 4)).Select(_ => prose[rng.Next(prose.Length)])) }.ToString(Newtonsoft.Json.Formatting.None)));

        var cache = Path.Combine(_dir, "cache");
        var killed = Start(cache, corpus, Path.Combine(_dir, "killed.json"));
        killed.StandardOutput.ReadToEndAsync();
        killed.StandardError.ReadToEndAsync();
        var watch = Stopwatch.StartNew();
        long seen = 0;
        while (watch.Elapsed < TimeSpan.FromSeconds(120) && !killed.HasExited)
        {
            var cp = Directory.Exists(Path.Combine(cache, "scans")) ? Directory.GetFiles(Path.Combine(cache, "scans"), "*.checkpoint.json").FirstOrDefault() : null;
            if (cp is not null)
            {
                try { seen = JObject.Parse(File.ReadAllText(cp))["documents"]!.Value<long>(); } catch (IOException) { } catch (Newtonsoft.Json.JsonException) { }
                if (seen > 0) break;
            }
            Thread.Sleep(20);
        }
        Assert.False(killed.HasExited, "the scan finished before it could be killed");
        killed.Kill(entireProcessTree: true);
        killed.WaitForExit();
        Assert.InRange(seen, 1, 1499);
        Assert.False(File.Exists(Path.Combine(_dir, "killed.json")));

        var resumedErr = Finish(Start(cache, corpus, Path.Combine(_dir, "resumed.json")));
        Assert.Contains("resumed from a checkpoint", resumedErr);
        Assert.Empty(Directory.GetFiles(Path.Combine(cache, "scans"), "*.checkpoint.json"));
        Finish(Start(Path.Combine(_dir, "fresh-cache"), corpus, Path.Combine(_dir, "whole.json")));

        var resumed = ScanResult.FromJson(File.ReadAllText(Path.Combine(_dir, "resumed.json")), "resumed");
        var whole = ScanResult.FromJson(File.ReadAllText(Path.Combine(_dir, "whole.json")), "whole");
        Assert.Equal(1500, whole.Documents);
        Assert.Equal(ScanInputs.Comparable(whole), ScanInputs.Comparable(resumed));
        Assert.Equal(whole.ToJson(), resumed.ToJson());
    }
}
