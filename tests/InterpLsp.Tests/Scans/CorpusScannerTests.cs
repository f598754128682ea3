using InterpLsp.Analysis.Scans;
using InterpLsp.Interp.Directions;
using InterpLsp.Tests.Support;

namespace InterpLsp.Tests.Scans;

/// <summary>The scanner against brute force and against itself: top-k equals sorting every token's value
/// (computed by the engine's own analysis), histogram counts sum to the tokens, merged shards equal one scan,
/// many directions in one pass equal separate scans, and bad input is named.</summary>
[Collection(ModelCollection.Name)]
public sealed class CorpusScannerTests(ModelFixture fx)
{
    private static readonly ScanOptions Small = new() { BatchTokens = 256, Settings = new ScanSettings { TopK = 10, Context = 3, QuantileExamples = 3, RandomExamples = 5 } };

    private ScanResult Scan(TextListCorpus corpus, IReadOnlyList<Direction> dirs, ScanOptions? options = null)
    {
        using var s = new CorpusScanner(fx.Model, corpus, dirs, options ?? Small);
        return s.Run();
    }

    [Fact]
    public void TopKEqualsBruteForceOverEveryToken()
    {
        var corpus = ScanInputs.Corpus(30, withLong: true);
        var dirs = new[] { ScanInputs.Projection(1), ScanInputs.Neuron(17), ScanInputs.Probe(2) };
        var result = Scan(corpus, dirs);
        var engine = Engines.For(fx.Model);
        for (int d = 0; d < dirs.Length; d++)
        {
            var all = new List<(string Doc, int Token, float Value)>();
            foreach (var doc in corpus.Documents())
            {
                var values = Engines.Activations(fx.Model, doc.Text, dirs[d]);
                for (int t = 0; t < values.Count; t++) all.Add((doc.Key, t, values[t].Value));
            }
            var top = result.Directions[d].Top;
            Assert.Equal(10, top.Count);
            Assert.Equal(all.Count, result.Directions[d].Tokens);
            // float16 states: a value within 2e-3 relative + 2e-3 absolute of the float32 one.
            double Tol(double v) => 2e-3 + 2e-3 * Math.Abs(v);
            var brute = all.OrderByDescending(x => x.Value).ToList();
            foreach (var e in top)
            {
                var exact = all.Single(x => x.Doc == e.DocKey && x.Token == e.TokenIndex).Value;
                Assert.True(Math.Abs(exact - e.Value) <= Tol(exact), $"{dirs[d].Name} {e.DocKey}#{e.TokenIndex}: scan {e.Value} vs {exact}");
            }
            for (int i = 0; i < top.Count; i++) Assert.True(Math.Abs(brute[i].Value - top[i].Value) <= Tol(brute[i].Value), $"rank {i}: {brute[i].Value} vs {top[i].Value}");
            float kth = top[^1].Value;
            foreach (var b in brute.Where(b => b.Value > kth + Tol(kth)))
                Assert.Contains(top, e => e.DocKey == b.Doc && e.TokenIndex == b.Token);
            Assert.True(top.Zip(top.Skip(1)).All(p => ScanExample.ByValue(p.First, p.Second) < 0), "top is in order");
            var hit = top[0];
            Assert.Equal(all.Single(x => x.Doc == hit.DocKey && x.Token == hit.TokenIndex).Doc, hit.DocKey);
        }
    }

    [Fact]
    public void HistogramCountsSumToTokensAndStatisticsAreConsistent()
    {
        var corpus = ScanInputs.Corpus(25, withLong: true);
        var result = Scan(corpus, new[] { ScanInputs.Projection(5), ScanInputs.Neuron(3) });
        int tokens = corpus.Documents().Sum(d => fx.Model.Tokenizer.Tokenize(d.Text).Count);
        Assert.Equal(tokens, result.Tokens);
        Assert.Equal(27, result.Documents);
        Assert.Equal(1, result.EmptyDocuments);
        foreach (var d in result.Directions)
        {
            Assert.Equal(tokens, d.Histogram!.Counts.Sum());
            Assert.InRange(d.Histogram.Counts.Length, 26, 50);
            Assert.True(d.Histogram.Start <= d.Min && d.Min < d.Histogram.Start + d.Histogram.Width);
            Assert.True(d.Max < d.Histogram.Start + d.Histogram.Width * d.Histogram.Counts.Length);
            Assert.True(d.Quantiles["p1"] <= d.Quantiles["p50"] && d.Quantiles["p50"] <= d.Quantiles["p99"]);
            long positive = (long)Math.Round(d.PositiveFraction!.Value * d.Tokens);
            Assert.Equal(positive, d.QuantileBins.Sum(b => b.Count));
            Assert.All(d.QuantileBins, b => Assert.All(b.Examples, e => Assert.InRange(e.Value, b.Lower, b.Upper)));
            Assert.Equal(5, d.Random.Count);
            var longHit = d.Top.Concat(d.Random).FirstOrDefault(e => e.DocKey == "long");
            if (longHit is not null) Assert.Equal("/tmp/long.txt", longHit.Path);
        }
    }

