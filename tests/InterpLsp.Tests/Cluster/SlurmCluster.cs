using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace InterpLsp.Tests.Cluster;

/// <summary>A one-node Slurm cluster on this machine, all of it in a temporary folder: <c>munged</c> with its own
/// key and socket, <c>slurmctld</c> and <c>slurmd</c> with a generated slurm.conf (free ports, state, spool, logs
/// and pid files in the folder, the node as <c>slurmd -C</c> reports it). The Slurm and munge of Debian's
/// <c>slurm-wlm</c> and <c>munge</c> packages (./setup.sh --tests installs them); without them it fails, naming
/// them. <see cref="Stop"/> cancels the cluster's jobs, stops the daemons and ends whatever is left that names the
/// folder, and returns what it had to end that way.</summary>
public sealed class SlurmCluster : IDisposable
{
    private const string Marker = "INTERP_SLURM_TEST_DIR";
    private readonly List<Process> _daemons = new();
    private bool _stopped;

    public string Folder { get; }
    public string Conf => Path.Combine(Folder, "slurm.conf");

    public SlurmCluster()
    {
        var missing = new[] { "munged", "mungekey", "slurmctld", "slurmd", "sbatch", "squeue", "scancel", "scontrol", "sinfo" }
            .Where(t => Which(t) is null).ToList();
        if (missing.Count > 0)
            throw new Xunit.Sdk.XunitException($"{string.Join(", ", missing)} not found (on PATH, /usr/sbin, /sbin). This test runs a real " +
                "Slurm on this machine: install Debian's slurm-wlm and munge (./setup.sh --tests does: apt-get install slurm-wlm munge).");
        Folder = Directory.CreateTempSubdirectory("interp-slurm-").FullName;
        try { Start(); }
        catch { Stop(); throw; }
    }

    private void Start()
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("the Slurm test runs on Linux");
        // munged wants its socket's folder executable by all and its key readable by its user only.
        File.SetUnixFileMode(Folder, (UnixFileMode)0b111_101_101);
        string run = Dir("run"), munge = Dir("munge"), log = Dir("log");
        File.SetUnixFileMode(munge, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Dir("spool/ctld");
        Dir("spool/d");
        string key = Path.Combine(munge, "munge.key"), socket = Path.Combine(run, "munge.sock");
        Tool("mungekey", "-c", "-b", "1024", "-k", key);
        Daemon("munged", "-F", $"--socket={socket}", $"--key-file={key}", $"--pid-file={Path.Combine(run, "munged.pid")}",
            $"--seed-file={Path.Combine(munge, "munged.seed")}", $"--log-file={Path.Combine(log, "munged.log")}");
        WaitFor(() => File.Exists(socket), TimeSpan.FromSeconds(20), () => $"munged did not create its socket; {Logs()}");

        string node = Tool("slurmd", "-C").Stdout.Split('\n')[0].Trim(); // NodeName=host CPUs=... RealMemory=...
        Assert.StartsWith("NodeName=", node);
        string host = node.Split(' ')[0]["NodeName=".Length..];
        int ctldPort = FreePort(), dPort = FreePort(ctldPort);
        string user = System.Environment.UserName;
        File.WriteAllText(Conf, $"""
            ClusterName=interptest
            SlurmctldHost={host}(127.0.0.1)
            SlurmctldPort={ctldPort}
            SlurmdPort={dPort}
            SlurmUser={user}
            SlurmdUser={user}
            AuthType=auth/munge
            CredType=cred/munge
            AuthInfo=socket={socket}
            StateSaveLocation={Folder}/spool/ctld
            SlurmdSpoolDir={Folder}/spool/d
            SlurmctldPidFile={run}/slurmctld.pid
            SlurmdPidFile={run}/slurmd.pid
            SlurmctldLogFile={log}/slurmctld.log
            SlurmdLogFile={log}/slurmd.log
            MailProg=/bin/true
            ProctrackType=proctrack/linuxproc
            TaskPlugin=task/none
            SelectType=select/cons_tres
            SelectTypeParameters=CR_Core
            JobAcctGatherType=jobacct_gather/none
            AccountingStorageType=accounting_storage/none
            JobCompType=jobcomp/none
            MpiDefault=none
            ReturnToService=2
            MinJobAge=3600
            {node} State=UNKNOWN
            PartitionName=main Nodes={host} Default=YES MaxTime=INFINITE State=UP

            """.Replace("\r\n", "\n"));
        Daemon("slurmctld", "-D", "-f", Conf);
        WaitFor(() => Tool("sinfo", true, "-h", "-o", "%T").ExitCode == 0, TimeSpan.FromSeconds(30), () => $"slurmctld did not answer; {Logs()}");
        Daemon("slurmd", "-D", "-f", Conf);
        WaitFor(() => Tool("sinfo", true, "-h", "-o", "%T").Stdout.Trim() == "idle", TimeSpan.FromSeconds(60),
            () => $"the node did not become idle: {Tool("sinfo", true, "-h", "-o", "%T").Stdout.Trim()}; {Logs()}");
    }

    private string Dir(string name) => Directory.CreateDirectory(Path.Combine(Folder, name)).FullName;

    /// <summary>The environment every Slurm command and daemon of this cluster gets: its slurm.conf, and a marker
    /// naming the folder (what <see cref="Stop"/> looks for in the processes that are left).</summary>
    public IReadOnlyDictionary<string, string> Env => new Dictionary<string, string> { ["SLURM_CONF"] = Conf, [Marker] = Folder };

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>Runs a Slurm or munge command (or a script) against this cluster; a failure is an assertion naming it.</summary>
    public Result Tool(string tool, params string[] args) => Tool(tool, false, args);

