using InterpLsp.Model.Tokenization;

namespace InterpLsp.Model.Windows;

/// <summary>
/// Cuts a document's tokens into overlapping windows for a model with a bounded number of positions.
///
/// Stitching rule: the document's tokens are partitioned into cores of at most <see cref="MaxCore"/> tokens;
/// each core is run with up to <see cref="Context"/> tokens of the neighbouring text on each side, and every
/// token takes its value from the window whose core holds it. So every token sees at least
/// <see cref="Context"/> tokens of real context on both sides (or the document's edge), wherever the cut falls.
///
/// Windows are kept short (128 + 2 x 64 = 256 positions, all-MiniLM-L6-v2's trained sequence length) so that
/// re-running the one window an edit touched is fast.
///
/// Cores end at natural breaks chosen from the text itself, not at fixed multiples of a size, so that an edit
/// moves only nearby boundaries and the windows elsewhere keep the same text (and their cached activations):
/// a line break once the core has <see cref="MinCore"/> tokens; a sentence end once it has half of
/// <see cref="MaxCore"/>; any whitespace once it has three quarters; otherwise a forced cut at MaxCore.
/// </summary>
public sealed class WindowPlanner
{
    public int MaxCore { get; }
    public int MinCore { get; }
    public int Context { get; }

    public WindowPlanner(int maxWindowTokens, int maxCore = 128, int minCore = 32, int context = 64)
    {
        if (maxCore + 2 * context > maxWindowTokens)
        {
            // Small models: shrink to fit, keeping the context at a quarter of the window each side.
            context = Math.Max(0, maxWindowTokens / 4);
            maxCore = maxWindowTokens - 2 * context;
        }
        if (maxCore < 1) throw new ArgumentOutOfRangeException(nameof(maxWindowTokens), "window too small");
        MaxCore = maxCore;
        MinCore = Math.Min(minCore, maxCore);
        Context = context;
    }

    public IReadOnlyList<Window> Plan(string text, IReadOnlyList<TokenSpan> tokens)
    {
        var windows = new List<Window>();
        int n = tokens.Count, coreStart = 0;
        for (int i = 1; i <= n; i++)
        {
            int len = i - coreStart;
            bool cut = i == n || len >= MaxCore || BreakStrength(text, tokens, i) switch
            {
                Break.Line => len >= MinCore,
                Break.Sentence => len >= MaxCore / 2,
                Break.Space => len >= MaxCore * 3 / 4,
                _ => false,
            };
            if (!cut) continue;
            windows.Add(new Window(Math.Max(0, coreStart - Context), coreStart, i, Math.Min(n, i + Context)));
            coreStart = i;
        }
        return windows;
    }

    private enum Break { None, Space, Sentence, Line }

    /// <summary>How natural a cut just before token <paramref name="i"/> is, from the text between tokens.</summary>
    private static Break BreakStrength(string text, IReadOnlyList<TokenSpan> tokens, int i)
    {
        var prev = tokens[i - 1];
        var gap = text.AsSpan(prev.End, tokens[i].Start - prev.End);
        if (gap.IndexOfAny('\n', '\r') >= 0) return Break.Line;
        if (gap.IsEmpty) return Break.None;
        if (prev.End - prev.Start == 1 && text[prev.Start] is '.' or '!' or '?' or ';') return Break.Sentence;
        return Break.Space;
    }
}
