using InterpLsp.Model.Tokenization;

namespace InterpLsp.Model.Windows;

/// <summary>A token's activation vector at a hook, handed out in document order.</summary>
public delegate void TokenRowSink(int tokenIndex, ReadOnlySpan<float> row);

/// <summary>Runs a whole document (any length) through a model window by window and stitches the results
/// by the <see cref="WindowPlanner"/> rule, streaming each token's row so that memory stays bounded.</summary>
public static class DocumentForward
{
    /// <summary>Windows handed to the model per call (bounds the activations held at once).</summary>
    public const int WindowsPerCall = 16;

    public static void Run(ILanguageModel model, string text, IReadOnlyList<TokenSpan> tokens, string hook,
        TokenRowSink sink, CancellationToken cancellation = default)
    {
        Run(model, tokens, new WindowPlanner(model.MaxWindowTokens).Plan(text, tokens), hook, sink, cancellation);
    }

    /// <summary>Runs the given windows (their cores must partition the tokens) and streams each core token's row.</summary>
    public static void Run(ILanguageModel model, IReadOnlyList<TokenSpan> tokens, IReadOnlyList<Window> windows, string hook,
        TokenRowSink sink, CancellationToken cancellation = default)
    {
        var point = model.GetHook(hook);
        for (int first = 0; first < windows.Count; first += WindowsPerCall)
        {
            cancellation.ThrowIfCancellationRequested();
            var group = windows.Skip(first).Take(WindowsPerCall).ToList();
            var ids = group.Select(w => Ids(tokens, w)).ToList();
            var outputs = model.Run(ids, new[] { hook }, cancellation);
            for (int g = 0; g < group.Count; g++)
            {
                var w = group[g];
                var rows = outputs[g][hook];
                for (int t = w.CoreStart; t < w.CoreEnd; t++)
                    sink(t, rows.AsSpan((t - w.ContextStart) * point.Width, point.Width));
            }
        }
    }

    public static int[] Ids(IReadOnlyList<TokenSpan> tokens, Window w)
    {
        var ids = new int[w.Length];
        for (int i = 0; i < ids.Length; i++) ids[i] = tokens[w.ContextStart + i].Id;
        return ids;
    }
}
