using InterpLsp.Analysis.Cache;
using InterpLsp.Model;
using InterpLsp.Model.Tokenization;
using InterpLsp.Model.Windows;

namespace InterpLsp.Analysis.Documents;

/// <summary>
/// Tokenizes a document, plans its windows, and runs only the windows whose tokens are not in the cache,
/// producing a <see cref="DocumentAnalysis"/>.
///
/// An edit changes the window whose core holds it, and also the neighbours whose context reaches it. Windows
/// whose core tokens changed run first (visible ones first); if a previous analysis holds the unchanged cores
/// of the others, a provisional analysis using those states is published at once, and the context-changed
/// windows are recomputed after it, giving the final analysis. So the edited words are updated after one
/// window's forward pass, and every value is exact once the final analysis lands.
/// </summary>
public sealed class DocumentAnalyzer(ILanguageModel model, WindowCache cache)
{
    /// <summary>Windows per forward call: small enough that cancellation is checked often.</summary>
    public int WindowsPerCall { get; set; } = 8;

    public DocumentAnalysis Analyze(string uri, int version, string text, string hook,
        (int Start, int End)? visible, CancellationToken cancellation,
        DocumentAnalysis? previous = null, Action<DocumentAnalysis>? publishProvisional = null)
    {
        var point = model.GetHook(hook);
        var tokens = model.Tokenizer.Tokenize(text);
        var windows = new WindowPlanner(model.MaxWindowTokens).Plan(text, tokens);
        var rows = new float[windows.Count][];
        var keys = new string[windows.Count];
        var coreKeys = new string[windows.Count];
        var coreChanged = new List<int>();
        var contextOnly = new List<int>();
        if (previous is not null && previous.Hook != hook) previous = null;
        for (int w = 0; w < windows.Count; w++)
        {
            var win = windows[w];
            var ids = DocumentForward.Ids(tokens, win);
            keys[w] = WindowCache.KeyOf(hook, ids);
            coreKeys[w] = WindowCache.KeyOf(hook, ids.AsSpan(win.CoreStart - win.ContextStart, win.CoreEnd - win.CoreStart));
            if (cache.TryGet(keys[w], out var hit)) rows[w] = hit;
            else if (previous is not null && previous.CoreStarts.ContainsKey(coreKeys[w])) contextOnly.Add(w);
            else coreChanged.Add(w);
        }
        if (visible is { } v)
        {
            coreChanged = coreChanged.OrderBy(w => Overlaps(tokens, windows[w], v) ? 0 : 1).ThenBy(w => w).ToList();
            contextOnly = contextOnly.OrderBy(w => Overlaps(tokens, windows[w], v) ? 0 : 1).ThenBy(w => w).ToList();
        }

        RunWindows(coreChanged, tokens, windows, hook, keys, rows, cancellation);
        if (contextOnly.Count > 0 && publishProvisional is not null)
            publishProvisional(Build(uri, version, text, hook, point.Width, tokens, windows, rows, coreKeys,
                coreChanged.Count, contextOnly, previous, provisional: true));
        RunWindows(contextOnly, tokens, windows, hook, keys, rows, cancellation);
        return Build(uri, version, text, hook, point.Width, tokens, windows, rows, coreKeys,
            coreChanged.Count + contextOnly.Count, null, null, provisional: false);
    }

    private void RunWindows(List<int> which, IReadOnlyList<TokenSpan> tokens, IReadOnlyList<Window> windows, string hook,
        string[] keys, float[][] rows, CancellationToken cancellation)
    {
        for (int i = 0; i < which.Count; i += WindowsPerCall)
        {
            cancellation.ThrowIfCancellationRequested();
            var group = which.Skip(i).Take(WindowsPerCall).ToList();
            var outputs = model.Run(group.Select(w => DocumentForward.Ids(tokens, windows[w])).ToList(), new[] { hook }, cancellation);
            for (int g = 0; g < group.Count; g++)
            {
                rows[group[g]] = outputs[g][hook];
                cache.Put(keys[group[g]], outputs[g][hook]);
            }
        }
    }

    /// <summary>Assembles per-token row references; windows listed in <paramref name="stale"/> take their
    /// core's rows from <paramref name="previous"/>.</summary>
    private static DocumentAnalysis Build(string uri, int version, string text, string hook, int width,
        IReadOnlyList<TokenSpan> tokens, IReadOnlyList<Window> windows, float[][] rows, string[] coreKeys,
        int windowsRun, List<int>? stale, DocumentAnalysis? previous, bool provisional)
    {
        var rowsOf = new float[tokens.Count][];
        var offsetOf = new int[tokens.Count];
        var coreStarts = new Dictionary<string, int>(StringComparer.Ordinal);
        var staleSet = stale is null ? null : new HashSet<int>(stale);
        for (int w = 0; w < windows.Count; w++)
        {
            var win = windows[w];
            coreStarts.TryAdd(coreKeys[w], win.CoreStart);
            if (staleSet is not null && staleSet.Contains(w) && previous!.TryGetCore(coreKeys[w], out var old, out int oldOffset))
            {
                for (int t = win.CoreStart; t < win.CoreEnd; t++)
                {
                    rowsOf[t] = old;
                    offsetOf[t] = oldOffset + (t - win.CoreStart) * width;
                }
                continue;
            }
            for (int t = win.CoreStart; t < win.CoreEnd; t++)
            {
                rowsOf[t] = rows[w];
                offsetOf[t] = (t - win.ContextStart) * width;
            }
        }
        return new DocumentAnalysis(uri, version, text, hook, width, tokens, rowsOf, offsetOf, windowsRun, windows.Count,
            coreStarts, provisional);
    }

    private static bool Overlaps(IReadOnlyList<TokenSpan> tokens, Window w, (int Start, int End) range) =>
        w.CoreEnd > w.CoreStart && tokens[w.CoreStart].Start < range.End && tokens[w.CoreEnd - 1].End > range.Start;
}
