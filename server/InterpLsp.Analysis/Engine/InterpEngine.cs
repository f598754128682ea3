using InterpLsp.Analysis.Cache;
using InterpLsp.Analysis.Documents;
using InterpLsp.Analysis.Saes;
using InterpLsp.Analysis.Scheduling;
using InterpLsp.Interp.Activations;
using InterpLsp.Interp.Directions;
using InterpLsp.Library;
using InterpLsp.Model;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Engine;

/// <summary>
/// The one service both front doors (the language server and the command line) call. It holds the model
/// registry, the session's directions, the selection (model, hook, active direction, threshold) with its
/// rules, the window cache and the inference queue, and it reports what changed as typed
/// <see cref="EngineEvent"/>s. It knows no LSP or console types.
///
/// The selection rules, written here only:
/// <list type="number">
/// <item>A direction that becomes active makes its hook the active hook.</item>
/// <item>When the hook changes, the active direction stays if it lives at the new hook; otherwise the first
/// direction at the new hook becomes active; if there is none, the active direction stays (shown as living at
/// another hook).</item>
/// <item>The first direction loaded becomes active when none is.</item>
/// <item>A direction is admitted only if it was made for the active model and its width is its hook's width.</item>
/// <item>When the model changes and the new one has no hook of the active hook's name, the active hook becomes the
/// new model's default (<see cref="HookFor"/>).</item>
/// </list>
/// </summary>
public sealed class InterpEngine : IDisposable
{
    public const string DefaultHook = "blocks.3.hook_resid_post";
    public const double DefaultThreshold = 0.25;
    /// <summary>Bound of the hidden-state cache: about 130 windows of 510 tokens at width 384.</summary>
    public const int DefaultCacheMegabytes = 128;
    /// <summary>Distinct directions one request may ask values for.</summary>
    public const int MaxDirectionsPerRequest = 64;

    private readonly object _gate = new();
    private readonly Action<string> _log;
    private readonly AnalysisScheduler _scheduler;
    private Selection _selection;

    public InterpEngine(ModelRegistry models, Action<string>? log = null)
    {
        Models = models;
        _log = log ?? (_ => { });
        _selection = new Selection(models.Resolve(null), DefaultHook, null, DefaultThreshold);
        Cache = new WindowCache(DefaultCacheMegabytes * 1024L * 1024);
        _scheduler = new AnalysisScheduler(models, Cache, new AnalysisTarget(_selection.ModelId, _selection.Hook), _log);
        _scheduler.Completed += a => Raise(new ActivationsChanged(a.Uri, a.Version, a.Provisional ? a.ExactSpans().ToList() : null));
        _scheduler.StatusChanged += s => Raise(new StatusChanged(s));
    }

    public event Action<EngineEvent>? Events;

    public ModelRegistry Models { get; }
    public SessionDirections Directions { get; } = new();
    public WindowCache Cache { get; }

    /// <summary>The explanations' evidence, candidate base and null of the last corpus and hook explained (one per
    /// engine; its users hold its gate, the hover reads a consistent snapshot).</summary>
    public Explain.Pipeline.EvidenceCache Evidence { get; } = new();

    public Selection Selection { get { lock (_gate) return _selection; } }

    /// <summary>Logit effects of residual-stream directions on a causal model (cached per direction).</summary>
    public DirectionLogits Logits { get; } = new();

    public int DebounceMs { get => _scheduler.DebounceMs; set => _scheduler.DebounceMs = value; }
    public int MaxChars { get => _scheduler.MaxChars; set => _scheduler.MaxChars = value; }

    public long CacheBytes
    {
        get => Cache.MaxBytes;
        set { Cache.MaxBytes = value; Cache.Evict(); }
    }

    /// <summary>The active model, loading it on first use (seconds: call it off the LSP thread).</summary>
    public ILanguageModel Model() => Models.Get(Selection.ModelId);

    public bool ModelLoaded => Models.IsLoaded(Selection.ModelId);

    public ModelDescription DescribeModel()
    {
        var id = Selection.ModelId;
        var m = Models.Get(id);
        return new ModelDescription(id, m.Info, m.HookPoints);
    }

    public Direction? ActiveDirection => Selection.DirectionId is { } id ? Directions.Find(id) : null;

