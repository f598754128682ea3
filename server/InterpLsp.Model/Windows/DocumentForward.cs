using InterpLsp.Model.Tokenization;

namespace InterpLsp.Model.Windows;

/// <summary>The one windowed forward loop: runs windows of a document's tokens through a model in groups
/// (so that cancellation is checked between groups and the activations held at once stay bounded) and hands
/// each window's rows at one hook to the caller.</summary>
public static class DocumentForward
{
    /// <summary>Windows handed to the model per call.</summary>
    public const int WindowsPerCall = 8;

    /// <param name="onWindow">called with the index into <paramref name="which"/>'s windows and the window's
    /// rows ([window tokens x hook width], row-major)</param>
    public static void Run(ILanguageModel model, IReadOnlyList<TokenSpan> tokens, IReadOnlyList<Window> windows,
        IReadOnlyList<int> which, string hook, Action<int, float[]> onWindow, CancellationToken cancellation)
    {
        for (int first = 0; first < which.Count; first += WindowsPerCall)
        {
            cancellation.ThrowIfCancellationRequested();
            var group = which.Skip(first).Take(WindowsPerCall).ToList();
            var outputs = model.Run(group.Select(w => Ids(tokens, windows[w])).ToList(), new[] { hook }, cancellation);
            for (int g = 0; g < group.Count; g++) onWindow(group[g], outputs[g][hook]);
        }
    }

    public static int[] Ids(IReadOnlyList<TokenSpan> tokens, Window w)
    {
        var ids = new int[w.Length];
        for (int i = 0; i < ids.Length; i++) ids[i] = tokens[w.ContextStart + i].Id;
        return ids;
    }
}