    [Fact]
    public void MergedShardsEqualOneScanAndTheJsonRoundTrips()
    {
        var corpus = ScanInputs.Corpus(40, withLong: true);
        var dirs = new[] { ScanInputs.Projection(7), ScanInputs.Neuron(100) };
        var whole = Scan(corpus, dirs);
        var parts = Enumerable.Range(0, 3).Select(i => Scan(corpus, dirs, Small with { Shard = new ShardSpec(i, 3) }))
            .Select(r => ScanResult.FromJson(r.ToJson(), "shard")).ToList();
        Assert.All(parts, p => Assert.True(p.Documents < whole.Documents));
        var merged = ScanMerger.Merge(new[] { parts[2], parts[0], parts[1] });
        Assert.Equal(ScanInputs.Comparable(whole), ScanInputs.Comparable(merged));
        Assert.Equal(new[] { 0, 1, 2 }, merged.Shards);
        Assert.Empty(merged.Warnings);
        Assert.Equal(whole.ToJson(), ScanResult.FromJson(whole.ToJson(), "whole").ToJson());
        var partial = ScanMerger.Merge(new[] { parts[0], parts[1] });
        Assert.Contains(partial.Warnings, w => w.Contains("not the whole corpus"));
        Assert.Throws<ArgumentException>(() => ScanMerger.Merge(new[] { parts[0], parts[0] }));
        var other = Scan(corpus, new[] { ScanInputs.Projection(8), ScanInputs.Neuron(100) }, Small with { Shard = new ShardSpec(1, 3) });
        var e = Assert.Throws<ArgumentException>(() => ScanMerger.Merge(new[] { parts[0], other }));
        Assert.Contains("the vector (content hash) differs", e.Message);
    }

    [Fact]
    public void HundredDirectionsInOnePassEqualHundredSeparateScans()
    {
        var corpus = ScanInputs.Corpus(3, seed: 11);
        var tiny = Small with { BatchTokens = 64 };
        var dirs = Enumerable.Range(0, 100).Select(i => i % 10 == 0 ? ScanInputs.Neuron(i) : i % 10 == 1 ? ScanInputs.Probe(i) : ScanInputs.Projection(i)).ToList();
        var counting = new CountingModel(fx.Model);
        ScanResult together;
        using (var s = new CorpusScanner(counting, corpus, dirs, tiny)) together = s.Run();
        int callsTogether = counting.Calls;
        for (int i = 0; i < dirs.Count; i++)
        {
            using var s = new CorpusScanner(fx.Model, corpus, new[] { dirs[i] }, tiny);
            var alone = s.Run();
            Assert.Equal(Newtonsoft.Json.JsonConvert.SerializeObject(alone.Directions[0]), Newtonsoft.Json.JsonConvert.SerializeObject(together.Directions[i]));
        }
        var one = new CountingModel(fx.Model);
        using (var s = new CorpusScanner(one, corpus, new[] { dirs[0] }, tiny)) s.Run();
        Assert.Equal(one.Calls, callsTogether); // the same forward passes for 100 directions as for one
        Assert.Equal(one.Tokens, counting.Tokens);
    }

    [Fact]
    public void OverlappedBookkeepingEqualsTheScanningThreads()
    {
        // Several windows per long document, an empty document, batches of several lengths, three kinds.
        var corpus = ScanInputs.Corpus(40, seed: 17, withLong: true);
        var dirs = Enumerable.Range(0, 24).Select(i => i % 6 == 0 ? ScanInputs.Neuron(i * 5) : i % 6 == 1 ? ScanInputs.Probe(i) : ScanInputs.Projection(i)).ToList();
        var plain = Scan(corpus, dirs, Small with { OverlapBookkeeping = false, BatchTokens = 128 });
        var overlapped = Scan(corpus, dirs, Small with { OverlapBookkeeping = true, BatchTokens = 128 });
        Assert.Equal(ScanInputs.Comparable(plain), ScanInputs.Comparable(overlapped));
        Assert.True(overlapped.Directions.All(d => d.Top.Count == Small.Settings.TopK));
    }

