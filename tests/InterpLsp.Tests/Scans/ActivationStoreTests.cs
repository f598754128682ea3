using InterpLsp.Analysis.Scans;
using InterpLsp.Tests.Support;
using Store = InterpLsp.Analysis.ActivationStore.ActivationStore;

namespace InterpLsp.Tests.Scans;

/// <summary>The activation store: a new direction at a stored hook is scanned without a forward pass and equals
/// a scan by forward pass; eviction keeps the store under its limit; an unusable cache folder is a warning; a
/// hostile entry file is refused by name and the entry written anew.</summary>
[Collection(ModelCollection.Name)]
public sealed class ActivationStoreTests(ModelFixture fx) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("interp-store-").FullName;
    private static readonly ScanOptions Small = new() { BatchTokens = 256, Settings = new ScanSettings { TopK = 10, Context = 3, QuantileExamples = 3, RandomExamples = 5 } };

    public void Dispose() => Directory.Delete(_root, true);

    private ScanResult Scan(InterpLsp.Model.ILanguageModel model, TextListCorpus corpus, Store? store, params InterpLsp.Interp.Directions.Direction[] dirs)
    {
        using var s = new CorpusScanner(model, corpus, dirs, Small with { Store = store });
        return s.Run();
    }

    [Fact]
    public void RescanFromTheStoreEqualsAScanByForwardPass()
    {
        var corpus = ScanInputs.Corpus(30, withLong: true);
        var store = new Store(Path.Combine(_root, "a"), 1L << 30);
        var first = Scan(fx.Model, corpus, store, ScanInputs.Projection(1));
        Assert.Single(store.Entries());
        var counting = new CountingModel(fx.Model);
        var fromStore = Scan(counting, corpus, store, ScanInputs.Projection(2), ScanInputs.Neuron(9));
        Assert.Equal(0, counting.Calls);
        Assert.Contains(fromStore.Warnings, w => w.Contains("no forward pass"));
        var forward = Scan(fx.Model, corpus, new Store(Path.Combine(_root, "b"), 1L << 30), ScanInputs.Projection(2), ScanInputs.Neuron(9));
        Assert.Equal(ScanInputs.Comparable(forward), ScanInputs.Comparable(fromStore));
        var noStore = Scan(fx.Model, corpus, null, ScanInputs.Projection(2), ScanInputs.Neuron(9));
        Assert.Equal(ScanInputs.Comparable(forward), ScanInputs.Comparable(noStore)); // float16 states either way
        Assert.Equal(first.Tokens, fromStore.Tokens);
    }

    [Fact]
    public void EvictionKeepsTheStoreUnderItsLimit()
    {
        var probe = new Store(Path.Combine(_root, "probe"), 1L << 30);
        Scan(fx.Model, ScanInputs.Corpus(10, seed: 1), probe, ScanInputs.Neuron(1));
        long one = probe.SizeBytes;
        var store = new Store(Path.Combine(_root, "limited"), one * 3 / 2 + 4096);
        for (int seed = 1; seed <= 3; seed++) Scan(fx.Model, ScanInputs.Corpus(10, seed), store, ScanInputs.Neuron(1));
        Assert.True(store.SizeBytes <= store.LimitBytes, $"{store.SizeBytes} > {store.LimitBytes}");
        var left = Assert.Single(store.Entries());
        var counting = new CountingModel(fx.Model);
        Scan(counting, ScanInputs.Corpus(10, 3), store, ScanInputs.Neuron(2)); // the newest survived
        Assert.Equal(0, counting.Calls);
    }

    [Fact]
    public void ACacheFolderThatIsAFileGivesAWarningNotACrash()
    {
        var file = Path.Combine(_root, "not-a-folder");
        File.WriteAllText(file, "keep me");
        var corpus = ScanInputs.Corpus(5);
        var r = Scan(fx.Model, corpus, new Store(file, 1L << 30), ScanInputs.Neuron(4));
        Assert.Contains(r.Warnings, w => w.Contains(file) && w.Contains("without storing"));
        Assert.Equal("keep me", File.ReadAllText(file));
        Assert.Equal(ScanInputs.Comparable(Scan(fx.Model, corpus, null, ScanInputs.Neuron(4))), ScanInputs.Comparable(r));
    }

    /// <summary>A hostile <c>meta.json</c> or <c>index.json</c> in a complete entry (a FIFO, a link to /dev/zero, a file
    /// over its bound, JSON nested past <see cref="InterpLsp.Interp.IO.JsonErrors.MaxNesting"/>) is refused by kind,
    /// naming the file, within bounded time and memory; the entry is unusable and written anew: the scan runs the model,
    /// equals a scan by forward pass, and leaves an entry equal byte for byte to one written cleanly.</summary>
    [Theory]
    [InlineData("meta.json", "fifo", "is a named pipe (FIFO)")]
    [InlineData("index.json", "fifo", "is a named pipe (FIFO)")]
    [InlineData("meta.json", "zero", "is a character device")]
    [InlineData("index.json", "zero", "is a character device")]
    [InlineData("meta.json", "large", "the limit for this kind of file is")]
    [InlineData("index.json", "large", "the limit for this kind of file is")]
    [InlineData("meta.json", "deep", "levels deep")]
    [InlineData("index.json", "deep", "levels deep")]
    public void A_hostile_entry_file_is_refused_by_kind_and_the_entry_written_anew(string file, string how, string problem)
    {
        var corpus = ScanInputs.Corpus(12, seed: 7);
        var clean = new Store(Path.Combine(_root, "clean"), 1L << 30);
        var expected = Scan(fx.Model, corpus, clean, ScanInputs.Neuron(3));
        var store = new Store(Path.Combine(_root, "hostile"), 1L << 30);
        Scan(fx.Model, corpus, store, ScanInputs.Neuron(3));
        var path = Path.Combine(Assert.Single(store.Entries()).Path, file);
        File.Delete(path);
        switch (how)
        {
            case "fifo":
                using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", path)!)
                    Assert.True(mkfifo.WaitForExit(10_000) && mkfifo.ExitCode == 0, "mkfifo failed");
                break;
            case "zero":
                File.CreateSymbolicLink(path, "/dev/zero");
                break;
            case "large": // past the bound (meta.json 64 KiB, index.json 16 GiB), sparse: nothing of it is read
                using (var f = File.Create(path)) f.SetLength(file == "meta.json" ? (64 << 10) + 1 : (16L << 30) + 1);
                break;
            default: // an unknown member nested 10,000 deep (within the size bounds)
                File.WriteAllText(path, (file == "meta.json" ? "{\"x\":" : "[{\"x\":") + new string('[', 10_000) + new string(']', 10_000)
                    + (file == "meta.json" ? "}" : "}]"));
                break;
        }

        var counting = new CountingModel(fx.Model);
        var run = Task.Run(() => Scan(counting, corpus, store, ScanInputs.Neuron(3)));
        Assert.True(run.Wait(TimeSpan.FromMinutes(2)), "opening the hostile entry did not end");
        var r = run.Result;
        Assert.Contains(r.Warnings, w => w.Contains("ignored the damaged entry") && w.Contains(file) && w.Contains(problem));
        Assert.True(counting.Calls > 0, "the unusable entry was read instead of computed again");
        Assert.Equal(ScanInputs.Comparable(expected), ScanInputs.Comparable(r));
        foreach (var f in new[] { "states.f16", "index.json", "meta.json" })
        {
            var written = Path.Combine(Assert.Single(store.Entries()).Path, f);
            Assert.Null(InterpLsp.Interp.IO.SafeFile.Problem(written));
            Assert.True(File.ReadAllBytes(written).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(clean.Entries().Single().Path, f))), $"{f} differs");
        }
    }
}
