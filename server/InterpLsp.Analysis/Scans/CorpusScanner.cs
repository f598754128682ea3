using System.Diagnostics;
using System.Numerics.Tensors;
using InterpLsp.Analysis.Corpora;
using InterpLsp.Interp.Activations;
using InterpLsp.Interp.Directions;
using InterpLsp.Model;
using InterpLsp.Model.Windows;
using Store = InterpLsp.Analysis.ActivationStore;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Scans;

/// <summary>
/// Scans a corpus for any number of directions with one forward pass per window: each document is tokenized and
/// cut into windows (<see cref="WindowPlanner"/>); windows of equal length are batched together (no padding), a
/// batch always holding the same number of windows for a length (see <see cref="ScanOptions.BatchTokens"/>), so
/// every value is independent of which other documents were scanned, in which order or shard. Each window runs
/// once with all the directions' hooks; every direction's value at a token is its projector's value on the
/// (float16-rounded) hidden state, the same formula as <see cref="DirectionProjector.Value"/>. A document's
/// tokens enter the accumulators once all its windows are done.
/// When every hook is in the activation store, no forward pass runs: the stored states are read instead.
/// With <see cref="ScanOptions.OverlapBookkeeping"/>, the bookkeeping of a forward batch (its projections, and the
/// accumulators of the documents it completes) runs on a worker (<see cref="BookkeepingLane"/>, at most two batches
/// waiting) while the next batch's forward pass runs; the worker takes the batches in order, so the result is the
/// same as without it. The documents a batch completes enter the accumulators direction by direction
/// (<see cref="DirectionAccumulator.AddRange"/>), the same as token by token.
/// Work is done in bounded <see cref="Step"/>s (one forward batch, or one read of a few thousand tokens), so the
/// language server can run a scan in its background class; <see cref="Run"/> loops over them.
/// </summary>
public sealed class CorpusScanner : IDisposable
{
    private const int ReadTokensPerStep = 8192;
    private const int StoredRowsPerStep = 16384;

    private readonly ILanguageModel _model;
    private readonly ICorpus _corpus;
    private readonly IReadOnlyList<Direction> _directions;
    private readonly ScanOptions _options;
    private readonly ScanSettings _settings;
    private readonly WindowPlanner _planner;
    private readonly string[] _hooks;
    private readonly (string Hook, int[] Directions, DirectionProjector[] Projectors, int Width)[] _banks;
    private readonly DirectionAccumulator[] _acc;
    private readonly Dictionary<int, List<WindowWork>> _queues = new();
    private readonly HashSet<long> _pending = new();
    private readonly HashSet<long> _skipOrdinals = new();
    private ScanCheckpoint? _resumedFrom;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Stopwatch _forwardClock = new(), _readClock = new();
    private readonly List<string> _warnings = new();
    private readonly ScanStoreWriters _writers;
    private readonly Dictionary<string, Store.StoredActivations> _stored = new(StringComparer.Ordinal);
    private IEnumerator<CorpusDocument>? _documents;
    private int _storedDoc;
    private long _ordinal, _resumeBefore;
    private long _docsDone, _emptyDocs, _tokensDone, _shardDocuments;
    private bool _exhausted, _finished;
    private TimeSpan _lastCheckpoint;
    private ScanResult? _result;
    private readonly string? _checkpointPath;
    private readonly BookkeepingLane? _lane;
    private ulong[] _hashes = new ulong[64];
    private int[] _buckets = new int[64];

    public CorpusScanner(ILanguageModel model, ICorpus corpus, IReadOnlyList<Direction> directions, ScanOptions? options = null)
    {
        _model = model;
        _corpus = corpus;
        _options = options ?? new ScanOptions();
        _settings = _options.Settings;
        if (directions.Count == 0) throw new ArgumentException("a scan needs at least one direction");
        if (_settings.TopK < 0 || _settings.TopK > 10_000) throw new ArgumentException($"--top {_settings.TopK} is not in 0..10000");
        if (_settings.Context < 0 || _settings.Context > 512) throw new ArgumentException($"--context {_settings.Context} is not in 0..512");
        if (_settings.QuantileExamples < 0 || _settings.QuantileExamples > 1000 || _settings.RandomExamples < 0 || _settings.RandomExamples > 10_000)
            throw new ArgumentException("sample sizes must be in 0..1000 (quantile bins) and 0..10000 (random)");
        foreach (var d in directions) Check(d);
        _directions = directions;
        _planner = WindowPlanner.For(model);
        _hooks = directions.Select(d => d.Hook!).Distinct(StringComparer.Ordinal).ToArray();
        _banks = _hooks.Select(h =>
        {
            var ids = Enumerable.Range(0, directions.Count).Where(i => directions[i].Hook == h).ToArray();
            return (h, ids, ids.Select(i => new DirectionProjector(directions[i])).ToArray(), model.GetHook(h).Width);
        }).ToArray();
        _acc = directions.Select(_ => new DirectionAccumulator(_settings.TopK, _settings.QuantileExamples, _settings.RandomExamples, _settings.Context)).ToArray();
        _writers = new ScanStoreWriters(_warnings);
        if (_options.OverlapBookkeeping) _lane = new BookkeepingLane(2);
        if (_options.CheckpointDirectory is { } dir) _checkpointPath = Path.Combine(dir, CheckpointKey().Digest + ".checkpoint.json");
        Resume();
        OpenStore();
    }

