using InterpLsp.Interp.Directions;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Lsp.Handlers;

/// <summary>Applies the settings object (initializationOptions, or settings.interp of
/// workspace/didChangeConfiguration) and loads the configured directions.</summary>
public sealed class ConfigurationHandler(ServerSession session, ClientNotifier notifier, DirectionLoader loader)
{
    private List<string> _startDirections = new();

    public void DidChangeConfiguration(DidChangeConfigurationParams p)
    {
        var token = p.Settings is JObject o ? o["interp"] ?? o : null;
        var before = _startDirections.ToList();
        Apply(InterpSettings.From(token), atStart: false);
        if (!before.SequenceEqual(_startDirections)) LoadStartDirections();
    }

    public void Apply(InterpSettings? s, bool atStart)
    {
        if (s is null) return;
        if (s.Model is { } model)
        {
            if (model is not ("" or "embedded" or InterpSettings.DefaultModel or "all-MiniLM-L6-v2"))
            {
                var message = $"unknown model '{model}': this version ships the embedded {InterpSettings.DefaultModel} only";
                session.Log.Error(message);
                _ = notifier.ShowMessage(1, message);
            }
        }
        if (s.Hook is { Length: > 0 } hook) session.Scheduler.Hook = hook; // validated when the model is loaded
        if (s.CacheMegabytes is int mb and > 0)
        {
            session.Cache.MaxBytes = (long)mb * 1024 * 1024;
            session.Cache.Evict();
        }
        if (s.DebounceMs is int ms and >= 0) session.Scheduler.DebounceMs = ms;
        if (s.Threshold is double t and >= 0 and <= 1) session.Threshold = t;
        if (s.MaxChars is int max and > 0) session.Scheduler.MaxChars = max;
        if (s.Directions is { } dirs) _startDirections = dirs.Where(d => !string.IsNullOrWhiteSpace(d)).ToList();
        if (!atStart) notifier.AllActivationsChanged();
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
                    await progress.ReportAsync(spec);
                    loader.Load(spec, makeActive: first);
                    first = false;
                }
                catch (Exception e) when (e is DirectionLoadException or ArgumentException or IOException or InvalidDataException)
                {
                    var message = $"direction {spec} not loaded: {e.Message}";
                    session.Log.Error(message);
                    await notifier.ShowMessage(1, message);
                }
            }
            notifier.AllActivationsChanged();
        });
    }
}
