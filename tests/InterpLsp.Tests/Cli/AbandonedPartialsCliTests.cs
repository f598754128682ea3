using System.Diagnostics;
using InterpLsp.Tests.Library;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Tests.Cli;

/// <summary>Issue 15, point 6: a killed scan leaves <c>&lt;digest&gt;.partial-PID-GUID</c> folders in the activation
/// store. The next scan that writes to the store removes those whose process is gone (and says so), keeps those of
/// a live process, and the store's size counts what is on disk.</summary>
public sealed class AbandonedPartialsCliTests
{
    private static int ExitedPid()
    {
        using var p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        p.WaitForExit();
        return p.Id;
    }

    [Fact]
    public void A_scan_removes_the_partial_folders_of_processes_that_are_gone_and_keeps_live_ones()
    {
        using var tmp = new TempFolder();
        var cache = tmp.File("cache");
        var store = Path.Combine(cache, "activations");
        Directory.CreateDirectory(store);
        int dead = ExitedPid();
        Assert.False(Directory.Exists($"/proc/{dead}"), "the exited helper's pid was reused at once");
        var abandoned = Path.Combine(store, $"0123456789abcdef0123456789abcdef.partial-{dead}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(abandoned);
        File.WriteAllBytes(Path.Combine(abandoned, "states.f16"), new byte[3 << 20]);
        var live = Path.Combine(store, $"fedcba9876543210fedcba9876543210.partial-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(live);
        File.WriteAllBytes(Path.Combine(live, "states.f16"), new byte[1 << 20]);

        var corpus = tmp.File("corpus.jsonl");
        File.WriteAllLines(corpus, new[] { "The soup was boiling hot.", "It is freezing cold outside.", "They painted the fence." }
            .Select(t => new JObject { ["text"] = t }.ToString(Newtonsoft.Json.Formatting.None)));
        var r = Support.Cli.RunWith(new Dictionary<string, string> { ["INTERP_LSP_CACHE"] = cache },
            "scan", "--corpus", corpus, "-d", "neuron:blocks.2.hook_resid_post:7", "--library", tmp.Interp, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.False(Directory.Exists(abandoned), "the abandoned partial folder is still there");
        Assert.Contains($"left by process {dead}, which is gone", r.Stderr);
        Assert.True(Directory.Exists(live), "a live process's partial folder was removed");
        // the scan's own entry was completed, so its partial folder is gone too
        Assert.Single(Directory.GetDirectories(store), d => File.Exists(Path.Combine(d, "complete")));

        var s = new InterpLsp.Analysis.ActivationStore.ActivationStore(store, 1L << 30);
        long onDisk = new DirectoryInfo(store).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
        Assert.Equal(onDisk, s.SizeBytes);
    }
}
