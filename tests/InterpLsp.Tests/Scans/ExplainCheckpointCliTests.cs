using System.Diagnostics;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Tests.Scans;

/// <summary>Issue 15, point 7, through the real CLI: explain's own scan checkpoints, and a rerun after kill -9
/// continues it and the activation store entry it was writing, to the same states and the same explanation as a
/// run that was never interrupted; when the partial entry is gone, the checkpoint is not used and the scan starts
/// over (explain needs the entry), saying so.</summary>
public sealed class ExplainCheckpointCliTests : IDisposable
{
    private const string Neuron = "neuron:blocks.2.hook_resid_post:7";
    private readonly string _dir = Directory.CreateTempSubdirectory("interp-explain-cp-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string P(string name) => Path.Combine(_dir, name);

    private ProcessStartInfo Info(string cache)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "interp-lsp.dll"));
        foreach (var a in new[] { "explain", Neuron, "--corpus", P("corpus.jsonl"), "--no-library", "--json" }) psi.ArgumentList.Add(a);
        psi.Environment["INTERP_LSP_CACHE"] = cache;
        psi.Environment.Remove("INTERP_LSP_DEBUG");
        return psi;
    }

    private (int ExitCode, string Stdout, string Stderr) Explain(string cache)
    {
        using var p = Process.Start(Info(cache))!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(600_000)) { p.Kill(true); Assert.Fail("explain did not finish"); }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private static string Entry(string cache, string file) => Path.Combine(Directory.GetDirectories(Path.Combine(cache, "activations")).Single(), file);

    /// <summary>The explanation without what depends on the clock or on the run's history.</summary>
    private static JObject Comparable(string json)
    {
        var o = JObject.Parse(json);
        foreach (var k in new[] { "seconds", "timings", "warnings" }) o.Remove(k);
        return o;
    }

    [Fact]
    public void A_killed_explain_continues_its_scan_and_store_entry_to_the_same_result()
    {
        var rng = new Random(7);
        var prose = InterpLsp.Model.Verification.VerificationTexts.Prose;
        // Enough documents that the scan outlasts its first checkpoint (every 5 s) on a fast run: 1,500 finished first
        // in a CI run once the forward pass got faster.
        const int Documents = 4000;
        File.WriteAllLines(P("corpus.jsonl"), Enumerable.Range(0, Documents).Select(i =>
            new JObject { ["id"] = $"s{i}", ["text"] = string.Join(" ", Enumerable.Range(0, rng.Next(1, 4)).Select(_ => prose[rng.Next(prose.Length)])) }.ToString(Newtonsoft.Json.Formatting.None)));
        string killedCache = P("killed"), goneCache = P("gone");
        var scans = Path.Combine(killedCache, "scans");

        // Killed once its checkpoint counts some documents done (the checkpoint comes every 5 s).
        long seen = 0;
        using (var killed = Process.Start(Info(killedCache))!)
        {
            killed.StandardOutput.ReadToEndAsync();
            killed.StandardError.ReadToEndAsync();
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < TimeSpan.FromSeconds(300) && !killed.HasExited && seen == 0)
            {
                var cp = Directory.Exists(scans) ? Directory.GetFiles(scans, "*.checkpoint.json").FirstOrDefault() : null;
                if (cp is not null)
                    try { seen = JObject.Parse(File.ReadAllText(cp))["documents"]!.Value<long>(); } catch (IOException) { } catch (Newtonsoft.Json.JsonException) { }
                if (seen == 0) Thread.Sleep(20);
            }
            Assert.False(killed.HasExited, "explain's scan finished before it could be killed");
            killed.Kill(entireProcessTree: true);
            killed.WaitForExit();
        }
        Assert.InRange(seen, 1, Documents - 1);
        var partial = Assert.Single(Directory.GetDirectories(Path.Combine(killedCache, "activations")));
        Assert.Contains(".partial-", partial);
        Assert.True(File.Exists(Path.Combine(partial, "index.partial.jsonl")));

        // A copy of that state whose partial entry is gone: the checkpoint is not used, the scan starts over.
        CopyFolder(killedCache, goneCache);
        Directory.Delete(Assert.Single(Directory.GetDirectories(Path.Combine(goneCache, "activations"))), true);
        var whole = Explain(goneCache);
        Assert.True(whole.ExitCode == 0, whole.Stderr);
        Assert.Contains("the partial entry of the interrupted scan at blocks.2.hook_resid_post is gone", whole.Stderr);
        Assert.Contains("the checkpoint is not used: its stored states could not be continued, and they are needed; the scan starts over", whole.Stderr);
        Assert.Contains($"done: {Documents} documents", whole.Stderr);

        // The rerun continues: the scan from its checkpoint, the store entry from its rows.
        var resumed = Explain(killedCache);
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Contains($"resumed from a checkpoint after {seen} documents", resumed.Stderr);
        Assert.Contains("continued the activation store's partial entries", resumed.Stderr);
        Assert.DoesNotContain("activation store not written", resumed.Stderr);
        Assert.Empty(Directory.GetFiles(scans, "*.checkpoint.json"));

        // Equal to the run that started over: the stored states and index byte for byte, the explanation.
        foreach (var f in new[] { "states.f16", "index.json", "meta.json" })
            Assert.True(File.ReadAllBytes(Entry(killedCache, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Entry(goneCache, f))), $"{f} differs");
        Assert.False(File.Exists(Entry(killedCache, "index.partial.jsonl")));
        Assert.True(JToken.DeepEquals(Comparable(whole.Stdout), Comparable(resumed.Stdout)), "the resumed explanation differs from the uninterrupted one");
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var d in Directory.GetDirectories(from, "*", SearchOption.AllDirectories)) Directory.CreateDirectory(d.Replace(from, to));
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from, "*", SearchOption.AllDirectories)) File.Copy(f, f.Replace(from, to));
    }
}