    // ---- the selection ------------------------------------------------------------------------------------

    /// <summary>Makes <paramref name="name"/> the active model (rule 5). Does not load it: when it loads (on first
    /// use, or in the background here) and lacks the active hook, <see cref="HookFor"/> picks one.</summary>
    public Selection SelectModel(string? name, bool fixHookInBackground = true)
    {
        var id = Models.Resolve(name);
        Selection changed;
        lock (_gate)
        {
            var s = _selection;
            if (s.ModelId == id) return s;
            var active = s.DirectionId is { } a ? Directions.Find(a) : null;
            changed = Change(s with { ModelId = id, DirectionId = active?.ModelId == id ? active.Id : null });
        }
        if (fixHookInBackground)
            _ = Task.Run(() =>
            {
                try { FixHookForModel(); }
                catch (Exception e) when (e is not OutOfMemoryException) { _log($"model {id}: {e.Message}"); }
            });
        return changed;
    }

    /// <summary>Loads the active model and, when it has no hook of the active hook's name, selects
    /// <see cref="HookFor"/> (rule 5). Returns the selection.</summary>
    public Selection FixHookForModel()
    {
        var id = Selection.ModelId;
        var model = Models.Get(id);
        lock (_gate)
        {
            var s = _selection;
            if (s.ModelId != id || model.HookPoints.Any(h => h.Name == s.Hook)) return s;
        }
        return SelectHook(HookFor(model));
    }

    /// <summary>The hook a model starts at: <see cref="DefaultHook"/> where it has it, else the residual stream after
    /// its middle block (blocks.{layers/2}.hook_resid_post).</summary>
    public static string HookFor(ILanguageModel model) =>
        model.HookPoints.Any(h => h.Name == DefaultHook) ? DefaultHook : $"blocks.{model.Info.Layers / 2}.hook_resid_post";

    /// <summary>Makes <paramref name="hook"/> the active hook (rule 2); throws <see cref="UnknownHookException"/>.</summary>
    public Selection SelectHook(string hook)
    {
        Model().GetHook(hook);
        lock (_gate)
        {
            var s = _selection;
            var active = s.DirectionId is { } a ? Directions.Find(a) : null;
            string? next = active?.Hook == hook ? active.Id
                : Directions.All.FirstOrDefault(d => d.Hook == hook && d.ModelId == s.ModelId)?.Id ?? s.DirectionId;
            return Change(s with { Hook = hook, DirectionId = next });
        }
    }

    /// <summary>Makes direction <paramref name="id"/> active and its hook the active hook (rule 1).</summary>
    public Selection SelectDirection(string id)
    {
        var d = Directions.Find(id) ?? throw new KeyNotFoundException(Directions.Count == 0
            ? $"no direction '{Echo.Input(id)}': none is loaded"
            : $"no direction '{Echo.Input(id)}'; loaded: {string.Join(", ", Directions.All.Select(x => x.Id).Take(10))}");
        lock (_gate) return Change(_selection with { DirectionId = d.Id, Hook = d.Hook ?? _selection.Hook });
    }

    public Selection SetThreshold(double threshold)
    {
        if (!(threshold >= 0 && threshold <= 1)) throw new ArgumentOutOfRangeException(nameof(threshold), $"threshold {threshold} is not in 0..1");
        lock (_gate) return Change(_selection with { Threshold = threshold });
    }

    private volatile DirectionLibrary? _library;
    private volatile string? _libraryProblem;

    /// <summary>The workspace's direction library (null: none), whose names <see cref="LoadDirection"/> accepts.</summary>
    public DirectionLibrary? Library => _library;

    /// <summary>Uses <paramref name="library"/> for names (null: none); <paramref name="problem"/> says why there is
    /// none (a locked or corrupt database), and is repeated when a name cannot be resolved.</summary>
    public void UseLibrary(DirectionLibrary? library, string? problem = null)
    {
        _library = library;
        _libraryProblem = library is null ? problem : null;
    }

