using System.Diagnostics;
using InterpLsp.Analysis.Cache;
using InterpLsp.Analysis.Documents;
using InterpLsp.Model;

namespace InterpLsp.Analysis.Scheduling;

/// <summary>
/// The one inference queue. Documents are analysed on a single worker thread, never on the caller's: an edit
/// schedules its document after a debounce, a newer version cancels the older version's work, and visible
/// documents go first. Callers wait for results asynchronously.
/// </summary>
public sealed class AnalysisScheduler : IDisposable
{
    private readonly Func<ILanguageModel> _loadModel;
    private readonly WindowCache _cache;
    private readonly Action<string> _log;
    private readonly object _gate = new();
    private readonly Dictionary<string, DocState> _docs = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _worker;
    private ILanguageModel? _model;
    private Exception? _modelError;
    private string _hook;
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
        public int LatestErrorVersion = -1;
        public readonly List<(int MinVersion, TaskCompletionSource<DocumentAnalysis> Done)> Waiters = new();
    }

    public AnalysisScheduler(Func<ILanguageModel> loadModel, WindowCache cache, string hook, Action<string> log)
    {
        _loadModel = loadModel;
        _cache = cache;
        _hook = hook;
        _log = log;
        _worker = new Thread(WorkLoop) { IsBackground = true, Name = "interp-inference" };
        _worker.Start();
    }

    public event Action<DocumentAnalysis>? Completed;
    public event Action<AnalysisStatus>? StatusChanged;

    public int DebounceMs { get; set; } = 150;
    public int MaxChars { get; set; } = Interp.Text.TextChecks.DefaultMaxChars;
    public ILanguageModel? Model => _model;
    public AnalysisStatus Status { get; private set; } = new(Health.Ok, true, "idle");

    /// <summary>The model, loading it on this thread if the worker has not yet (for commands that need it).</summary>
    public ILanguageModel EnsureModel()
    {
        lock (_gate)
        {
            if (_model is not null) return _model;
            if (_modelError is not null) throw _modelError;
        }
        return LoadModel();
    }

    public string Hook
    {
        get { lock (_gate) return _hook; }
        set
        {
            lock (_gate)
            {
                if (_hook == value) return;
                _hook = value;
                foreach (var d in _docs.Values) { d.Running?.Cancel(); d.DueAt = 0; }
            }
            _wake.Release();
        }
    }

    /// <summary>Schedules <paramref name="uri"/> at <paramref name="version"/>; cancels older work on it.</summary>
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
            foreach (var w in d.Waiters) w.Done.TrySetCanceled();
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

    /// <summary>Drops every cached analysis and re-runs open documents (after a model or cache change).</summary>
    public void Invalidate()
    {
        lock (_gate)
            foreach (var d in _docs.Values) { d.Running?.Cancel(); d.DueAt = 0; d.Latest = null; }
        _wake.Release();
    }

    public DocumentAnalysis? Latest(string uri)
    {
        lock (_gate) return _docs.TryGetValue(uri, out var d) ? d.Latest : null;
    }

    /// <summary>The analysis of <paramref name="uri"/> at the current hook with version >= <paramref name="minVersion"/>.</summary>
    public Task<DocumentAnalysis> WhenAnalyzedAsync(string uri, int minVersion, CancellationToken cancellation)
    {
        lock (_gate)
        {
            if (!_docs.TryGetValue(uri, out var d))
                return Task.FromException<DocumentAnalysis>(new KeyNotFoundException($"document {uri} is not open"));
            if (d.Latest is { } a && a.Version >= minVersion && a.Hook == _hook) return Task.FromResult(a);
            if (d.LatestError is { } e && d.LatestErrorVersion >= minVersion && d.DueAt == long.MaxValue) return Task.FromException<DocumentAnalysis>(e);
            var tcs = new TaskCompletionSource<DocumentAnalysis>(TaskCreationOptions.RunContinuationsAsynchronously);
            d.Waiters.Add((minVersion, tcs));
            if (cancellation.CanBeCanceled)
            {
                var registration = cancellation.Register(() => tcs.TrySetCanceled(cancellation));
                tcs.Task.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
            }
            return tcs.Task;
        }
    }

    private void SetStatus(Health h, bool quiescent, string message)
    {
        var s = new AnalysisStatus(h, quiescent, message);
        if (s == Status) return;
        Status = s;
        StatusChanged?.Invoke(s);
    }

    private readonly object _loading = new();

    /// <summary>Loads the model once, whichever thread asks first (the worker, or a command); the others wait.</summary>
    private ILanguageModel LoadModel()
    {
        lock (_loading)
        {
            lock (_gate)
            {
                if (_model is not null) return _model;
                if (_modelError is not null) throw _modelError;
            }
            SetStatus(Health.Ok, false, "loading model");
            try
            {
                var m = _loadModel();
                lock (_gate) _model = m;
                _log($"model {m.Info.Name} loaded in {m.Info.LoadSeconds:F2} s");
                return m;
            }
            catch (Exception e)
            {
                lock (_gate) _modelError = e;
                SetStatus(Health.Error, true, $"model failed to load: {e.Message}");
                throw;
            }
        }
    }

    private void WorkLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            DocState? next = null;
            string uri = "", text = "", hook;
            int version = 0;
            (int, int)? visible = null;
            CancellationTokenSource cts;
            long wait;
            lock (_gate)
            {
                hook = _hook;
                long now = Stopwatch.GetTimestamp();
                wait = long.MaxValue;
                foreach (var d in _docs.Values)
                {
                    if (d.DueAt == long.MaxValue) continue;
                    if (d.DueAt > now) { wait = Math.Min(wait, d.DueAt - now); continue; }
                    if (next is null || (d.Visible && !next.Visible) || (d.Visible == next.Visible && d.Sequence > next.Sequence)) next = d;
                }
                if (next is not null)
                {
                    uri = next.Uri; text = next.Text; version = next.Version; visible = next.VisibleRange;
                    next.DueAt = long.MaxValue;
                    cts = next.Running = new CancellationTokenSource();
                }
                else cts = null!;
            }
            if (next is null)
            {
                if (Status.Quiescent == false) SetStatus(Status.Health == Health.Error ? Health.Error : Health.Ok, true, "idle");
                int ms = wait == long.MaxValue ? -1 : (int)Math.Max(1, wait * 1000 / Stopwatch.Frequency);
                try { _wake.Wait(ms, _stop.Token); } catch (OperationCanceledException) { return; }
                continue;
            }
            RunOne(next, uri, version, text, hook, visible, cts);
        }
    }

    private void RunOne(DocState doc, string uri, int version, string text, string hook, (int, int)? visible, CancellationTokenSource cts)
    {
        try
        {
            var model = _model ?? (_modelError is null ? LoadModel() : throw _modelError);
            SetStatus(Health.Ok, false, $"analysing {Path.GetFileName(uri)}");
            if (text.Length > MaxChars)
                throw new Interp.Text.TextInputException($"{Path.GetFileName(uri)} has {text.Length:N0} characters; the limit is {MaxChars:N0} (setting interp.maxChars)");
            var sw = Stopwatch.StartNew();
            DocumentAnalysis? previous;
            lock (_gate) previous = doc.Latest;
            var analysis = new DocumentAnalyzer(model, _cache).Analyze(uri, version, text, hook, visible, cts.Token,
                previous, provisional => Publish(doc, uri, hook, provisional, cts));
            _log($"analysed {uri} v{version} at {hook}: {analysis.Tokens.Count} tokens, {analysis.WindowsRun}/{analysis.WindowsTotal} windows run, {sw.ElapsedMilliseconds} ms");
            Publish(doc, uri, hook, analysis, cts);
            lock (_gate) if (doc.Running == cts) doc.Running = null;
            if (Status.Health != Health.Ok) SetStatus(Health.Ok, false, "ok");
        }
        catch (OperationCanceledException)
        {
            // A newer version (or hook) superseded this one; it is already scheduled.
        }
        catch (Exception e)
        {
            _log($"analysis of {uri} v{version} failed: {e.Message}");
            List<TaskCompletionSource<DocumentAnalysis>> failed = new();
            lock (_gate)
            {
                if (doc.Running == cts) doc.Running = null;
                doc.LatestError = e;
                doc.LatestErrorVersion = version;
                for (int i = doc.Waiters.Count - 1; i >= 0; i--)
                    if (doc.Waiters[i].MinVersion <= version) { failed.Add(doc.Waiters[i].Done); doc.Waiters.RemoveAt(i); }
            }
            foreach (var t in failed) t.TrySetException(e);
            if (_modelError is null) SetStatus(Health.Warning, false, $"{Path.GetFileName(uri)}: {e.Message}");
        }
    }

    /// <summary>Makes <paramref name="analysis"/> the document's latest, answers the waiters it satisfies and
    /// tells listeners — unless the document was closed, the hook changed, or a newer version superseded it.</summary>
    private void Publish(DocState doc, string uri, string hook, DocumentAnalysis analysis, CancellationTokenSource cts)
    {
        List<TaskCompletionSource<DocumentAnalysis>> done = new();
        lock (_gate)
        {
            if (cts.IsCancellationRequested || !_docs.ContainsKey(uri) || hook != _hook) return;
            doc.Latest = analysis;
            doc.LatestError = null;
            for (int i = doc.Waiters.Count - 1; i >= 0; i--)
                if (doc.Waiters[i].MinVersion <= analysis.Version) { done.Add(doc.Waiters[i].Done); doc.Waiters.RemoveAt(i); }
        }
        foreach (var t in done) t.TrySetResult(analysis);
        Completed?.Invoke(analysis);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _worker.Join(TimeSpan.FromSeconds(2));
        lock (_gate)
            foreach (var d in _docs.Values) { d.Running?.Cancel(); foreach (var w in d.Waiters) w.Done.TrySetCanceled(); }
    }
}
