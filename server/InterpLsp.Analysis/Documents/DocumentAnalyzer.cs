using InterpLsp.Analysis.Cache;
using InterpLsp.Model;
using InterpLsp.Model.Windows;

namespace InterpLsp.Analysis.Documents;

/// <summary>Tokenizes a document, plans its windows, and runs only the windows whose tokens are not in the
/// cache (visible ones first), producing a <see cref="DocumentAnalysis"/>.</summary>
public sealed class DocumentAnalyzer(ILanguageModel model, WindowCache cache)
{
    /// <summary>Windows per forward call: small enough that cancellation is checked often.</summary>
    public int WindowsPerCall { get; set; } = 8;

    public DocumentAnalysis Analyze(string uri, int version, string text, string hook,
        (int Start, int End)? visible, CancellationToken cancellation)
    {
        var point = model.GetHook(hook);
        var tokens = model.Tokenizer.Tokenize(text);
        var windows = new WindowPlanner(model.MaxWindowTokens).Plan(text, tokens);
        var rows = new float[windows.Count][];
        var missing = new List<int>();
        var keys = new string[windows.Count];
        for (int w = 0; w < windows.Count; w++)
        {
            var ids = DocumentForward.Ids(tokens, windows[w]);
            keys[w] = WindowCache.KeyOf(hook, ids);
            if (cache.TryGet(keys[w], out var hit)) rows[w] = hit;
            else missing.Add(w);
        }
        // Visible windows first, so that a large document's visible part is ready soonest.
        if (visible is { } v)
            missing = missing.OrderBy(w => Overlaps(tokens, windows[w], v) ? 0 : 1).ThenBy(w => w).ToList();

        for (int i = 0; i < missing.Count; i += WindowsPerCall)
        {
            cancellation.ThrowIfCancellationRequested();
            var group = missing.Skip(i).Take(WindowsPerCall).ToList();
            var outputs = model.Run(group.Select(w => DocumentForward.Ids(tokens, windows[w])).ToList(), new[] { hook }, cancellation);
            for (int g = 0; g < group.Count; g++)
            {
                rows[group[g]] = outputs[g][hook];
                cache.Put(keys[group[g]], outputs[g][hook]);
            }
        }

        var rowsOf = new float[tokens.Count][];
        var offsetOf = new int[tokens.Count];
        for (int w = 0; w < windows.Count; w++)
        {
            var win = windows[w];
            for (int t = win.CoreStart; t < win.CoreEnd; t++)
            {
                rowsOf[t] = rows[w];
                offsetOf[t] = (t - win.ContextStart) * point.Width;
            }
        }
        return new DocumentAnalysis(uri, version, text, hook, point.Width, tokens, rowsOf, offsetOf, missing.Count, windows.Count);
    }

    private static bool Overlaps(IReadOnlyList<Model.Tokenization.TokenSpan> tokens, Window w, (int Start, int End) range) =>
        w.CoreEnd > w.CoreStart && tokens[w.CoreStart].Start < range.End && tokens[w.CoreEnd - 1].End > range.Start;
}
