using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using InterpLsp.Analysis.Scans;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Tests.Scans;

/// <summary>Issue 15, points 2, 5, 8 (scan part) and 9 through the real CLI: an edited checkpoint is not trusted,
/// a scan's end count is checked, a lone-surrogate corpus line is skipped and listed (the rule probe train
/// applies), a merge that misses a shard is stored only with --partial and marked so, a merge of shards at other
/// hooks names the hook, and damaged checkpoints, shards and corpus lines are described without quoting bytes.</summary>
public sealed class ScanIntegrityCliTests : IDisposable
{
    private const string Neuron = "neuron:blocks.2.hook_resid_post:7";
    private readonly string _dir = Directory.CreateTempSubdirectory("interp-integrity-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string P(string name) => Path.Combine(_dir, name);

    private static ProcessStartInfo Info(string cache, string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "interp-lsp.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["INTERP_LSP_CACHE"] = cache;
        psi.Environment.Remove("INTERP_LSP_DEBUG");
        return psi;
    }

    private (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        using var p = Process.Start(Info(P("cache"), args))!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(300_000)) { p.Kill(true); Assert.Fail($"interp-lsp {string.Join(' ', args)} did not finish"); }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private static void QuotesNoBytes(string stderr)
    {
        Assert.DoesNotContain("not json at all", stderr);
        Assert.DoesNotContain("Unexpected character", stderr);
        Assert.DoesNotContain("\uFFFD", stderr);
        Assert.DoesNotContain("invalid JSON literal", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    private string[] ScanArgs(string corpus, string output) =>
        ["scan", "--corpus", corpus, "-d", Neuron, "--no-store", "--checkpoint-seconds", "0", "--out", output, "--library", P(".interp")];

    /// <summary>Point 2: kill a scan to get a checkpoint, edit it to claim the scan done. With its checksum left
    /// as it was, the rerun refuses the checkpoint and starts over (the whole corpus, rc 0); with a checksum
    /// forged to match, the end count catches the short count: rc 2, both numbers named, nothing stored. A
    /// checkpoint of garbage bytes is refused naming the file and the kind of problem only (point 8).</summary>
    [Fact]
    public void An_edited_checkpoint_is_not_trusted_and_a_short_count_is_an_error()
    {
        const int n = 1500;
        var corpus = P("corpus.jsonl");
        var rng = new Random(5);
        var prose = InterpLsp.Model.Verification.VerificationTexts.Prose;
        File.WriteAllLines(corpus, Enumerable.Range(0, n).Select(i =>
            new JObject { ["id"] = $"s{i}", ["text"] = string.Join(" ", Enumerable.Range(0, rng.Next(1, 4)).Select(_ => prose[rng.Next(prose.Length)])) }.ToString(Newtonsoft.Json.Formatting.None)));
        var scans = Path.Combine(P("cache"), "scans");

        using (var killed = Process.Start(Info(P("cache"), ScanArgs(corpus, P("killed.json"))))!)
        {
            killed.StandardOutput.ReadToEndAsync();
            killed.StandardError.ReadToEndAsync();
            var watch = Stopwatch.StartNew();
            long seen = 0;
            while (watch.Elapsed < TimeSpan.FromSeconds(120) && !killed.HasExited && seen == 0)
            {
                var cp = Directory.Exists(scans) ? Directory.GetFiles(scans, "*.checkpoint.json").FirstOrDefault() : null;
                if (cp is not null)
                    try { seen = JObject.Parse(File.ReadAllText(cp))["documents"]!.Value<long>(); } catch (IOException) { } catch (Newtonsoft.Json.JsonException) { }
                if (seen == 0) Thread.Sleep(20);
            }
            Assert.False(killed.HasExited, "the scan finished before it could be killed");
            killed.Kill(entireProcessTree: true);
            killed.WaitForExit();
            Assert.InRange(seen, 1, n - 1);
        }
        var path = Directory.GetFiles(scans, "*.checkpoint.json").Single();
        var original = File.ReadAllText(path);
        Assert.StartsWith("{\n  \"checksum\": \"", original);

        // Edited to claim the scan done: not_done empty, next_ordinal at the end.
        var o = JObject.Parse(original);
        long done = o["documents"]!.Value<long>();
        o["not_done"] = new JArray();
        o["next_ordinal"] = n;
        var edited = o.ToString(Newtonsoft.Json.Formatting.Indented).Replace("\r\n", "\n");

        // 1. The checksum forged to match: the checkpoint is used, but the end count refuses the result.
        var zeroed = "{\n  \"checksum\": \"" + new string('0', 64) + edited[(16 + 64)..];
        var forged = "{\n  \"checksum\": \"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(zeroed))) + edited[(16 + 64)..];
        File.WriteAllText(path, forged);
        var f = Run(ScanArgs(corpus, P("forged.json")));
        Assert.True(f.ExitCode == 2, f.Stderr);
        Assert.Contains("resumed from a checkpoint", f.Stderr);
        Assert.Contains($"counted {done:N0} documents done", f.Stderr);
        Assert.Contains($"has {n:N0} documents", f.Stderr);
        Assert.Contains("nothing was stored", f.Stderr);
        Assert.DoesNotContain("stored 1 scan", f.Stderr);
        Assert.False(File.Exists(P("forged.json")));
        Assert.Empty(Directory.GetFiles(scans, "*.checkpoint.json"));

        // 2. Edited with the checksum left as it was: refused, the scan starts over and covers the whole corpus.
        File.WriteAllText(path, edited);
        var e = Run(ScanArgs(corpus, P("edited.json")));
        Assert.True(e.ExitCode == 0, e.Stderr);
        Assert.Contains("fails its checksum (damaged or edited)", e.Stderr);
        Assert.Contains("starts over from the first document", e.Stderr);
        Assert.DoesNotContain("resumed from a checkpoint", e.Stderr);
        Assert.Equal(n, ScanResult.FromJson(File.ReadAllText(P("edited.json")), "edited").Documents);

        // 3. Garbage (the exact inputs of the issue): named by file and kind, never quoted; the scan is whole.
        File.WriteAllBytes(path, [.. "not json at all"u8, 0xFF, 0xFE, (byte)'\n']);
        var g = Run(ScanArgs(corpus, P("garbage.json")));
        Assert.True(g.ExitCode == 0, g.Stderr);
        Assert.Contains(Path.GetFileName(path), g.Stderr);
        Assert.Contains("is not UTF-8 text: not used; the scan starts over", g.Stderr);
        QuotesNoBytes(g.Stderr);
        Assert.Equal(n, ScanResult.FromJson(File.ReadAllText(P("garbage.json")), "garbage").Documents);
    }

    /// <summary>Point 5 and 8: a line with an escaped lone surrogate is skipped and listed by file line, as a line
    /// that is not JSON is (neither quoted); probe train refuses the same row by the same rule.</summary>
    [Fact]
    public void A_lone_surrogate_line_is_skipped_and_listed_and_probe_train_applies_the_same_rule()
    {
        var corpus = P("c.jsonl");
        var lines = Enumerable.Range(0, 6).Select(i => new JObject { ["text"] = $"The soup was boiling hot, bowl {i}." }.ToString(Newtonsoft.Json.Formatting.None)).ToList();
        lines.Insert(2, "not json at all");
        lines.Insert(4, "{\"text\": \"\\ud800 lone\"}");
        lines.Add("{\"text\": \"a pair \\ud83d\\ude00 is fine\"}");
        File.WriteAllLines(corpus, lines);
        var r = Run("scan", "--corpus", corpus, "-d", Neuron, "--no-store", "--no-library", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var result = ScanResult.FromJson(r.Stdout, "stdout");
        Assert.Equal(7, result.Documents);
        Assert.Equal(2, result.Skipped.Count);
        Assert.StartsWith("line 3: not valid JSON", result.Skipped[0]);
        Assert.Equal("line 5: the line contains an escaped lone UTF-16 surrogate (U+D800), which is not text", result.Skipped[1]);
        QuotesNoBytes(string.Join("\n", result.Skipped) + r.Stderr);

        var data = P("data.jsonl");
        File.WriteAllLines(data, ["{\"text\": \"Hot soup.\", \"label\": 1}", "{\"text\": \"\\ud800 lone\", \"label\": 0}", "{\"text\": \"A book.\", \"label\": 0}"]);
        var t = Run("probe", "train", "--data", data, "--method", "mass-mean", "--name", "x", "--library", P(".interp"));
        Assert.Equal(2, t.ExitCode);
        Assert.Contains("data.jsonl line 2: the line contains an escaped lone UTF-16 surrogate (U+D800), which is not text", t.Stderr);
    }

    /// <summary>Point 9 and 8: a merge missing a shard is an error naming it, stored only with --partial and
    /// then marked partial; a shard given twice is refused naming both files; shards at other hooks are refused naming the hook; a damaged shard file is described
    /// by kind and place only.</summary>
    [Fact]
    public void Merge_needs_partial_for_a_missing_shard_names_a_differing_hook_and_quotes_no_bytes()
    {
        var corpus = P("c.jsonl");
        File.WriteAllLines(corpus, Enumerable.Range(0, 12).Select(i => new JObject { ["text"] = $"Sentence number {i} about warm tea." }.ToString(Newtonsoft.Json.Formatting.None)));
        for (int i = 0; i < 3; i++)
        {
            var s = Run("scan", "--corpus", corpus, "-d", Neuron, "--no-store", "--no-library", "--shard", $"{i}/3", "--out", P($"s{i}.json"));
            Assert.True(s.ExitCode == 0, s.Stderr);
        }
        var h = Run("scan", "--corpus", corpus, "-d", "neuron:blocks.1.hook_resid_post:7", "--no-store", "--no-library", "--shard", "1/3", "--out", P("h1.json"));
        Assert.True(h.ExitCode == 0, h.Stderr);
        var lib = P(".interp");

        var missing = Run("scan", "merge", P("s0.json"), P("s2.json"), "--library", lib, "--out", P("m.json"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("misses shard 1/3", missing.Stderr);
        Assert.Contains("--partial", missing.Stderr);
        Assert.False(File.Exists(P("m.json")));
        var hash = JObject.Parse(File.ReadAllText(P("s0.json")))["directions"]![0]!["hash"]!.Value<string>()!;
        if (File.Exists(Path.Combine(lib, "library.sqlite")))
            using (var l = InterpLsp.Library.DirectionLibrary.Open(lib)) Assert.Null(l.LatestScan(hash));

        var partial = Run("scan", "merge", P("s0.json"), P("s2.json"), "--library", lib, "--partial", "--json");
        Assert.True(partial.ExitCode == 0, partial.Stderr);
        Assert.Contains("stored 1 partial scan(s)", partial.Stderr);
        Assert.True((bool)JObject.Parse(partial.Stdout)["partial"]!);
        using (var l = InterpLsp.Library.DirectionLibrary.Open(lib))
        {
            var stored = JObject.Parse(l.LatestScan(hash)!.ResultJson!);
            Assert.True((bool)stored["partial"]!);
            Assert.Equal(new[] { 0, 2 }, stored["shards"]!.Values<int>().ToArray());
        }

        var whole = Run("scan", "merge", P("s0.json"), P("s1.json"), P("s2.json"), "--no-library", "--json");
        Assert.True(whole.ExitCode == 0, whole.Stderr);
        Assert.Null(JObject.Parse(whole.Stdout)["partial"]);

        File.Copy(P("s1.json"), P("s1-again.json"));
        var twice = Run("scan", "merge", P("s0.json"), P("s1.json"), P("s1-again.json"), P("s2.json"), "--library", lib, "--out", P("m.json"));
        Assert.Equal(2, twice.ExitCode);
        Assert.Contains("shard 1/3 appears twice: in result 2 (", twice.Stderr);
        Assert.Contains("s1.json) and again in result 3 (", twice.Stderr);
        Assert.Contains("s1-again.json)", twice.Stderr);
        Assert.False(File.Exists(P("m.json")));

        var hooks = Run("scan", "merge", P("s0.json"), P("h1.json"), P("s2.json"), "--no-library");
        Assert.Equal(2, hooks.ExitCode);
        Assert.Contains("at hook blocks.1.hook_resid_post", hooks.Stderr);
        Assert.Contains("at hook blocks.2.hook_resid_post", hooks.Stderr);
        Assert.Contains("the hook", hooks.Stderr);

        File.WriteAllText(P("bad.json"), "not json at all");
        File.WriteAllBytes(P("bytes.json"), [0xFF, 0xFE, (byte)'{', (byte)'x']);
        foreach (var bad in new[] { "bad.json", "bytes.json" })
        {
            var b = Run("scan", "merge", P("s0.json"), P(bad), "--no-library");
            Assert.Equal(2, b.ExitCode);
            Assert.Contains(bad, b.Stderr);
            Assert.Contains("not a scan result", b.Stderr);
            Assert.Contains("not a scan result (an unexpected character", b.Stderr);
            QuotesNoBytes(b.Stderr);
        }
    }
}
