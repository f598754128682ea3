using System.Diagnostics;
using System.Runtime.InteropServices;

namespace InterpLsp.Tests.Cli;

/// <summary>SIGTERM stops a running verb at once with exit code 143 and writes no result (a Slurm task cancelled with
/// scancel must not leave its shard behind).</summary>
public sealed class TerminationCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("interplsp-sigterm-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);

    [Fact]
    public void A_scan_told_to_stop_with_SIGTERM_exits_143_and_writes_no_result()
    {
        var output = Path.Combine(_dir, "scan.json");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "interp-lsp.dll"));
        foreach (var a in new[] { "scan", "--corpus", "all", "-d", "neuron:blocks.2.hook_resid_post:7", "--out", output, "--no-library", "--no-store" })
            psi.ArgumentList.Add(a);
        psi.Environment["INTERP_LSP_CACHE"] = Path.Combine(_dir, "cache");
        using var p = Process.Start(psi)!;
        var stderr = new System.Text.StringBuilder();
        var started = new ManualResetEventSlim();
        p.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderr) stderr.AppendLine(e.Data);
            if (e.Data.Contains("forward:", StringComparison.Ordinal)) started.Set(); // the scan is under way
        };
        p.BeginErrorReadLine();
        _ = p.StandardOutput.ReadToEndAsync();
        Assert.True(started.Wait(TimeSpan.FromSeconds(120)), "the scan reported no progress: " + stderr);
        Assert.Equal(0, Kill(p.Id, 15));
        Assert.True(p.WaitForExit(30_000), "the scan went on after SIGTERM");
        p.WaitForExit();
        Assert.Equal(143, p.ExitCode);
        Assert.False(File.Exists(output), "a stopped scan wrote its result");
        lock (stderr) Assert.Contains("stopped by SIGTERM", stderr.ToString());
    }
}