    [Fact]
    public void AnExceptionOfTheBookkeepingWorkerReachesTheCaller()
    {
        // A model whose states are one row short: the worker's projection fails, and Run throws what it threw.
        var corpus = ScanInputs.Corpus(20, seed: 5);
        var options = Small with { Settings = Small.Settings with { HalfStates = false } };
        foreach (bool overlap in new[] { false, true })
        {
            using var s = new CorpusScanner(new ShortRowsModel(fx.Model), corpus, new[] { ScanInputs.Projection(1) }, options with { OverlapBookkeeping = overlap });
            Assert.Throws<ArgumentOutOfRangeException>(() => s.Run());
        }
    }

    private sealed class ShortRowsModel(InterpLsp.Model.ILanguageModel inner) : InterpLsp.Model.ILanguageModel
    {
        public InterpLsp.Model.ModelInfo Info => inner.Info;
        public InterpLsp.Model.Tokenization.ITokenizer Tokenizer => inner.Tokenizer;
        public IReadOnlyList<InterpLsp.Model.Hooks.HookPoint> HookPoints => inner.HookPoints;
        public int MaxWindowTokens => inner.MaxWindowTokens;
        public InterpLsp.Model.Hooks.HookPoint GetHook(string name) => inner.GetHook(name);
        public IReadOnlyList<IReadOnlyDictionary<string, float[]>> Run(IReadOnlyList<int[]> windows, IReadOnlyCollection<string> hooks, CancellationToken cancellation = default) =>
            inner.Run(windows, hooks, cancellation).Select(w => (IReadOnlyDictionary<string, float[]>)w.ToDictionary(kv => kv.Key, kv => kv.Value[..^(kv.Value.Length / Math.Max(1, windows[0].Length) + 1)])).ToList();
        public void Dispose() { }
    }

    [Fact]
    public void BadInputIsNamed()
    {
        var corpus = ScanInputs.Corpus(3);
        var narrow = ScanInputs.Projection(1, width: 10);
        var e = Assert.Throws<ArgumentException>(() => new CorpusScanner(fx.Model, corpus, new[] { narrow }));
        Assert.Contains("width 10", e.Message);
        Assert.Contains("384", e.Message);
        Assert.Throws<ArgumentException>(() => new CorpusScanner(fx.Model, corpus, Array.Empty<Direction>()));
        Assert.ThrowsAny<ArgumentException>(() => new CorpusScanner(fx.Model, corpus, new[] { ScanInputs.Projection(1, hook: "blocks.99.nope") }));
        Assert.Throws<ArgumentException>(() => ShardSpec.Parse("3/3"));
        Assert.Throws<ArgumentException>(() => ShardSpec.Parse("x"));
        var onlyEmpty = new TextListCorpus("empty", new[] { new InterpLsp.Analysis.Corpora.CorpusDocument("a", ""), new("b", "   ") });
        var r = Scan(onlyEmpty, new[] { ScanInputs.Projection(1) });
        Assert.Equal(2, r.EmptyDocuments);
        Assert.Equal(0, r.Tokens);
        Assert.Null(r.Directions[0].Mean);
        Assert.Equal(r.ToJson(), ScanResult.FromJson(r.ToJson(), "empty").ToJson());
        Assert.Throws<ArgumentException>(() => ScanResult.FromJson("{\"version\": 99, \"directions\": []}", "v99.json"));
        Assert.Throws<ArgumentException>(() => ScanResult.FromJson("[1,2", "broken.json"));
    }

    [Fact]
    public void StepsAreBoundedAndCancellable()
    {
        var corpus = ScanInputs.Corpus(60, withLong: true);
        using var s = new CorpusScanner(fx.Model, corpus, new[] { ScanInputs.Projection(1) }, Small);
        int steps = 0;
        while (!s.Step()) steps++;
        Assert.True(steps > 5, $"{steps} steps");
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        using var s2 = new CorpusScanner(fx.Model, corpus, new[] { ScanInputs.Projection(1) }, Small);
        Assert.Throws<OperationCanceledException>(() => s2.Step(cts.Token));
    }

    [Fact]
    public async Task StepsRunInTheEnginesBackgroundClassAndGiveTheSameResult()
    {
        var corpus = ScanInputs.Corpus(20);
        var dirs = new[] { ScanInputs.Projection(3) };
        var direct = Scan(corpus, dirs);
        var engine = Engines.For(fx.Model);
        using var s = new CorpusScanner(fx.Model, corpus, dirs, Small);
        await engine.RunInBackground("scan", (_, ct) => s.Step(ct), CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(3));
        Assert.Equal(ScanInputs.Comparable(direct), ScanInputs.Comparable(s.Result));
    }
}