    private void Check(Direction d)
    {
        string name = Echo.Input(d.Name);
        if (d.Hook is null) throw new ArgumentException($"direction '{name}' names no hook");
        int width = _model.GetHook(d.Hook).Width;
        if (d.Width != width)
            throw new ArgumentException($"direction '{name}' has width {d.Width}, but hook {d.Hook} of model {_model.Info.Name} has width {width}");
        if (d.Kind == DirectionKind.Neuron && d.NeuronIndex is int n && (n < 0 || n >= width))
            throw new ArgumentException($"direction '{name}': neuron {n} is outside hook {d.Hook}'s width {width}");
    }

    public string ModelId => _directions[0].ModelId ?? _model.Info.Name;

    public ScanProgress Progress => new(Interlocked.Read(ref _docsDone), Interlocked.Read(ref _tokensDone), _clock.Elapsed.TotalSeconds,
        _finished ? "done" : _stored.Count > 0 ? "from the activation store" : "forward",
        _forwardClock.Elapsed.TotalSeconds, _readClock.Elapsed.TotalSeconds);

    /// <summary>The result, once <see cref="Step"/> has returned true.</summary>
    public ScanResult Result => _result ?? throw new InvalidOperationException("the scan has not finished");

    /// <summary>Runs every step; reports progress every two seconds and at the end.</summary>
    /// <param name="queue">Where the steps run: the engine's inference queue, one step at a time with typing served
    /// between two (explain's scan); null: on this thread.</param>
    public ScanResult Run(IProgress<ScanProgress>? progress = null, CancellationToken cancellation = default, Engine.ModelQueue? queue = null)
    {
        var throttle = new ProgressThrottle(TimeSpan.FromSeconds(2), firstAtOnce: false);
        bool StepAndReport(CancellationToken ct)
        {
            bool done = Step(ct);
            if (progress is not null && (done || throttle.Due())) progress.Report(Progress);
            return done;
        }
        if (queue is null) { while (!StepAndReport(cancellation)) { } }
        else Engine.ModelQueues.RunSteps(queue, "explain: scanning the corpus", (_, ct) => StepAndReport(ct), cancellation);
        return Result;
    }

    /// <summary>Does a bounded piece of the scan; true when the scan is done (then <see cref="Result"/> holds it).</summary>
    public bool Step(CancellationToken cancellation = default)
    {
        if (_finished) return true;
        cancellation.ThrowIfCancellationRequested();
        _lane?.ThrowIfFailed();
        if (_stored.Count == _hooks.Length) StepStored();
        else StepForward();
        if (_finished) { _lane?.Drain(); Finish(); return true; }
        if (_checkpointPath is not null && _clock.Elapsed - _lastCheckpoint >= _options.CheckpointInterval) WriteCheckpoint();
        return false;
    }

    // ---- the forward path ------------------------------------------------------------------------------------

    private sealed class PendingDocument(long ordinal, DocumentContext context, int directions, long firstRow)
    {
        public long Ordinal { get; } = ordinal;
        public DocumentContext Context { get; } = context;
        public float[][] Values { get; } = Enumerable.Range(0, directions).Select(_ => new float[context.Tokens.Length]).ToArray();
        public long FirstRow { get; } = firstRow;
        public int WindowsLeft;
    }

    private readonly record struct WindowWork(PendingDocument Document, int[] Ids, Window Window);

    private int BatchSize(int length) => ScanOptions.WindowsPerBatch(length, _options.BatchTokens);

