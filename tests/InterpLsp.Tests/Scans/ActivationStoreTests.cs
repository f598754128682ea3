using InterpLsp.Analysis.Scans;
using InterpLsp.Tests.Support;
using Store = InterpLsp.Analysis.ActivationStore.ActivationStore;

namespace InterpLsp.Tests.Scans;

/// <summary>The activation store: a new direction at a stored hook is scanned without a forward pass and equals
/// a scan by forward pass; eviction keeps the store under its limit; an unusable cache folder is a warning.</summary>
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
}
