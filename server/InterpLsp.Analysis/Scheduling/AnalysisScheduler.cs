using System.Diagnostics;
using InterpLsp.Analysis.Cache;
using InterpLsp.Analysis.Documents;
using InterpLsp.Analysis.Engine;
using InterpLsp.Model;

namespace InterpLsp.Analysis.Scheduling;

/// <summary>
/// The one inference queue. All model work runs on a single worker thread, never on the caller's: an edit
/// schedules its document after a debounce, a newer text cancels the older text's work, and work is served by
/// class (<see cref="WorkClass"/>): the visible document, then documents a request waits for, then the other
/// open documents, then background jobs one step at a time. Results are tied to the exact text they were
/// computed from: an analysis is published only while its text is still the document's text, and a request
/// waits for the analysis of the text current when it is answered.
/// </summary>
public sealed class AnalysisScheduler : IDisposable
{
    private readonly ModelRegistry _models;
    private readonly WindowCache _cache;
    private readonly Action<string> _log;
    private readonly object _gate = new();
    private readonly Dictionary<string, DocState> _docs = new(StringComparer.Ordinal);
    private readonly Queue<BackgroundJob> _background = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _worker;
    private AnalysisTarget _target;
    private long _sequence;

    private sealed class DocState
    {
        public required string Uri;
        public string Text = "";
        public int Version;
        public long DueAt;           // Stopwatch ticks; long.MaxValue = nothing pending
        public long Sequence;        // recency of the last update
        public bool Visible;
        public (int Start, int End)? VisibleRange;
        public CancellationTokenSource? Running;
        public DocumentAnalysis? Latest;
        public Exception? LatestError;
        public string? LatestErrorText;
        public readonly List<TaskCompletionSource<DocumentAnalysis>> Waiters = new();
    }

    public AnalysisScheduler(ModelRegistry models, WindowCache cache, AnalysisTarget target, Action<string> log)
    {
        _models = models;
        _cache = cache;
        _target = target;
        _log = log;
        _worker = new Thread(WorkLoop) { IsBackground = true, Name = "interp-inference" };
        _worker.Start();
    }

    /// <summary>An analysis was published (provisional or final) for a document's current text.</summary>
    public event Action<DocumentAnalysis>? Completed;
    public event Action<AnalysisStatus>? StatusChanged;

    public int DebounceMs { get; set; } = 150;
    public int MaxChars { get; set; } = Interp.Text.TextChecks.DefaultMaxChars;
    public AnalysisStatus Status { get; private set; } = new(Health.Ok, true, "idle");

    public AnalysisTarget Target
    {
        get { lock (_gate) return _target; }
        set
        {
            lock (_gate)
            {
                if (_target == value) return;
                _target = value;
                foreach (var d in _docs.Values) { d.Running?.Cancel(); d.DueAt = 0; }
            }
            _wake.Release();
        }
    }

    /// <summary>Schedules <paramref name="uri"/> with its new text; cancels the work on its older text.</summary>
    public void Update(string uri, int version, string text, bool debounce)
    {
        lock (_gate)
        {
            if (!_docs.TryGetValue(uri, out var d)) _docs[uri] = d = new DocState { Uri = uri };
            d.Text = text;
            d.Version = version;
            d.Sequence = ++_sequence;
            d.DueAt = Stopwatch.GetTimestamp() + (debounce ? DebounceMs * Stopwatch.Frequency / 1000 : 0);
            d.Running?.Cancel();
        }
        _wake.Release();
    }

    public void Close(string uri)
    {
        lock (_gate)
        {
            if (!_docs.Remove(uri, out var d)) return;
            d.Running?.Cancel();
            foreach (var w in d.Waiters) w.TrySetCanceled();
        }
    }