    private void StepForward()
    {
        foreach (var (len, q) in _queues)
            if (q.Count >= BatchSize(len)) { RunBatch(len, q); return; }
        if (!_exhausted) { _readClock.Start(); try { Read(); } finally { _readClock.Stop(); } return; }
        foreach (var (len, q) in _queues)
            if (q.Count > 0) { RunBatch(len, q); return; }
        _finished = true;
    }

    private void Read()
    {
        _documents ??= _corpus.Documents().GetEnumerator();
        int read = 0;
        while (read < ReadTokensPerStep)
        {
            if (!_documents.MoveNext()) { _exhausted = true; return; }
            var doc = _documents.Current;
            long ordinal = _ordinal++;
            if (!_options.Shard.Contains(doc.Key)) continue;
            _shardDocuments++;
            if (ordinal < _resumeBefore && !_skipOrdinals.Contains(ordinal)) continue; // done before the resume
            var tokens = _model.Tokenizer.Tokenize(doc.Text);
            var ctx = new DocumentContext(doc.Key, doc.Path, doc.Offset,
                tokens.Select(t => doc.Text[t.Start..t.End]).ToArray(), tokens.Select(t => t.Start).ToArray(), tokens.Select(t => t.End).ToArray());
            var pending = new PendingDocument(ordinal, ctx, _directions.Count, _writers.Allocate(ordinal, ctx));
            read += tokens.Count + 1;
            var windows = _planner.Plan(doc.Text, tokens);
            if (windows.Count == 0) { _emptyDocs++; Bookkeep(() => Complete([pending])); continue; }
            pending.WindowsLeft = windows.Count;
            _pending.Add(ordinal);
            bool full = false;
            foreach (var w in windows)
            {
                var ids = DocumentForward.Ids(tokens, w);
                if (!_queues.TryGetValue(ids.Length, out var q)) _queues[ids.Length] = q = new List<WindowWork>();
                q.Add(new WindowWork(pending, ids, w));
                full |= q.Count >= BatchSize(ids.Length);
            }
            if (full) return;
        }
    }

    private void RunBatch(int length, List<WindowWork> queue)
    {
        int size = BatchSize(length);
        int real = Math.Min(size, queue.Count);
        var work = queue.GetRange(0, real);
        queue.RemoveRange(0, real);
        var ids = new List<int[]>(size);
        for (int i = 0; i < size; i++) ids.Add(work[i < real ? i : 0].Ids); // copies fill the shape
        _forwardClock.Start();
        var outputs = _model.Run(ids, _hooks);
        _forwardClock.Stop();
        var half = new Half[0];
        var done = new List<PendingDocument>();
        for (int i = 0; i < real; i++)
        {
            var (doc, _, w) = work[i];
            foreach (var bank in _banks)
            {
                var rows = outputs[i][bank.Hook];
                int width = bank.Width, skip = w.CoreStart - w.ContextStart, n = w.CoreEnd - w.CoreStart;
                var core = rows.AsSpan(skip * width, n * width);
                if (_settings.HalfStates || _writers.Writes(bank.Hook))
                {
                    if (half.Length < core.Length) half = new Half[core.Length];
                    var h = half.AsSpan(0, core.Length);
                    TensorPrimitives.ConvertToHalf(core, h);
                    _writers.Write(bank.Hook, doc.FirstRow + w.CoreStart, h);
                    if (_settings.HalfStates) TensorPrimitives.ConvertToSingle(h, core);
                }
            }
            if (--doc.WindowsLeft == 0) { _pending.Remove(doc.Ordinal); done.Add(doc); }
        }
        // The projections of the batch's windows, then the documents it completed, in the order of the windows.
        Bookkeep(() =>
        {
            for (int i = 0; i < real; i++)
            {
                var (doc, _, w) = work[i];
                foreach (var bank in _banks)
                {
                    int width = bank.Width, skip = w.CoreStart - w.ContextStart, n = w.CoreEnd - w.CoreStart;
                    Project(bank, outputs[i][bank.Hook].AsSpan(skip * width, n * width), doc.Values, w.CoreStart);
                }
            }
            Complete(done);
        });
    }

    /// <summary>Runs <paramref name="work"/> on the bookkeeping worker after what was posted before it, or now when
    /// there is none.</summary>
    private void Bookkeep(Action work)
    {
        if (_lane is null) work();
        else _lane.Post(work);
    }