    /// <summary>Loads a direction spec and admits it (rule 4); it becomes active when asked or when none is (rules 1
    /// and 3). A reload under the same id replaces the vector, and every document shows the new values. The spec is,
    /// in order: <c>neuron:HOOK:INDEX</c>; a file (relative to <paramref name="baseDirectory"/>, with
    /// <c>#SELECTOR@HOOK</c>); a name in the <see cref="Library"/>.</summary>
    public Direction LoadDirection(string spec, string? baseDirectory, bool makeActive, CancellationToken cancellation = default)
    {
        var model = Model();
        cancellation.ThrowIfCancellationRequested();
        var text = (spec ?? "").Trim();
        var library = _library;
        if (library is not null && !text.StartsWith("neuron:", StringComparison.OrdinalIgnoreCase) && !PathExists(text, baseDirectory)
            && library.TryGet(text.StartsWith(DirectionLibrary.IdPrefix, StringComparison.Ordinal) ? text[DirectionLibrary.IdPrefix.Length..] : text) is { } stored)
            return AddDirection(stored, makeActive);
        try
        {
            var d = DirectionSpecParser.Load(spec!, h => model.GetHook(h).Width, Selection.Hook, baseDirectory, cancellation);
            return AddDirection(d, makeActive);
        }
        catch (DirectionLoadException e) when (e.Problem.StartsWith("file not found", StringComparison.Ordinal))
        {
            var similar = library?.Similar(text) ?? [];
            var where = library is not null ? $"the library {library.Folder}"
                : _libraryProblem is { } p ? $"the library (it could not be opened: {p})" : "the library (none is open)";
            throw new DirectionLoadException(e.Origin, $"{e.Problem}, and '{Echo.Input(text)}' is no direction in {where}" +
                (similar.Count > 0 ? $"; similar names: {string.Join(", ", similar)}" : ""), e);
        }
    }

    private static bool PathExists(string text, string? baseDirectory)
    {
        try
        {
            var full = Path.GetFullPath(text, baseDirectory ?? Directory.GetCurrentDirectory());
            return File.Exists(full) || Directory.Exists(full);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException) { return false; }
    }

    /// <summary>Checks a direction against the active model as <see cref="AddDirection"/> does (rule 4) without adding
    /// it: the result is made for the active model (what the library stores).</summary>
    public Direction CheckForActiveModel(Direction d)
    {
        var s = Selection;
        return Admit(d, s.ModelId, Models.Get(s.ModelId));
    }

    /// <summary>Admits a direction (rule 4) into the session, replacing one with the same id.</summary>
    public Direction AddDirection(Direction d, bool makeActive)
    {
        var s = Selection;
        var model = Models.Get(s.ModelId);
        var admitted = Admit(d, s.ModelId, model);
        Directions.Put(admitted);
        _log($"direction {admitted.Id} ({admitted.Name}) at {admitted.Hook}, hash {admitted.Hash}");
        if (CheckSaesOnLoad && admitted.Sae is not null) _ = CheckSae(admitted);
        if (_library is { } library && !_corpusDistributions.ContainsKey(admitted.Hash))
        {
            // a direction scanned before (in this workspace's library) is judged against its corpus at once
            try { if (Scans.StoredScans.LatestDistribution(library, admitted) is { } corpus) SetCorpusDistribution(admitted.Hash, corpus); }
            catch (Exception e) when (e is LibraryException or IOException) { _log($"scan of {admitted.Name} not read: {e.Message}"); }
        }
        lock (_gate)
        {
            if (makeActive || _selection.DirectionId is null || Directions.Find(_selection.DirectionId) is null)
                Change(_selection with { DirectionId = admitted.Id, Hook = admitted.Hook ?? _selection.Hook });
            else Raise(new ActivationsChanged(null, 0));
        }
        return admitted;
    }

    private Direction Admit(Direction d, string modelId, ILanguageModel model)
    {
        string name = Echo.Input(d.Name);
        if (d.DeclaredModel is { } declared && (!Models.TryResolve(declared, out var declaredId) || declaredId != modelId))
            throw new DirectionMismatchException(
                $"direction '{name}' was made for model '{Echo.Input(declared)}' (width {d.Width}); the active model is {modelId}");
        if (d.ModelId is { } made && made != modelId)
            throw new DirectionMismatchException($"direction '{name}' was made for model {made} (width {d.Width}); the active model is {modelId}");
        var hook = d.Hook ?? throw new DirectionMismatchException($"direction '{name}' names no hook");
        int width = model.GetHook(hook).Width;
        if (d.Width != width)
            throw new DirectionMismatchException(
                $"direction '{name}' has width {d.Width}, but hook {hook} of model {modelId} has width {width}");
        return d.ModelId == modelId ? d : d with { ModelId = modelId };
    }