    /// <summary>Marks which document (and which part of it) the user sees: it is analysed first.</summary>
    public void SetVisible(string uri, (int Start, int End)? range)
    {
        lock (_gate)
        {
            foreach (var d in _docs.Values) d.Visible = d.Uri == uri;
            if (_docs.TryGetValue(uri, out var doc)) doc.VisibleRange = range;
        }
    }

    /// <summary>The analysis of <paramref name="uri"/>'s current text at the current target: at once when it is
    /// published, else when it is (a request waiting for it raises the document's class to Requested).</summary>
    public Task<DocumentAnalysis> WhenAnalyzedAsync(string uri, CancellationToken cancellation)
    {
        lock (_gate)
        {
            if (!_docs.TryGetValue(uri, out var d))
                return Task.FromException<DocumentAnalysis>(new KeyNotFoundException($"document {uri} is not open"));
            if (d.Latest is { } a && IsCurrent(d, a)) return Task.FromResult(a);
            if (d.LatestError is { } e && SameText(d.LatestErrorText, d.Text) && d.DueAt == long.MaxValue && d.Running is null)
                return Task.FromException<DocumentAnalysis>(e);
            var tcs = new TaskCompletionSource<DocumentAnalysis>(TaskCreationOptions.RunContinuationsAsynchronously);
            d.Waiters.Add(tcs);
            if (cancellation.CanBeCanceled)
            {
                var registration = cancellation.Register(() =>
                {
                    if (tcs.TrySetCanceled(cancellation)) lock (_gate) d.Waiters.Remove(tcs);
                });
                tcs.Task.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
            }
            return tcs.Task;
        }
    }

    /// <summary>Queues background work; it runs only while no document work is due, one step at a time.</summary>
    public Task RunInBackground(BackgroundJob job)
    {
        lock (_gate) _background.Enqueue(job);
        _wake.Release();
        return job.Done.Task;
    }

    private bool IsCurrent(DocState d, DocumentAnalysis a) =>
        SameText(a.Text, d.Text) && a.ModelId == _target.ModelId && a.Hook == _target.Hook;

    private static bool SameText(string? a, string b) => ReferenceEquals(a, b) || string.Equals(a, b, StringComparison.Ordinal);

    private static WorkClass ClassOf(DocState d) =>
        d.Visible ? WorkClass.Visible : d.Waiters.Count > 0 ? WorkClass.Requested : WorkClass.Open;

    private void SetStatus(Health h, bool quiescent, string message)
    {
        var s = new AnalysisStatus(h, quiescent, message);
        lock (_gate)
        {
            if (s == Status) return;
            Status = s;
        }
        StatusChanged?.Invoke(s);
    }

    /// <summary>How long shared data (the lexicon, the tagger, the gloss embeddings) may go unused before the idle
    /// queue gives it back (<see cref="Cache.UnusedResources"/>).</summary>
    public TimeSpan ReleaseUnusedAfter { get; set; } = Cache.UnusedResources.DefaultUnusedFor;

    /// <summary>How long the queue stays idle after background work before it gives that work's memory back, by default.</summary>
    public static readonly TimeSpan DefaultReleaseDelay = TimeSpan.FromSeconds(10);

    /// <summary>How long the queue stays idle after background work before it gives that work's memory back
    /// (<see cref="DefaultReleaseDelay"/>; a compacting collection between the jobs of one explanation made it 50%
    /// slower).</summary>
    public TimeSpan ReleaseDelay { get; set; } = DefaultReleaseDelay;

    /// <summary>How many times the idle queue has given background work's memory back.</summary>
    public int BackgroundReleases => Volatile.Read(ref _backgroundReleases);
    private int _backgroundReleases;

    /// <summary>When the idle queue gives background work's memory back (long.MaxValue: nothing to give back; only
    /// the worker thread uses it).</summary>
    private long _releaseAt = long.MaxValue;

    /// <summary>True when a background step ran since the worker was last idle (only the worker thread reads it).</summary>
    private bool _backgroundRan;

