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
/// moves only nearby boundaries and the windows elsewhere keep the same tokens (and their cached states). Cores are
/// long because every core costs a full window: a token's value costs MaxWindow / core forward positions, and an
/// edit re-runs every window that holds it (about MaxWindow / core of them). A cut after a fixed number of tokens
/// from the last cut would make every later cut move when an edit moves one (the cores of regular text would all
/// shift by a line), so the first cuts allowed are anchors: breaks picked by a hash of the two tokens beside them,
/// which an edit elsewhere does not move, so the cuts after an edit fall back onto the same anchors. The rule, by
/// the core's length so far: from half of <see cref="MaxCore"/>, a line break that is an anchor (about every other
/// one); from 5/8, any line break, or a sentence end that is an anchor; from 3/4, any sentence end; from 7/8,
/// any whitespace; at MaxCore, a forced cut. (With cuts at the first line break after a quarter of MaxCore, a text
/// of 12-word lines had 65-token cores: each token was computed 7.8 times and an edit re-ran 8 windows.)
///
/// A causal model (GPT-2, Llama: a token sees only the tokens before it) takes its context from the left only:
/// each core runs in the window of at most MaxWindow tokens that ends with the core, so every core token has at least
/// MaxWindow - MaxCore tokens before it (or the document's start), and an edit recomputes only the windows from the
/// first changed core onward.
/// </summary>
public sealed class WindowPlanner
{
    /// <summary>Names the cutting rule; stored states record it, so states cut by an older rule are not mixed in.</summary>
    public const string Rule = "cores: anchored line >= 1/2, line or anchored sentence >= 5/8, sentence >= 3/4, space >= 7/8 of MaxCore";

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
        MinCore = Math.Max(1, MaxCore / 2);
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
                Break.Line => len >= MaxCore * 5 / 8 || (len >= MinCore && Anchor(tokens, i)),
                Break.Sentence => len >= MaxCore * 3 / 4 || (len >= MaxCore * 5 / 8 && Anchor(tokens, i)),
                Break.Space => len >= MaxCore * 7 / 8,
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

    /// <summary>Whether the break before token <paramref name="i"/> is an anchor: half of all breaks, picked by a fixed
    /// hash of the ids of the tokens on either side (the same in every process and run).</summary>
    private static bool Anchor(IReadOnlyList<TokenSpan> tokens, int i)
    {
        uint x = (uint)tokens[i - 1].Id * 0x9E3779B1u ^ (uint)tokens[i].Id * 0x85EBCA77u;
        x ^= x >> 15;
        x *= 0xC2B2AE35u;
        x ^= x >> 13;
        return (x & 1) == 0;
    }

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