    /// <summary>Sets the selection; tells the scheduler and the listeners once. Call under the gate.</summary>
    private Selection Change(Selection next)
    {
        if (next == _selection) return next;
        _selection = next;
        _scheduler.Target = new AnalysisTarget(next.ModelId, next.Hook);
        Raise(new SelectionChanged(next));
        Raise(new ActivationsChanged(null, 0));
        return next;
    }

    private void Raise(EngineEvent e)
    {
        try { Events?.Invoke(e); }
        catch (Exception ex) { _log($"an event listener failed: {ex.Message}"); }
    }

    // ---- SAE checks ----------------------------------------------------------------------------------------

    /// <summary>Whether <see cref="AddDirection"/> starts <see cref="CheckSae"/> for an SAE feature (default true).</summary>
    public bool CheckSaesOnLoad { get; set; } = true;

    private readonly object _saeGate = new();
    private readonly Dictionary<string, Task<SaeCheckResult?>> _saeChecks = new(StringComparer.Ordinal);

    /// <summary>Checks the SAE of an admitted SAE feature once per SAE file (its path, size and time), hook, model and
    /// input convention (<see cref="SaeLoadCheck"/>, on <see cref="SaeCheckText.Sample"/>): its weights are read once and
    /// its reconstruction computed on the thread pool; only the hidden states go through the model's queue. The result
    /// is logged and raised as <see cref="SaeChecked"/>; null when the direction is no SAE feature of an SAELens folder
    /// that is still there, when the SAE is too large to read whole (logged), or when the check failed (logged).</summary>
    public Task<SaeCheckResult?> CheckSae(Direction d, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (d.Sae is null || d.Hook is null || d.ModelId is null || !SaeLensFolder.IsWeightsFile(d.Source))
            return Task.FromResult<SaeCheckResult?>(null);
        bool centered = d.Sae.CentersAt(d.Hook);
        var file = new FileInfo(d.Source);
        var key = $"{d.ModelId}\n{d.Hook}\n{file.FullName}\n{file.Length}\n{file.LastWriteTimeUtc.Ticks}\n{centered}";
        lock (_saeGate)
        {
            if (_saeChecks.TryGetValue(key, out var running)) return running;
            var task = Task.Run(() => RunSaeCheck(d, centered, () => { lock (_saeGate) _saeChecks.Remove(key); }, cancellation), cancellation);
            _saeChecks[key] = task;
            return task;
        }
    }

    /// <param name="retryLater">Forgets this check, so that the next load tries again (it was cancelled, it failed, or
    /// the model changed before the hidden states were computed).</param>
    private async Task<SaeCheckResult?> RunSaeCheck(Direction d, bool centered, Action retryLater, CancellationToken cancellation)
    {
        try
        {
            var w = SaeLensFolder.ReadWeights(d.Source, cancellationToken: cancellation);
            if (w is null)
            {
                _log($"SAE check of {d.Name} skipped: W_enc has more than {SaeLensFolder.MaxWeightElements} values");
                return null;
            }
            if (w.DIn != d.Width) return null;
            float[]? hidden = null;
            await RunInBackground($"check SAE {d.Name}", (model, ct) =>
            {
                if (!Models.IsLoaded(d.ModelId!) || !ReferenceEquals(model, Models.Get(d.ModelId!))) return true; // the model changed: no check
                var a = new DocumentAnalyzer(model, d.ModelId!, Cache).Analyze("", 0, SaeCheckText.Sample, d.Hook!, null, ct);
                int n = Math.Min(SaeLoadCheck.MaxTokens, a.Tokens.Count);
                hidden = new float[n * a.Width];
                for (int t = 0; t < n; t++) a.Row(t).CopyTo(hidden.AsSpan(t * a.Width, a.Width));
                return true;
            }, cancellation);
            if (hidden is null) { retryLater(); return null; }
            var result = SaeLoadCheck.RunWithAlternative(w, hidden, centered, ResidualHooks.WritesResidual(d.Hook), cancellation);
            _log($"{d.Name}: {result.Warning ?? result.Summary}");
            Raise(new SaeChecked(d.Id, d.Name, result));
            return result;
        }
        catch (OperationCanceledException) { retryLater(); return null; }
        catch (Exception e) // a check never fails a load: whatever went wrong is logged
        {
            _log($"SAE check of {d.Name} failed: {e.Message}");
            retryLater();
            return null;
        }
    }