    private void Project((string Hook, int[] Directions, DirectionProjector[] Projectors, int Width) bank,
        ReadOnlySpan<float> rows, float[][] values, int firstToken)
    {
        int n = rows.Length / bank.Width;
        for (int j = 0; j < bank.Directions.Length; j++) bank.Projectors[j].Values(rows, values[bank.Directions[j]].AsSpan(firstToken, n));
    }

    /// <summary>Adds documents' values to the accumulators, direction by direction: each direction takes every
    /// document of the list in turn (the order token by token would give it), so that its state stays in the cache
    /// over a whole forward batch instead of being fetched again for each document.</summary>
    private void Complete(IReadOnlyList<PendingDocument> docs)
    {
        if (docs.Count == 0) return;
        ulong seed = _settings.Seed;
        int total = 0, longest = 0;
        foreach (var doc in docs) { total += doc.Context.Tokens.Length; longest = Math.Max(longest, doc.Context.Tokens.Length); }
        if (_hashes.Length < total) _hashes = new ulong[Math.Max(total, _hashes.Length * 2)];
        if (_buckets.Length < longest) _buckets = new int[Math.Max(longest, _buckets.Length * 2)];
        int at = 0;
        foreach (var doc in docs)
        {
            var ctx = doc.Context;
            for (int t = 0; t < ctx.Tokens.Length; t++) _hashes[at + t] = StableHash.Token(seed, ctx.KeyHash, t);
            at += ctx.Tokens.Length;
        }
        for (int d = 0; d < _acc.Length; d++)
        {
            at = 0;
            foreach (var doc in docs)
            {
                int n = doc.Context.Tokens.Length;
                _acc[d].AddRange(doc.Context, doc.Values[d], _hashes.AsSpan(at, n), _buckets);
                at += n;
            }
        }
        Interlocked.Add(ref _docsDone, docs.Count);
        Interlocked.Add(ref _tokensDone, total);
    }

    // ---- the activation store --------------------------------------------------------------------------------

    private void OpenStore()
    {
        var store = _options.Store;
        if (store is null) return;
        foreach (var bank in _banks)
        {
            var entry = store.TryOpen(ModelId, _corpus.Hash, bank.Hook, _options.Shard, bank.Width, _warnings);
            if (entry is not null) _stored[bank.Hook] = entry;
        }
        if (_stored.Count == _hooks.Length)
        {
            if (_resumeBefore > 0) { _warnings.Add("resumed a scan that had read stored states: reading them again from the start"); Reset(); }
            return;
        }
        foreach (var s in _stored.Values) s.Dispose();
        _stored.Clear();
        var hooks = _banks.Select(b => (b.Hook, b.Width)).ToList();
        if (_resumeBefore > 0 && !_writers.TryContinue(store, _resumedFrom?.Store ?? new(), ModelId, _corpus, _options.Shard, hooks, _skipOrdinals))
        {
            if (!_options.NeedsStore) { _warnings.Add("activation store not written: this scan was resumed from a checkpoint whose stored states could not be continued"); return; }
            _warnings.Add("the checkpoint is not used: its stored states could not be continued, and they are needed; the scan starts over");
            Reset();
            if (_checkpointPath is { } path) ScanCheckpoint.Delete(path);
        }
        if (!_writers.Any) _writers.Begin(store, ModelId, _corpus, _options.Shard, hooks);
    }

    private void StepStored()
    {
        var first = _stored[_hooks[0]];
        int rows = 0;
        float[] buffer = Array.Empty<float>();
        var read = new List<PendingDocument>();
        while (rows < StoredRowsPerStep)
        {
            if (_storedDoc >= first.Documents.Count) { _finished = true; break; }
            var entry = first.Documents[_storedDoc++];
            var ctx = new DocumentContext(entry.Key, entry.Path, entry.Offset, entry.Tokens, entry.Starts, entry.Ends);
            var doc = new PendingDocument(_storedDoc, ctx, _directions.Count, entry.FirstRow);
            _shardDocuments++;
            int n = ctx.Tokens.Length;
            if (n == 0) _emptyDocs++;
            foreach (var bank in _banks)
            {
                int len = n * bank.Width;
                if (buffer.Length < len) buffer = new float[len];
                _stored[bank.Hook].ReadRows(entry.FirstRow, n, buffer.AsSpan(0, len));
                Project(bank, buffer.AsSpan(0, len), doc.Values, 0);
            }
            read.Add(doc);
            rows += n + 1;
        }
        Complete(read);
    }