    private void WorkLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            DocState? next = null;
            BackgroundJob? job = null;
            string text = "";
            int version = 0;
            AnalysisTarget target;
            (int, int)? visible = null;
            CancellationTokenSource? cts = null;
            long wait;
            lock (_gate)
            {
                target = _target;
                long now = Stopwatch.GetTimestamp();
                wait = long.MaxValue;
                foreach (var d in _docs.Values)
                {
                    if (d.DueAt == long.MaxValue) continue;
                    if (d.DueAt > now) { wait = Math.Min(wait, d.DueAt - now); continue; }
                    if (next is null || ClassOf(d) < ClassOf(next) || (ClassOf(d) == ClassOf(next) && d.Sequence > next.Sequence)) next = d;
                }
                if (next is not null)
                {
                    text = next.Text; version = next.Version; visible = next.VisibleRange;
                    next.DueAt = long.MaxValue;
                    cts = next.Running = new CancellationTokenSource();
                }
                else
                {
                    while (_background.Count > 0 && _background.Peek().Cancellation.IsCancellationRequested)
                        _background.Dequeue().Done.TrySetCanceled();
                    if (_background.Count > 0) job = _background.Peek();
                }
            }
            if (next is not null) { RunOne(next, version, text, target, visible, cts!); continue; }
            if (job is not null) { RunStep(job, target); _backgroundRan = true; continue; }
            long idleSince = Stopwatch.GetTimestamp();
            if (_backgroundRan)
            {
                // Background work (a scan, an explanation) is done and nothing waits: give its memory back once the
                // queue has stayed idle a moment, not between the steps of one explanation (a full compacting
                // collection stops every thread: released between its jobs, it made an explanation 50% slower).
                _backgroundRan = false;
                _releaseAt = idleSince + (long)(ReleaseDelay.TotalSeconds * Stopwatch.Frequency);
            }
            if (_releaseAt != long.MaxValue && idleSince >= _releaseAt)
            {
                _releaseAt = long.MaxValue;
                InterpLsp.Model.Native.MemoryRelease.Now();
                Interlocked.Increment(ref _backgroundReleases);
            }
            if (Cache.UnusedResources.Shared.ReleaseUnusedFor(ReleaseUnusedAfter) is { Count: > 0 } released)
            {
                _log($"gave back {string.Join(", ", released)}: unused for {ReleaseUnusedAfter.TotalSeconds:F0} s");
                InterpLsp.Model.Native.MemoryRelease.Now();
            }
            if (!Status.Quiescent) SetStatus(Status.Health == Health.Error ? Health.Error : Health.Ok, true, "idle");
            // Idle: wake at least once a minute to give back shared data that went unused.
            long check = (long)(Math.Min(60, Math.Max(1, ReleaseUnusedAfter.TotalSeconds)) * Stopwatch.Frequency);
            if (_releaseAt != long.MaxValue) check = Math.Min(check, Math.Max(1, _releaseAt - idleSince));
            int ms = (int)Math.Max(1, Math.Min(wait, check) * 1000 / Stopwatch.Frequency);
            try { _wake.Wait(ms, _stop.Token); } catch (OperationCanceledException) { return; }
        }
    }

    private void RunStep(BackgroundJob job, AnalysisTarget target)
    {
        void Dequeue()
        {
            lock (_gate) if (_background.Count > 0 && _background.Peek() == job) _background.Dequeue();
        }
        try
        {
            SetStatus(Health.Ok, false, job.Name);
            if (!job.Step(LoadingModel(target.ModelId), job.Cancellation)) return;
            Dequeue();
            job.Done.TrySetResult();
        }
        catch (OperationCanceledException) when (job.Cancellation.IsCancellationRequested)
        {
            Dequeue();
            job.Done.TrySetCanceled(job.Cancellation);
        }
        catch (Exception e)
        {
            Dequeue();
            _log($"{job.Name} failed: {e.Message}");
            job.Done.TrySetException(e);
        }
    }

    private void RunOne(DocState doc, int version, string text, AnalysisTarget target, (int, int)? visible, CancellationTokenSource cts)
    {
        var name = Path.GetFileName(doc.Uri);
        try
        {
            var model = LoadingModel(target.ModelId);
            SetStatus(Health.Ok, false, $"analysing {name}");
            if (text.Length > MaxChars)
                throw new Interp.Text.TextInputException($"{name} has {text.Length:N0} characters; the limit is {MaxChars:N0} (setting interp.maxChars)");
            var sw = Stopwatch.StartNew();
            DocumentAnalysis? previous;
            lock (_gate) previous = doc.Latest;
            var analysis = new DocumentAnalyzer(model, target.ModelId, _cache).Analyze(doc.Uri, version, text, target.Hook, visible, cts.Token,
                previous, provisional => Publish(doc, provisional, cts));
            _log($"analysed {doc.Uri} v{version} at {target.Hook}: {analysis.Tokens.Count} tokens, {analysis.WindowsRun}/{analysis.WindowsTotal} windows run, {sw.ElapsedMilliseconds} ms");
            Publish(doc, analysis, cts);
            lock (_gate) if (doc.Running == cts) doc.Running = null;
            if (Status.Health != Health.Ok) SetStatus(Health.Ok, false, "ok");
        }
        catch (OperationCanceledException)
        {
            // A newer text (or target) superseded this one; it is already scheduled.
        }
        catch (Exception e)
        {
            _log($"analysis of {doc.Uri} v{version} failed: {e.Message}");
            List<TaskCompletionSource<DocumentAnalysis>> failed = new();
            lock (_gate)
            {
                if (doc.Running == cts) doc.Running = null;
                if (!cts.IsCancellationRequested && SameText(text, doc.Text))
                {
                    doc.LatestError = e;
                    doc.LatestErrorText = text;
                    failed.AddRange(doc.Waiters);
                    doc.Waiters.Clear();
                }
            }
            foreach (var t in failed) t.TrySetException(e);
            SetStatus(e is ModelLoadException ? Health.Error : Health.Warning, false, $"{name}: {e.Message}");
        }
    }

    private ILanguageModel LoadingModel(string modelId)
    {
        if (_models.IsLoaded(modelId)) return _models.Get(modelId);
        SetStatus(Health.Ok, false, "loading model");
        try
        {
            var m = _models.Get(modelId);
            _log($"model {modelId} loaded in {m.Info.LoadSeconds:F2} s");
            return m;
        }
        catch (Exception e) when (e is not OperationCanceledException) { throw new ModelLoadException($"model failed to load: {e.Message}", e); }
    }

    /// <summary>Makes <paramref name="analysis"/> the document's latest, answers its waiters and tells listeners
    /// — unless the document was closed, its text or the target changed, or newer work superseded it.</summary>
    private void Publish(DocState doc, DocumentAnalysis analysis, CancellationTokenSource cts)
    {
        List<TaskCompletionSource<DocumentAnalysis>> done;
        lock (_gate)
        {
            if (cts.IsCancellationRequested || !_docs.TryGetValue(doc.Uri, out var open) || open != doc || !IsCurrent(doc, analysis)) return;
            doc.Latest = analysis;
            doc.LatestError = null;
            done = doc.Waiters.ToList();
            doc.Waiters.Clear();
        }
        foreach (var t in done) t.TrySetResult(analysis);
        Completed?.Invoke(analysis);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _worker.Join(TimeSpan.FromSeconds(2));
        lock (_gate)
        {
            foreach (var d in _docs.Values) { d.Running?.Cancel(); foreach (var w in d.Waiters) w.TrySetCanceled(); }
            foreach (var j in _background) j.Done.TrySetCanceled();
            _background.Clear();
        }
    }
}

/// <summary>The model could not be loaded: every analysis fails with this until the selection changes.</summary>
public sealed class ModelLoadException(string message, Exception inner) : Exception(message, inner);
