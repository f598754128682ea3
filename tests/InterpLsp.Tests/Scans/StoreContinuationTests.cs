using Newtonsoft.Json.Linq;
using InterpLsp.Analysis.Scans;
using InterpLsp.Tests.Support;
using Store = InterpLsp.Analysis.ActivationStore;

namespace InterpLsp.Tests.Scans;

/// <summary>The store entry of a checkpointed scan that is stopped (the server cancels it, or the process dies)
/// survives and is continued by the next run of the same scan, equal byte for byte to an entry written in one go;
/// a damaged partial index is refused by name and the entry written anew.</summary>
[Collection(ModelCollection.Name)]
public sealed class StoreContinuationTests(ModelFixture fx) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("interp-continue-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private ScanOptions Options(string name) => new()
    {
        BatchTokens = 256, CheckpointDirectory = Path.Combine(_dir, name, "scans"), CheckpointInterval = TimeSpan.Zero,
        Store = new Store.ActivationStore(Path.Combine(_dir, name, "activations"), 1L << 30),
    };

    /// <summary>Steps a scan until its checkpoint counts some documents done, then drops it as a cancelled request does.</summary>
    private void StopAfterACheckpoint(TextListCorpus corpus, ScanOptions options)
    {
        using var s = new CorpusScanner(fx.Model, corpus, [ScanInputs.Probe(4)], options);
        for (int i = 0; i < 10_000; i++)
        {
            Assert.False(s.Step(), "the scan finished before a checkpoint counted a document");
            var cp = Directory.GetFiles(options.CheckpointDirectory!, "*.checkpoint.json").SingleOrDefault();
            if (cp is not null && JObject.Parse(File.ReadAllText(cp))["documents"]!.Value<long>() > 0) return;
        }
        Assert.Fail("no checkpoint");
    }

    private static string Entry(ScanOptions o, string file) => Path.Combine(o.Store!.Entries().Single().Path, file);

    [Fact]
    public void A_cancelled_scan_releases_its_entry_and_the_next_run_continues_it_to_the_same_bytes()
    {
        var corpus = ScanInputs.Corpus(120, seed: 11, withLong: true);
        var whole = Options("whole");
        using (var s = new CorpusScanner(fx.Model, corpus, [ScanInputs.Probe(4)], whole)) s.Run();

        var stopped = Options("stopped");
        StopAfterACheckpoint(corpus, stopped);
        var released = Assert.Single(stopped.Store!.Partials());
        Assert.Equal(0, released.Pid);
        // A sweep (another scan writing its entry) keeps it: its checkpoint exists.
        var sweep = new List<string>();
        Assert.Equal(0, stopped.Store.SweepAbandonedPartials(sweep));

        ScanResult resumed;
        using (var s = new CorpusScanner(fx.Model, corpus, [ScanInputs.Probe(4)], stopped))
        {
            resumed = s.Run();
        }
        Assert.True(resumed.Warnings.Any(w => w.StartsWith("continued the activation store's partial entries", StringComparison.Ordinal)), string.Join("\n", resumed.Warnings));
        Assert.Empty(stopped.Store.Partials());
        foreach (var f in new[] { "states.f16", "index.json", "meta.json" })
            Assert.True(File.ReadAllBytes(Entry(stopped, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Entry(whole, f))), $"{f} differs");
    }

    [Fact]
    public void A_damaged_partial_index_is_refused_by_name_and_the_entry_written_anew()
    {
        var corpus = ScanInputs.Corpus(120, seed: 12);
        var whole = Options("whole");
        using (var s = new CorpusScanner(fx.Model, corpus, [ScanInputs.Probe(4)], whole)) s.Run();

        var damaged = Options("damaged");
        StopAfterACheckpoint(corpus, damaged);
        var partial = Assert.Single(damaged.Store!.Partials()).Path;
        var index = Path.Combine(partial, "index.partial.jsonl");
        File.WriteAllLines(index, File.ReadAllLines(index).Take(1)); // fewer documents than the checkpoint says

        ScanResult result;
        using (var s = new CorpusScanner(fx.Model, corpus, [ScanInputs.Probe(4)], damaged with { NeedsStore = true })) result = s.Run();
        Assert.Contains(result.Warnings, w => w.Contains("could not continue") && w.Contains("its index holds 1 documents, the checkpoint"));
        Assert.Contains(result.Warnings, w => w.Contains("the scan starts over"));
        Assert.Empty(damaged.Store.Partials());
        foreach (var f in new[] { "states.f16", "index.json" })
            Assert.True(File.ReadAllBytes(Entry(damaged, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Entry(whole, f))), $"{f} differs");
    }

    /// <summary>A hostile partial index (a FIFO, a link to /dev/zero, a line far over the bound) is refused by kind,
    /// within bounded time and memory, and the entry is written anew: the result equals a scan in one go.</summary>
    [Theory]
    [InlineData("fifo", "is a named pipe (FIFO)")]
    [InlineData("zero", "is a character device")]
    [InlineData("long", "line 1: longer than")]
    public void A_hostile_partial_index_is_refused_by_kind_and_the_entry_written_anew(string how, string problem)
    {
        var corpus = ScanInputs.Corpus(80, seed: 13);
        var whole = Options("whole");
        using (var s = new CorpusScanner(fx.Model, corpus, [ScanInputs.Probe(4)], whole)) s.Run();

        var hostile = Options(how);
        StopAfterACheckpoint(corpus, hostile);
        var index = Path.Combine(Assert.Single(hostile.Store!.Partials()).Path, "index.partial.jsonl");
        File.Delete(index);
        if (how == "fifo")
        {
            using var mkfifo = System.Diagnostics.Process.Start("mkfifo", index)!;
            Assert.True(mkfifo.WaitForExit(10_000) && mkfifo.ExitCode == 0, "mkfifo failed");
        }
        else if (how == "zero") File.CreateSymbolicLink(index, "/dev/zero");
        else
            using (var f = File.Create(index))
            {
                var chunk = new byte[1 << 20];
                Array.Fill(chunk, (byte)'a');
                for (int i = 0; i < 65; i++) f.Write(chunk); // one line of 65 MiB, over the 64 MiB bound
            }

        ScanResult result;
        using (var s = new CorpusScanner(fx.Model, corpus, [ScanInputs.Probe(4)], hostile with { NeedsStore = true })) result = s.Run();
        Assert.Contains(result.Warnings, w => w.Contains("could not continue") && w.Contains(problem));
        Assert.Contains(result.Warnings, w => w.Contains("the scan starts over"));
        foreach (var f in new[] { "states.f16", "index.json" })
            Assert.True(File.ReadAllBytes(Entry(hostile, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Entry(whole, f))), $"{f} differs");
    }
}