    public Result Tool(string tool, bool mayFail, params string[] args)
    {
        var psi = new ProcessStartInfo(Which(tool) ?? tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (Folder is not null) foreach (var (k, v) in Env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000)) { p.Kill(true); throw new TimeoutException($"{tool} {string.Join(' ', args)} did not finish in 60 s"); }
        var r = new Result(p.ExitCode, stdout.Result, stderr.Result);
        if (!mayFail && r.ExitCode != 0) throw new Xunit.Sdk.XunitException($"{tool} {string.Join(' ', args)} exited {r.ExitCode}: {r.Stderr}{r.Stdout}");
        return r;
    }

    /// <summary>Starts a daemon in the foreground, its output into log/NAME.out.</summary>
    private void Daemon(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("exec \"$0\" \"$@\" >\"$OUTFILE\" 2>&1");
        psi.ArgumentList.Add(Which(tool)!);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["OUTFILE"] = Path.Combine(Folder, "log", tool + ".out");
        foreach (var (k, v) in Env) psi.Environment[k] = v;
        _daemons.Add(Process.Start(psi)!);
    }

    /// <summary>The job's state from <c>scontrol show job</c> (PENDING, RUNNING, COMPLETED, CANCELLED, ...).</summary>
    public string State(string job)
    {
        var r = Tool("scontrol", true, "-o", "show", "job", job);
        if (r.ExitCode != 0) return "UNKNOWN";
        var states = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ').FirstOrDefault(f => f.StartsWith("JobState=", StringComparison.Ordinal))?["JobState=".Length..] ?? "?").Distinct().ToList();
        return string.Join(",", states);
    }

    /// <summary>Jobs (and array tasks) still pending or running.</summary>
    public List<string> Queue() =>
        Tool("squeue", "-h", "-r", "-o", "%i %T").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    public string Logs()
    {
        var sb = new StringBuilder();
        foreach (var f in Directory.Exists(Path.Combine(Folder, "log")) ? Directory.GetFiles(Path.Combine(Folder, "log")) : [])
        {
            var text = File.ReadAllText(f);
            sb.Append($"\n--- {Path.GetFileName(f)} (end)\n{(text.Length > 2000 ? text[^2000..] : text)}");
        }
        return sb.ToString();
    }

    /// <summary>Cancels the cluster's jobs, stops slurmd, slurmctld and munged, then ends any process that still names
    /// the folder (a job step left behind); returns those ("pid command"), empty when everything had stopped.</summary>
    public List<string> Stop()
    {
        if (_stopped) return new();
        _stopped = true;
        if (_daemons.Count >= 2 && !_daemons[1].HasExited)
        {
            try
            {
                var ids = Tool("squeue", true, "-h", "-o", "%i").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (ids.Length > 0) Tool("scancel", [.. ids]);
                WaitFor(() => Tool("squeue", true, "-h", "-o", "%i").Stdout.Trim().Length == 0, TimeSpan.FromSeconds(30), () => "jobs still queued");
            }
            catch (Exception e) { Console.Error.WriteLine($"slurm test: cancelling jobs: {e.Message}"); }
        }
        for (int i = _daemons.Count - 1; i >= 0; i--) // slurmd, slurmctld, munged
        {
            var d = _daemons[i];
            if (!d.HasExited) { d.Kill(entireProcessTree: true); d.WaitForExit(10_000); }
            d.Dispose();
        }
        var left = Leftovers();
        foreach (var (pid, what) in left)
            try { using var p = Process.GetProcessById(pid); p.Kill(true); p.WaitForExit(10_000); } catch (ArgumentException) { } catch (InvalidOperationException) { }
        if (Folder is not null && Leftovers().Count == 0)
            try { Directory.Delete(Folder, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return left.Select(l => $"{l.Pid} {l.What}").ToList();
    }

    public void Dispose() => Stop();

    /// <summary>Processes other than this one whose command line or environment names the cluster's folder.</summary>
    private List<(int Pid, string What)> Leftovers()
    {
        var found = new List<(int, string)>();
        if (Folder is null) return found;
        int self = System.Environment.ProcessId;
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid) || pid == self) continue;
            try
            {
                var cmd = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Trim();
                var env = File.ReadAllText(Path.Combine(dir, "environ"));
                if (cmd.Contains(Folder, StringComparison.Ordinal) || env.Contains($"{Marker}={Folder}\0", StringComparison.Ordinal)
                    || env.Contains($"SLURM_CONF={Conf}\0", StringComparison.Ordinal))
                    found.Add((pid, cmd.Length > 0 ? cmd : "(no command line)"));
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }

    /// <summary>Waits (polling every 100 ms) until <paramref name="condition"/> holds; past <paramref name="limit"/>
    /// it fails with <paramref name="message"/>.</summary>
    public static void WaitFor(Func<bool> condition, TimeSpan limit, Func<string> message)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed >= limit) throw new Xunit.Sdk.XunitException($"after {limit.TotalSeconds:0} s: {message()}");
            Thread.Sleep(100);
        }
    }

    private static int FreePort(int not = 0)
    {
        while (true)
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            int port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            if (port != not) return port;
        }
    }

    public static string? Which(string tool)
    {
        if (tool.Contains('/')) return File.Exists(tool) ? tool : null;
        var dirs = (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(["/usr/sbin", "/sbin", "/usr/bin"]);
        return dirs.Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
    }
}
