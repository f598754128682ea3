using InterpLsp.Interp.Directions;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;
using Newtonsoft.Json.Linq;
using InterpLsp.Interp.IO;

namespace InterpLsp.Lsp.Handlers;

/// <summary>Applies the settings object (initializationOptions, or settings.interp of
/// workspace/didChangeConfiguration) to the engine, and loads the configured directions.</summary>
public sealed class ConfigurationHandler(ServerSession session, ClientNotifier notifier)
{
    private List<string> _startDirections = new();

    public void DidChangeConfiguration(DidChangeConfigurationParams p)
    {
        var token = p.Settings is JObject o ? o["interp"] ?? o : null;
        var before = _startDirections.ToList();
        Apply(InterpSettings.From(token));
        if (!before.SequenceEqual(_startDirections)) LoadStartDirections();
    }

    /// <summary>Each setting goes to the engine; a bad one is reported and the others still apply.</summary>
    public void Apply(InterpSettings? s)
    {
        if (s is null) return;
        var engine = session.Engine;
        if (s.ModelFolders is { } folders) session.ModelFolders = folders.Where(f => !string.IsNullOrWhiteSpace(f)).ToList();
        if (s.Model is { } model) Try(() => engine.SelectModel(model));
        // The hook is checked against the model when the model is loaded: off this thread.
        if (s.Hook is { Length: > 0 } hook && hook != engine.Selection.Hook)
            _ = Task.Run(() => Try(() => engine.SelectHook(hook)));
        if (s.CacheMegabytes is int mb and > 0) engine.CacheBytes = (long)mb * 1024 * 1024;
        if (s.DebounceMs is int ms and >= 0) engine.DebounceMs = ms;
        if (s.Threshold is double t) Try(() => engine.SetThreshold(t));
        if (s.MaxChars is int max and > 0) engine.MaxChars = max;
        if (s.Directions is { } dirs) _startDirections = dirs.Where(d => !string.IsNullOrWhiteSpace(d)).ToList();
    }

    private void Try(Action apply)
    {
        try { apply(); }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or KeyNotFoundException or InterpLsp.Model.HuggingFace.ModelFolderException)
        {
            session.Log.Error($"setting not applied: {e.Message}");
            _ = notifier.ShowMessage(1, $"InterpLsp: setting not applied: {e.Message}");
        }
    }

    /// <summary>Loads the configured directions in the background (the model loads first); the first becomes
    /// active. Each failure is reported to the user with its one-line reason; the others still load.</summary>
    public void LoadStartDirections()
    {
        var specs = _startDirections.ToList();
        if (specs.Count == 0) return;
        _ = Task.Run(async () =>
        {
            await using var progress = await WorkDoneProgress.BeginAsync(session, null, "Interp: loading directions", null, CancellationToken.None);
            bool first = true;
            foreach (var spec in specs)
            {
                try
                {
                    await progress.ReportAsync(Echo.Input(spec));
                    session.Engine.LoadDirection(spec, session.RootPath, makeActive: first, progress.Cancellation);
                    first = false;
                }
                catch (OperationCanceledException) { break; }
                catch (Exception e)
                {
                    var message = $"direction {Echo.Input(spec)} not loaded: {e.Message}";
                    session.Log.Error(message);
                    await notifier.ShowMessage(1, message);
                }
            }
        });
    }
}
