using InterpLsp.Model.Tokenization;
using InterpLsp.Model.Windows;

namespace InterpLsp.Tests.Model.Causal;

/// <summary>Windows of a causal model take their context from the left only.</summary>
public sealed class CausalWindowTests
{
    private static (string Text, List<TokenSpan> Tokens) Words(int n, string extra = "")
    {
        var text = string.Join(" ", Enumerable.Range(0, n).Select(i => i % 37 == 36 ? $"w{i}.\n" : $"w{i}")) + extra;
        var tokens = new List<TokenSpan>();
        int at = 0;
        foreach (var w in text.Split(' ', '\n'))
        {
            int s = text.IndexOf(w, at, StringComparison.Ordinal);
            if (w.Length == 0) continue;
            tokens.Add(new TokenSpan(w.GetHashCode() & 0xfff, s, s + w.Length));
            at = s + w.Length;
        }
        return (text, tokens);
    }

    [Fact]
    public void Cores_partition_the_document_and_each_window_ends_with_its_core()
    {
        var planner = new WindowPlanner(64, causal: true);
        var (text, tokens) = Words(1000);
        var windows = planner.Plan(text, tokens);
        Assert.True(windows.Count > 10);
        int next = 0;
        foreach (var w in windows)
        {
            Assert.Equal(next, w.CoreStart);
            Assert.Equal(w.CoreEnd, w.ContextEnd);
            Assert.True(w.Length <= 64);
            Assert.True(w.CoreStart - w.ContextStart >= Math.Min(w.CoreStart, planner.MinContext), $"left context of {w}");
            next = w.CoreEnd;
        }
        Assert.Equal(tokens.Count, next);
        Assert.Equal(32, planner.MinContext);
    }

    [Fact]
    public void An_edit_at_the_end_changes_only_the_last_window()
    {
        var planner = new WindowPlanner(64, causal: true);
        var (text, tokens) = Words(1000);
        var (text2, tokens2) = Words(1000, " more words");
        var a = planner.Plan(text, tokens);
        var b = planner.Plan(text2, tokens2);
        Assert.Equal(a.Take(a.Count - 1), b.Take(a.Count - 1));
        Assert.Equal(a.Count, b.Count); // the last core grew by the new words
    }

    [Fact]
    public void A_short_document_is_one_window()
    {
        var (text, tokens) = Words(40);
        Assert.Equal([new Window(0, 0, 40, 40)], new WindowPlanner(64, causal: true).Plan(text, tokens));
    }
}