    private void Reset()
    {
        _resumeBefore = 0; _skipOrdinals.Clear(); _writers.ForgetContinued(); _docsDone = 0; _emptyDocs = 0; _tokensDone = 0;
        for (int i = 0; i < _acc.Length; i++) _acc[i] = new DirectionAccumulator(_settings.TopK, _settings.QuantileExamples, _settings.RandomExamples, _settings.Context);
    }

    // ---- checkpoints and the result --------------------------------------------------------------------------

    private ScanCheckpoint.Key CheckpointKey() => new(ModelId, _corpus.Hash, _options.Shard.ToString(),
        _directions.Select(d => d.Hash).ToArray(), _settings);

    private void Resume()
    {
        if (_checkpointPath is not { } path) return;
        var cp = ScanCheckpoint.TryRead(path, CheckpointKey(), _corpus.Id, _warnings);
        if (cp is null) return;
        _resumedFrom = cp;
        _resumeBefore = cp.NextOrdinal;
        foreach (var o in cp.NotDone) _skipOrdinals.Add(o);
        _docsDone = cp.Documents; _emptyDocs = cp.EmptyDocuments; _tokensDone = cp.Tokens;
        for (int i = 0; i < _acc.Length; i++) _acc[i] = cp.Accumulators[i];
        _warnings.Add($"resumed from a checkpoint after {cp.Documents} documents");
    }

    private void WriteCheckpoint()
    {
        _lastCheckpoint = _clock.Elapsed;
        if (_stored.Count == _hooks.Length) return; // re-reading the store is cheap
        _lane?.Drain(); // the accumulators hold every completed document
        var store = _writers.Persist(_checkpointPath!);
        var cp = new ScanCheckpoint
        {
            Identity = CheckpointKey(), CorpusId = _corpus.Id, CorpusHash = _corpus.Hash, NextOrdinal = _ordinal, NotDone = _pending.OrderBy(o => o).ToList(),
            Documents = _docsDone, EmptyDocuments = _emptyDocs, Tokens = _tokensDone, Accumulators = _acc.ToList(), Store = store,
        };
        try { cp.Write(_checkpointPath!); }
        catch (IOException e) { _warnings.Add($"could not write the checkpoint {_checkpointPath}: {e.Message}"); }
        catch (UnauthorizedAccessException e) { _warnings.Add($"could not write the checkpoint {_checkpointPath}: {e.Message}"); }
    }

    private void Finish()
    {
        if (_docsDone != _shardDocuments)
        {
            // Every document of the corpus (of this shard) is either done or, when the corpus could not use it,
            // never a document at all (listed in Skipped); anything else is a wrong result, never stored.
            if (_checkpointPath is { } cp) ScanCheckpoint.Delete(cp);
            _writers.Dispose();
            throw new InvalidDataException(
                $"the scan counted {_docsDone:N0} documents done ({_corpus.Skipped.Count:N0} lines or files skipped), but corpus {Echo.Origin(_corpus.Id)} has {_shardDocuments:N0} documents"
                + (_options.Shard.Count > 1 ? $" in shard {_options.Shard}" : "") + "; nothing was stored, and its checkpoint was deleted: run the scan again to start over");
        }
        _writers.Complete();
        if (_stored.Count == _hooks.Length) _warnings.Add("read from the activation store (no forward pass)");
        var r = new ScanResult
        {
            ModelId = ModelId, CorpusId = _corpus.Id, CorpusHash = _corpus.Hash,
            ShardCount = _options.Shard.Count, Shards = new List<int> { _options.Shard.Index },
            Documents = _docsDone, EmptyDocuments = _emptyDocs, Tokens = _tokensDone, Settings = _settings,
            Warnings = _warnings.Where(w => !w.StartsWith("resumed", StringComparison.Ordinal)).Distinct().ToList(),
            Skipped = _corpus.Skipped.ToList(),
        };
        for (int i = 0; i < _directions.Count; i++)
        {
            var ds = DirectionScan.For(_directions[i], _acc[i]);
            ds.ModelId ??= ModelId;
            ds.Summarize();
            r.Directions.Add(ds);
        }
        _result = r;
        if (_checkpointPath is { } path) ScanCheckpoint.Delete(path);
    }

    /// <summary>What happened that the result should say (resumed, store problems), so far.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    public void Dispose()
    {
        _lane?.Dispose();
        _writers.Dispose();
        foreach (var s in _stored.Values) s.Dispose();
        _documents?.Dispose();
    }
}