    // ---- documents -----------------------------------------------------------------------------------------

    public void OpenDocument(string uri, int version, string text) => _scheduler.Update(uri, version, text, debounce: false);

    public void ChangeDocument(string uri, int version, string text) => _scheduler.Update(uri, version, text, debounce: true);

    public void CloseDocument(string uri) => _scheduler.Close(uri);

    public void SetVisible(string uri, (int Start, int End)? range) => _scheduler.SetVisible(uri, range);

    /// <summary>The analysis of the document's current text at the current selection (waits for the queue).</summary>
    public Task<DocumentAnalysis> AnalysisAsync(string uri, CancellationToken cancellation) =>
        _scheduler.WhenAnalyzedAsync(uri, cancellation);

    /// <summary>Analyses a text on the caller's thread (the command line; the server goes through the queue).</summary>
    public DocumentAnalysis AnalyzeText(string text, string? hook = null, CancellationToken cancellation = default)
    {
        var s = Selection;
        var model = Models.Get(s.ModelId);
        return new DocumentAnalyzer(model, s.ModelId, Cache).Analyze("", 0, text, hook ?? s.Hook, null, cancellation);
    }

    /// <summary>The directions a request asks for (null: the active one, if it lives at the analysis's hook), each
    /// once; at most <see cref="MaxDirectionsPerRequest"/> distinct ones.</summary>
    public IReadOnlyList<Direction> DirectionsFor(DocumentAnalysis a, IReadOnlyList<string>? ids)
    {
        if (ids is null)
            return ActiveDirection is { } active && active.Hook == a.Hook && active.ModelId == a.ModelId ? new[] { active } : Array.Empty<Direction>();
        var distinct = ids.Distinct(StringComparer.Ordinal).Take(MaxDirectionsPerRequest + 1).ToList();
        if (distinct.Count > MaxDirectionsPerRequest)
            throw new ArgumentException($"at most {MaxDirectionsPerRequest} distinct directions per request");
        var result = new List<Direction>(distinct.Count);
        foreach (var id in distinct)
        {
            var d = Directions.Find(id) ?? throw new KeyNotFoundException($"no direction '{Echo.Input(id)}' is loaded");
            if (d.Hook != a.Hook)
                throw new InvalidOperationException($"direction '{Echo.Input(id)}' is at {d.Hook}; the active hook is {a.Hook}");
            result.Add(d);
        }
        return result;
    }

    public DirectionProjector Projector(Direction d) => Directions.Projector(d);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IValueDistribution> _corpusDistributions =
        new(StringComparer.Ordinal);

    /// <summary>Records a direction's distribution over a scanned corpus (by content hash): paint scales and hover
    /// percentiles then use it (basis "corpus") instead of the document's own values.</summary>
    public void SetCorpusDistribution(string directionHash, IValueDistribution distribution)
    {
        _corpusDistributions[directionHash] = distribution;
        Raise(new ActivationsChanged(null, 0)); // the scales change: every document repaints
    }

    /// <summary>The distribution a direction's values are judged against in <paramref name="a"/>: the corpus's
    /// when the direction has been scanned, else the document's.</summary>
    public (IValueDistribution Distribution, string Basis) DistributionFor(DocumentAnalysis a, DirectionProjector projector) =>
        _corpusDistributions.TryGetValue(projector.Direction.Hash, out var corpus) && corpus.Count > 0
            ? (corpus, "corpus")
            : (a.Distribution(projector), "document");

    // ---- background work -----------------------------------------------------------------------------------

    /// <summary>Runs <paramref name="step"/> in the queue's background class until it returns true; document
    /// work goes first between steps.</summary>
    public Task RunInBackground(string name, Func<ILanguageModel, CancellationToken, bool> step, CancellationToken cancellation) =>
        _scheduler.RunInBackground(new BackgroundJob(name, step, cancellation));

    public void Dispose() => _scheduler.Dispose();
}
