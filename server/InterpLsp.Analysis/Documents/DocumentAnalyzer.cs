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
/// tokens keep their previous rows. The changed windows then run: first those whose cores the editor shows
/// (the visible range), nearest the edit first, one at a time, each published over the provisional values as soon
/// as it is exact (<see cref="DocumentAnalysis.ExactTokens"/> says which tokens are); then the rest, and the final
/// analysis replaces them all.
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
        var edit = previous is not null && previous.Hook == hook && previous.ModelId == modelId ? ChangedTokens(tokens, previous) : ((int First, int Last)?)null;
        // The visible windows first, the one nearest the edit (the cursor) first; then the rest in order.
        var shown = visible is { } v ? missing.Where(w => Overlaps(tokens, windows[w], v)).ToList() : new List<int>();
        if (edit is { } e) shown = shown.OrderBy(w => Distance(windows[w], e.First, e.Last)).ThenBy(w => w).ToList();
        var rest = missing.Except(shown).ToList();

        DocumentAnalysis? early = null;
        if (edit is { } changed && publishProvisional is not null
            && Provisional(tokens, windows, rows, missing, previous!, changed, width, uri, version, text, hook, cancellation) is { } p)
            publishProvisional(early = p);

        void Ran(int w, float[] r)
        {
            rows[w] = r;
            cache.Put(keys[w], r);
        }
        // Each visible window is published as soon as it is exact (over the provisional values elsewhere), when
        // windows are left to run after it.
        for (int i = 0; i < shown.Count; i++)
        {
            DocumentForward.Run(model, tokens, windows, new[] { shown[i] }, hook, Ran, cancellation);
            if (early is not null && i + 1 < missing.Count)
                publishProvisional!(Partial(tokens, windows, rows, early, width, uri, version, text, hook, i + 1, windows.Count));
        }
        DocumentForward.Run(model, tokens, windows, rest, hook, Ran, cancellation);

        var rowsOf = new float[tokens.Count][];
        var offsetOf = new int[tokens.Count];
        ShareCoreRows(windows, rows, width, rowsOf, offsetOf);
        return new DocumentAnalysis(uri, version, text, modelId, hook, width, tokens, rowsOf, offsetOf,
            missing.Count, windows.Count);
    }

    /// <summary>The tokens [First, Last) of <paramref name="tokens"/> that differ from <paramref name="previous"/>'s
    /// (after the longest common prefix and suffix of ids); an empty range at the edit when only tokens were removed.</summary>
    private static (int First, int Last) ChangedTokens(IReadOnlyList<TokenSpan> tokens, DocumentAnalysis previous)
    {
        int n = tokens.Count, m = previous.Tokens.Count;
        int prefix = 0;
        while (prefix < n && prefix < m && tokens[prefix].Id == previous.Tokens[prefix].Id) prefix++;
        int suffix = 0;
        while (suffix < n - prefix && suffix < m - prefix && tokens[n - 1 - suffix].Id == previous.Tokens[m - 1 - suffix].Id) suffix++;
        return (prefix, n - suffix);
    }

    /// <summary>How far a window's core is from the tokens [first, last) (0 when it holds one of them or the edit point).</summary>
    private static int Distance(Window w, int first, int last) =>
        w.CoreEnd <= first ? first - w.CoreEnd + 1 : w.CoreStart > Math.Max(first, last - 1) ? w.CoreStart - Math.Max(first, last - 1) : 0;

    /// <summary>The provisional analysis with the windows run so far in place of its approximate rows.</summary>
    private static DocumentAnalysis Partial(IReadOnlyList<TokenSpan> tokens, IReadOnlyList<Window> windows, float[]?[] rows,
        DocumentAnalysis early, int width, string uri, int version, string text, string hook, int windowsRun, int windowsTotal)
    {
        int n = tokens.Count;
        var rowsOf = new float[n][];
        var offsetOf = new int[n];
        ShareCoreRows(windows, rows, width, rowsOf, offsetOf);
        for (int t = 0; t < n; t++)
            if (rowsOf[t] is null) early.RowRef(t, out rowsOf[t], out offsetOf[t]);
        return new DocumentAnalysis(uri, version, text, early.ModelId, hook, width, tokens, rowsOf, offsetOf,
            windowsRun, windowsTotal, ExactRuns(windows, rows, n));
    }

    /// <summary>The runs of tokens whose windows have their rows (the exact values), in order.</summary>
    private static List<(int First, int Last)> ExactRuns(IReadOnlyList<Window> windows, float[]?[] rows, int n)
    {
        var runs = new List<(int First, int Last)>();
        for (int w = 0; w < windows.Count; w++)
        {
            if (rows[w] is null || windows[w].CoreEnd <= windows[w].CoreStart) continue;
            var (s, e) = (windows[w].CoreStart, windows[w].CoreEnd);
            if (runs.Count > 0 && runs[^1].Last == s) runs[^1] = (runs[^1].First, e);
            else runs.Add((s, e));
        }
        return runs;
    }

    /// <summary>The provisional analysis, or null when it would not be cheaper than the exact one.</summary>
    private DocumentAnalysis? Provisional(IReadOnlyList<TokenSpan> tokens, IReadOnlyList<Window> windows, float[][] rows,
        List<int> missing, DocumentAnalysis previous, (int First, int Last) changed, int width,
        string uri, int version, string text, string hook, CancellationToken cancellation)
    {
        int n = tokens.Count, m = previous.Tokens.Count;
        int prefix = changed.First, changedEnd = changed.Last;
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
            1, windows.Count, ExactRuns(windows, rows, n));
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
