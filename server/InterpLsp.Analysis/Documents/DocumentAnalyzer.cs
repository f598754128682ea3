using InterpLsp.Analysis.Cache;
using InterpLsp.Model;
using InterpLsp.Model.Tokenization;
using InterpLsp.Model.Windows;

namespace InterpLsp.Analysis.Documents;

/// <summary>
/// Tokenizes a text, plans its windows (<see cref="WindowPlanner"/>: one window when it fits, else windows as
/// long as the model allows), and runs only the windows whose tokens are not in the cache, producing a
/// <see cref="DocumentAnalysis"/> whose every value is the planner's exact one.
///
/// An edit of a long document changes the window holding it and the neighbours whose context reaches it:
/// hundreds of tokens each. So when a previous analysis of the document is given and re-running the changed
/// windows costs more than a short window around the edited tokens, that short window runs first and a
/// provisional analysis is published: the edited tokens take their rows from the short window, the unchanged
/// tokens keep their previous rows. The changed windows then run, and the final analysis replaces it.
/// </summary>
public sealed class DocumentAnalyzer(ILanguageModel model, string modelId, WindowCache cache)
{
    /// <summary>Tokens of context on each side of the edited tokens in the provisional window.</summary>
    public const int ProvisionalContext = 64;
    /// <summary>The provisional window is skipped when it would be longer than this.</summary>
    public const int ProvisionalMaxWindow = 256;

    public DocumentAnalysis Analyze(string uri, int version, string text, string hook,
        (int Start, int End)? visible, CancellationToken cancellation,
        DocumentAnalysis? previous = null, Action<DocumentAnalysis>? publishProvisional = null)
    {
        var point = model.GetHook(hook);
        int width = point.Width;
        var tokens = model.Tokenizer.Tokenize(text);
        var windows = WindowPlanner.For(model).Plan(text, tokens);
        var rows = new float[windows.Count][];
        var keys = new string[windows.Count];
        var missing = new List<int>();
        for (int w = 0; w < windows.Count; w++)
        {
            keys[w] = WindowCache.KeyOf(modelId, hook, DocumentForward.Ids(tokens, windows[w]));
            if (cache.TryGet(keys[w], out var hit)) rows[w] = hit;
            else missing.Add(w);
        }
        if (visible is { } v)
            missing = missing.OrderBy(w => Overlaps(tokens, windows[w], v) ? 0 : 1).ThenBy(w => w).ToList();

        if (previous is not null && publishProvisional is not null && previous.Hook == hook && previous.ModelId == modelId
            && Provisional(tokens, windows, rows, missing, previous, width, uri, version, text, hook, cancellation) is { } early)
            publishProvisional(early);

        DocumentForward.Run(model, tokens, windows, missing, hook, (w, r) =>
        {
            rows[w] = r;
            cache.Put(keys[w], r);
        }, cancellation);

        var rowsOf = new float[tokens.Count][];
        var offsetOf = new int[tokens.Count];
        ShareCoreRows(windows, rows, width, rowsOf, offsetOf);
        return new DocumentAnalysis(uri, version, text, modelId, hook, width, tokens, rowsOf, offsetOf,
            missing.Count, windows.Count, provisional: false);
    }

    /// <summary>The provisional analysis, or null when it would not be cheaper than the exact one.</summary>
    private DocumentAnalysis? Provisional(IReadOnlyList<TokenSpan> tokens, IReadOnlyList<Window> windows, float[][] rows,
        List<int> missing, DocumentAnalysis previous, int width, string uri, int version, string text, string hook,
        CancellationToken cancellation)
    {
        int n = tokens.Count, m = previous.Tokens.Count;
        int prefix = 0;
        while (prefix < n && prefix < m && tokens[prefix].Id == previous.Tokens[prefix].Id) prefix++;
        int suffix = 0;
        while (suffix < n - prefix && suffix < m - prefix && tokens[n - 1 - suffix].Id == previous.Tokens[m - 1 - suffix].Id) suffix++;
        int changedEnd = n - suffix;
        var small = new Window(Math.Max(0, prefix - ProvisionalContext), prefix, changedEnd, Math.Min(n, changedEnd + ProvisionalContext));
        int exactCost = missing.Sum(w => windows[w].Length);
        if (small.Length > ProvisionalMaxWindow || small.Length >= exactCost || small.Length > model.MaxWindowTokens) return null;

        float[]? smallRows = null;
        if (small.CoreEnd > small.CoreStart)
            DocumentForward.Run(model, tokens, new[] { small }, new[] { 0 }, hook, (_, r) => smallRows = r, cancellation);

        var rowsOf = new float[n][];
        var offsetOf = new int[n];
        ShareCoreRows(windows, rows, width, rowsOf, offsetOf); // the cached windows' exact rows
        for (int t = 0; t < n; t++)
        {
            if (rowsOf[t] is not null) continue;
            if (t < prefix) previous.RowRef(t, out rowsOf[t], out offsetOf[t]);
            else if (t >= changedEnd) previous.RowRef(t - n + m, out rowsOf[t], out offsetOf[t]);
            else
            {
                rowsOf[t] = smallRows!;
                offsetOf[t] = (t - small.ContextStart) * width;
            }
        }
        return new DocumentAnalysis(uri, version, text, previous.ModelId, hook, width, tokens, rowsOf, offsetOf,
            1, windows.Count, provisional: true);
    }

    /// <summary>Points each core token of every window that has rows at its row in that window's array
    /// (windows without rows yet are skipped, leaving their tokens null).</summary>
    private static void ShareCoreRows(IReadOnlyList<Window> windows, float[]?[] rows, int width, float[][] rowsOf, int[] offsetOf)
    {
        for (int w = 0; w < windows.Count; w++)
        {
            if (rows[w] is not { } r) continue;
            var win = windows[w];
            for (int t = win.CoreStart; t < win.CoreEnd; t++)
            {
                rowsOf[t] = r;
                offsetOf[t] = (t - win.ContextStart) * width;
            }
        }
    }

    private static bool Overlaps(IReadOnlyList<TokenSpan> tokens, Window w, (int Start, int End) range) =>
        w.CoreEnd > w.CoreStart && tokens[w.CoreStart].Start < range.End && tokens[w.CoreEnd - 1].End > range.Start;
}
