using InterpLsp.Interp.Activations;
using InterpLsp.Interp.Directions;
using InterpLsp.Model.Windows;
using InterpLsp.Tests.Support;

namespace InterpLsp.Tests.Model;

/// <summary>Long documents: windows, stitching, and independence from where the cut falls.</summary>
[Collection(ModelCollection.Name)]
public class WindowTests(ModelFixture fx)
{
    [Fact]
    public void Planner_partitions_tokens_into_cores_with_context_on_both_sides()
    {
        var text = Texts.LongDocument(30_000);
        var tokens = fx.Model.Tokenizer.Tokenize(text);
        var planner = new WindowPlanner(fx.Model.MaxWindowTokens);
        var windows = planner.Plan(text, tokens);
        int expectedStart = 0;
        foreach (var w in windows)
        {
            Assert.Equal(expectedStart, w.CoreStart);
            Assert.True(w.CoreEnd > w.CoreStart);
            Assert.True(w.Length <= fx.Model.MaxWindowTokens, $"window of {w.Length} tokens");
            Assert.Equal(Math.Max(0, w.CoreStart - planner.Context), w.ContextStart);
            Assert.Equal(Math.Min(tokens.Count, w.CoreEnd + planner.Context), w.ContextEnd);
            expectedStart = w.CoreEnd;
        }
        Assert.Equal(tokens.Count, expectedStart);
    }

    [Fact]
    public void An_edit_moves_only_nearby_window_boundaries()
    {
        var text = Texts.LongDocument(30_000);
        int at = text.IndexOf("\n\n", 10_000, StringComparison.Ordinal) + 2;
        var edited = text[..at] + "An inserted sentence changes the paragraph here. " + text[at..];
        var planner = new WindowPlanner(fx.Model.MaxWindowTokens);
        string Key(string t, Window w) => string.Join(",", fx.Model.Tokenizer.Tokenize(t).Skip(w.ContextStart).Take(w.Length).Select(x => x.Id));
        var before = planner.Plan(text, fx.Model.Tokenizer.Tokenize(text)).Select(w => Key(text, w)).ToHashSet();
        var after = planner.Plan(edited, fx.Model.Tokenizer.Tokenize(edited)).Select(w => Key(edited, w)).ToList();
        int changed = after.Count(k => !before.Contains(k));
        Assert.InRange(changed, 1, 4);
    }

    [Fact]
    public void Every_token_of_a_100k_character_document_gets_a_finite_value()
    {
        var text = Texts.LongDocument(100_000);
        var d = DirectionSpecParser.Load("neuron:blocks.1.mlp.hook_post:7", h => fx.Model.GetHook(h).Width, null);
        var result = ActivationRunner.Run(fx.Model, text, d);
        var tokens = fx.Model.Tokenizer.Tokenize(text);
        Assert.True(tokens.Count > 15_000);
        Assert.Equal(tokens.Count, result.Tokens.Count);
        Assert.All(result.Tokens, t => Assert.True(float.IsFinite(t.Value)));
        Assert.Equal(text[tokens[^1].Start..tokens[^1].End], result.Tokens[^1].Text);
    }

    /// <summary>
    /// Where the document is cut must change a token's value only within the stated tolerance. A 254-token
    /// document fits one window, which gives every token its whole context: the reference. Cut into cores of
    /// 64 tokens with the planner's 64 tokens of context on each side, at 8 offsets (so each token sits at a
    /// core's start, middle and end in turn), the values must correlate with the reference at Pearson r >= 0.8
    /// and differ on average by at most 16% of the largest |value|. (BERT's absolute positions and its [SEP]
    /// attention sink make exact equality impossible: a token's value depends on its position in the window;
    /// the figures measured are r 0.83-0.91, mean difference 7-15%.)
    /// </summary>
    [Theory]
    [InlineData("neuron:blocks.3.mlp.hook_post:100")]
    [InlineData("neuron:blocks.5.hook_normalized_resid_post:17")]
    [InlineData("neuron:blocks.1.hook_resid_post:3")]
    public void Values_do_not_depend_on_where_the_windows_are_cut_beyond_the_tolerance(string spec)
    {
        var d = DirectionSpecParser.Load(spec, h => fx.Model.GetHook(h).Width, null);
        var projector = new DirectionProjector(d);
        var text = Texts.LongDocument(6_000, seed: 7);
        var tokens = fx.Model.Tokenizer.Tokenize(text).Take(254).ToList();
        int n = tokens.Count, context = new WindowPlanner(fx.Model.MaxWindowTokens).Context;

        float[] Values(IReadOnlyList<Window> windows)
        {
            var v = new float[n];
            DocumentForward.Run(fx.Model, tokens, windows, d.Hook!, (i, row) => v[i] = projector.Value(row));
            return v;
        }
        var reference = Values(new[] { new Window(0, 0, n, n) });
        float scale = reference.Max(Math.Abs);
        for (int offset = 0; offset < 64; offset += 8)
        {
            var cuts = new List<int> { 0 };
            for (int c = offset == 0 ? 64 : offset; c < n; c += 64) cuts.Add(c);
            cuts.Add(n);
            var windows = cuts.Zip(cuts.Skip(1), (s, e) => new Window(Math.Max(0, s - context), s, e, Math.Min(n, e + context))).ToList();
            var cut = Values(windows);
            double meanDiff = cut.Zip(reference, (x, y) => Math.Abs(x - y)).Average();
            double r = Pearson(cut, reference);
            Assert.True(r >= 0.8, $"offset {offset}: r {r:F3}");
            Assert.True(meanDiff <= 0.16 * scale, $"offset {offset}: mean diff {meanDiff} vs scale {scale}");
        }
    }

    private static double Pearson(float[] a, float[] b)
    {
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.Sqrt(saa * sbb);
    }
}
