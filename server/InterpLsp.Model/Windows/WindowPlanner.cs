using InterpLsp.Model.Tokenization;

namespace InterpLsp.Model.Windows;

/// <summary>
/// Cuts a document's tokens into forward-pass windows for a model with a bounded number of positions.
///
/// The rule:
/// <list type="number">
/// <item>A document whose tokens fit in one window (<see cref="MaxWindow"/> content tokens: the model's
/// positions minus its special tokens, 510 for MiniLM) runs as that one window, so every value equals the
/// model's on the whole text.</item>
/// <item>A longer document is partitioned into cores of at most <see cref="MaxCore"/> (= MaxWindow / 2)
/// tokens; each core runs in a window of exactly MaxWindow tokens placed so that the core sits in its middle
/// (shifted inwards at the document's edges), and every token takes its value from the window whose core
/// holds it. So each token has at least (MaxWindow - MaxCore) / 2 = 127 tokens of context on both sides,
/// or the document's edge.</item>
/// </list>
/// Cores end at natural breaks chosen from the text itself, not at fixed multiples of a size, so that an edit
/// moves only nearby boundaries and the windows elsewhere keep the same tokens (and their cached states): a
/// line break once the core has <see cref="MinCore"/> tokens; a sentence end once it has half of MaxCore; any
/// whitespace once it has three quarters; otherwise a forced cut at MaxCore.
///
/// A causal model (GPT-2, Llama: a token sees only the tokens before it) takes its context from the left only:
/// each core runs in the window of at most MaxWindow tokens that ends with the core, so every core token has at least
/// MaxWindow - MaxCore tokens before it (or the document's start), and an edit recomputes only the windows from the
/// first changed core onward.
/// </summary>
public sealed class WindowPlanner
{
    public int MaxWindow { get; }
    public int MaxCore { get; }
    public int MinCore { get; }

    /// <summary>Whether windows take their context from the left only (a causal model).</summary>
    public bool Causal { get; }

    /// <summary>The planner for <paramref name="model"/>: its window size, causal or not.</summary>
    public static WindowPlanner For(ILanguageModel model) => new(model.MaxWindowTokens, model.Info.IsCausal);

    public WindowPlanner(int maxWindowTokens, bool causal = false)
    {
        Causal = causal;
        if (maxWindowTokens < 2) throw new ArgumentOutOfRangeException(nameof(maxWindowTokens), "a window must hold at least 2 tokens");
        MaxWindow = maxWindowTokens;
        MaxCore = maxWindowTokens / 2;
        MinCore = Math.Max(1, MaxCore / 4);
    }

    /// <summary>The least context a core token has on each side (unless the document ends first); for a causal
    /// planner, on its left.</summary>
    public int MinContext => Causal ? MaxWindow - MaxCore : (MaxWindow - MaxCore) / 2;

    public IReadOnlyList<Window> Plan(string text, IReadOnlyList<TokenSpan> tokens)
    {
        int n = tokens.Count;
        if (n <= MaxWindow) return n == 0 ? Array.Empty<Window>() : new[] { new Window(0, 0, n, n) };
        var windows = new List<Window>();
        int coreStart = 0;
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
            windows.Add(Causal ? new Window(Math.Max(0, i - MaxWindow), coreStart, i, i) : Centered(coreStart, i, n));
            coreStart = i;
        }
        return windows;
    }

    /// <summary>The MaxWindow-token window around core [start, end) of an n-token document (n &gt; MaxWindow).</summary>
    private Window Centered(int start, int end, int n)
    {
        int spare = MaxWindow - (end - start);
        int left = start - spare / 2;
        int right = left + MaxWindow;
        if (left < 0) { right -= left; left = 0; }
        if (right > n) { left -= right - n; right = n; }
        return new Window(Math.Max(0, left), start, end, right);
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
