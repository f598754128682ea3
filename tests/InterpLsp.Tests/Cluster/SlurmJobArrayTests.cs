using System.Diagnostics;
using InterpLsp.Analysis.Scans;
using InterpLsp.Tests.Scans;
using Newtonsoft.Json.Linq;
using Xunit.Abstractions;

namespace InterpLsp.Tests.Cluster;

/// <summary>Issue 19: a corpus scan submitted to a real Slurm (Debian's slurm-wlm on this machine, one node, see
/// <see cref="SlurmCluster"/>) with cluster/slurm/submit.sh, as a user types it: a job array of 4 shard tasks and the
/// merge job after them give the result of one process (JSON-equal, compared as the shard test compares), stored in
/// the library by the merge alone; a task killed with scancel cancels the merge, the merge refuses the missing shard
/// by name, and the task resubmitted with --tasks completes the same result; nothing the test started is left
/// running.</summary>
public sealed class SlurmJobArrayTests(ITestOutputHelper output) : IDisposable
{
    private const string Neuron = "neuron:blocks.2.hook_resid_post:7";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(300);
    private static readonly string[] Ended = ["COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE"];
    private readonly string _dir = Directory.CreateTempSubdirectory("interp-slurm-run-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string P(string name) => Path.Combine(_dir, name);

    private static string Bin => Path.Combine(AppContext.BaseDirectory, "interp-lsp");

    private static string Submit => Probes.ProbeRealDataTests.RepoPath("cluster", "slurm", "submit.sh");

    [Fact]
    public void A_slurm_job_array_and_its_merge_equal_one_scan_and_a_cancelled_task_resubmitted_completes_it()
    {
        var corpus = P("corpus.jsonl");
        var rng = new Random(19);
        var prose = InterpLsp.Model.Verification.VerificationTexts.Prose;
        File.WriteAllLines(corpus, Enumerable.Range(0, 32).Select(i =>
            new JObject { ["id"] = $"doc{i:D2}", ["text"] = string.Join(" ", Enumerable.Range(0, rng.Next(1, 3)).Select(_ => prose[rng.Next(prose.Length)])) }.ToString(Newtonsoft.Json.Formatting.None)));
        string[] scan = ["--corpus", corpus, "-d", Neuron, "-d", Probes.ProbeRealDataTests.RepoPath("samples", "directions", "temperature.json")];

        var clock = Stopwatch.StartNew();
        var one = Exec(Bin, new() { ["INTERP_LSP_CACHE"] = P("cache-one") }, ["scan", .. scan, "--no-library", "--no-store", "--out", P("one.json")]);
        Assert.True(one.ExitCode == 0, one.Stderr);
        var oneTime = clock.Elapsed;
        var whole = ScanResult.FromJson(File.ReadAllText(P("one.json")), "one process");
        Assert.Equal(32, whole.Documents);

        using var cluster = new SlurmCluster();
        try
        {
            // 1. The array and its merge, as submitted by a user.
            clock.Restart();
            var (array, merge) = SubmitScan(cluster, scan, "run1", "lib1");
            Assert.Equal("COMPLETED", WaitEnded(cluster, merge, "run1"));
            var slurmTime = clock.Elapsed;
            Assert.Equal("COMPLETED", cluster.State(array));
            for (int i = 0; i < 4; i++) Assert.True(File.Exists(P($"run1/shard-{i}-of-4.json")), $"shard-{i}-of-4.json is missing");
            var merged = ScanResult.FromJson(File.ReadAllText(P("run1/merged.json")), "merged");
            Assert.Equal(new[] { 0, 1, 2, 3 }, merged.Shards);
            Assert.Equal(ScanInputs.Comparable(whole), ScanInputs.Comparable(merged));
            Assert.Empty(merged.Warnings);
            Assert.Equal(4, Directory.GetFiles(P("run1/cache")).Length + Directory.GetDirectories(P("run1/cache")).Length);
            using (var lib = InterpLsp.Library.DirectionLibrary.Open(P("lib1")))
                foreach (var d in whole.Directions)
                {
                    var stored = lib.LatestScan(d.Hash!);
                    Assert.True(stored is not null, $"the merge did not store the scan of {d.Name} in the library");
                    Assert.Equal(4, JObject.Parse(stored!.ResultJson!)["shards"]!.Count());
                }
            Report($"one process: {oneTime.TotalSeconds:F1} s; Slurm job array of 4 shards + merge (submit to merged.json): {slurmTime.TotalSeconds:F1} s " +
                $"({Environment.ProcessorCount} CPUs, {whole.Documents} documents, {whole.Tokens} tokens)");

            // 2. A task killed with scancel while it runs: the merge is cancelled (its dependency can no longer be
            // met), a merge of what is there refuses the missing shard by name, and the task resubmitted completes it.
            var (array2, merge2) = SubmitScan(cluster, scan, "run2", "lib2");
            string killed = "";
            SlurmCluster.WaitFor(() =>
            {
                killed = cluster.Tool("squeue", "-h", "-r", "-j", array2, "-t", "RUNNING", "-o", "%i").Stdout
                    .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
                return killed.Length > 0;
            }, Bound, () => $"no task of {array2} ran: {string.Join("; ", cluster.Queue())}");
            cluster.Tool("scancel", killed);
            var cancelledAt = DateTime.UtcNow; // slurmctld took the cancel; its signal reaches the task moments later
            int task = int.Parse(killed[(killed.IndexOf('_') + 1)..]);
            Assert.Equal("CANCELLED", WaitEnded(cluster, merge2, "run2"));
            SlurmCluster.WaitFor(() => cluster.Queue().Count == 0, Bound, () => $"the array's tasks did not end: {string.Join("; ", cluster.Queue())}");
            Assert.Equal("CANCELLED", cluster.State(killed));
            var shard = new FileInfo(P($"run2/shard-{task}-of-4.json"));
            if (shard.Exists)
            {
                // The scan can finish and rename its shard into place in the moment between squeue saying the task runs
                // and the cancel's signal reaching it; then the task is cancelled after its work was done. A shard
                // written well after the cancel would be the bug (TerminationCliTests: SIGTERM during a scan leaves no
                // output file).
                Assert.True(shard.LastWriteTimeUtc <= cancelledAt.AddSeconds(2), $"the cancelled task {killed} wrote its shard after scancel ({shard.LastWriteTimeUtc:O} > {cancelledAt:O})");
                Report($"task {killed} had written its shard before scancel reached it; removed, as a lost shard");
                shard.Delete();
            }
            Assert.False(File.Exists(P("run2/merged.json")));

            var refused = Exec("bash", Env(cluster), [Probes.ProbeRealDataTests.RepoPath("cluster", "slurm", "merge.sbatch"),
                "--shards", "4", "--out", P("run2"), "--interp-lsp", Bin, "--library", P("lib2")]);
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains($"missing shard result(s): {P($"run2/shard-{task}-of-4.json")}", refused.Stderr);
            Assert.False(File.Exists(Path.Combine(P("lib2"), "library.sqlite")), "a merge that refused wrote the library");

            var (again, merge3) = SubmitScan(cluster, scan, "run2", "lib2", "--tasks", task.ToString());
            Assert.Equal("COMPLETED", WaitEnded(cluster, merge3, "run2"));
            Assert.Equal("COMPLETED", cluster.State(again));
            var resumed = ScanResult.FromJson(File.ReadAllText(P("run2/merged.json")), "merged after the resubmission");
            Assert.Equal(new[] { 0, 1, 2, 3 }, resumed.Shards);
            Assert.Equal(ScanInputs.Comparable(whole), ScanInputs.Comparable(resumed));
            Report($"task {killed} cancelled with scancel; resubmitted as job {again} with --tasks {task}; merge job {merge3} completed the same result");
        }
        catch (Exception) when (Fail(cluster)) { throw; }

        // 3. Everything the test started is stopped.
        var left = cluster.Stop();
        Assert.True(left.Count == 0, $"still running after the cluster stopped (now ended): {string.Join("; ", left)}");
    }

    /// <summary>What the Slurm commands get: the cluster's slurm.conf, and a cache folder of the test's own (sbatch
    /// passes the environment on to the jobs; the shard tasks then use their own folders below --out).</summary>
    private Dictionary<string, string> Env(SlurmCluster cluster) => new(cluster.Env) { ["INTERP_LSP_CACHE"] = P("cache-slurm") };

    private (string Array, string Merge) SubmitScan(SlurmCluster cluster, string[] scan, string run, string library, params string[] more)
    {
        var r = Exec(Submit, Env(cluster),
            ["--shards", "4", "--out", P(run), "--library", P(library), "--interp-lsp", Bin, .. more, .. scan]);
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        var ids = r.Stdout.Trim().Split(' ');
        Assert.Equal(2, ids.Length);
        Report($"submitted {run}{(more.Length > 0 ? " " + string.Join(' ', more) : "")}: array job {ids[0]}, merge job {ids[1]}");
        return (ids[0], ids[1]);
    }

    /// <summary>Waits (bounded) until the job has ended and returns its state; past the bound it fails with the queue
    /// and the run's logs.</summary>
    private string WaitEnded(SlurmCluster cluster, string job, string run)
    {
        string state = "";
        SlurmCluster.WaitFor(() => Ended.Contains(state = cluster.State(job)), Bound,
            () => $"job {job} is {state}; queue: {string.Join("; ", cluster.Queue())}; {RunLogs(run)}");
        if (state != "CANCELLED" && state != "COMPLETED") Report(RunLogs(run));
        return state;
    }

    private string RunLogs(string run)
    {
        var logs = P($"{run}/logs");
        if (!Directory.Exists(logs)) return "no logs";
        return string.Join("\n", Directory.GetFiles(logs).Order().Select(f => $"--- {Path.GetFileName(f)}\n{File.ReadAllText(f)}"));
    }

    private bool Fail(SlurmCluster cluster)
    {
        Report($"Slurm daemons' logs:{cluster.Logs()}");
        return false;
    }

    private void Report(string line)
    {
        output.WriteLine(line);
        Console.Error.WriteLine($"slurm test: {line}");
    }

    private static SlurmCluster.Result Exec(string file, Dictionary<string, string> env, string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Remove("INTERP_LSP_DEBUG");
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = System.Diagnostics.Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(300_000)) { p.Kill(true); throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in 300 s"); }
        return new SlurmCluster.Result(p.ExitCode, stdout.Result, stderr.Result);
    }
}
