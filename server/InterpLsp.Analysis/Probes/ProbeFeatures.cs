using InterpLsp.Interp.Directions;
using InterpLsp.Model;
using InterpLsp.Model.Tokenization;
using InterpLsp.Model.Windows;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Probes;

/// <summary>How a sentence's token states become one row: <c>Mean</c> over its tokens (the default) or the
/// <c>Last</c> token's state. Token-level data ignores pooling (one row per token).</summary>
public enum Pooling { Mean, Last }

/// <summary>Hidden states of a dataset's texts at one hook, from the model itself. Each text is tokenized; one that
/// fits in a window runs as one window, a longer one in the windows <see cref="WindowPlanner"/> plans (each token's
/// state from the window whose core holds it). Windows of many texts go to the model together, in groups of
/// <see cref="WindowsPerCall"/> (the model batches them by length), with a cancellation check between groups.</summary>
public static class ProbeFeatures
{
    public const int WindowsPerCall = 256;

    /// <summary>Largest number of token rows a token-level dataset may produce.</summary>
    public const int MaxTokenRows = 200_000;

    public static FeatureMatrix Extract(ILanguageModel model, ProbeDataset data, string hook, Pooling pooling,
        IProgress<string>? progress = null, CancellationToken cancellation = default)
    {
        int width = model.GetHook(hook).Width;
        var planner = WindowPlanner.For(model);
        var tokens = new IReadOnlyList<TokenSpan>[data.Examples.Count];
        var jobs = new List<(int Example, Window Window)>();
        long tokenRows = 0;
        for (int e = 0; e < data.Examples.Count; e++)
        {
            cancellation.ThrowIfCancellationRequested();
            var ex = data.Examples[e];
            tokens[e] = model.Tokenizer.Tokenize(ex.Text);
            if (tokens[e].Count == 0)
                throw new ArgumentException($"{Echo.Origin(data.Origin)} line {ex.Line}: the text has no tokens for {model.Info.Name}");
            tokenRows += tokens[e].Count;
            if (data.IsTokenLevel && tokenRows > MaxTokenRows)
                throw new ArgumentException($"{Echo.Origin(data.Origin)} line {ex.Line}: more than {MaxTokenRows:N0} tokens in all; token-level data is limited to that");
            foreach (var w in planner.Plan(ex.Text, tokens[e])) jobs.Add((e, w));
        }

        // Per example: its tokens' states ([tokens x width]), filled window by window (cores partition the text).
        var states = new float[data.Examples.Count][];
        for (int e = 0; e < states.Length; e++) states[e] = new float[tokens[e].Count * width];
        for (int first = 0; first < jobs.Count; first += WindowsPerCall)
        {
            cancellation.ThrowIfCancellationRequested();
            var group = jobs.Skip(first).Take(WindowsPerCall).ToList();
            var outputs = model.Run(group.Select(j => DocumentForward.Ids(tokens[j.Example], j.Window)).ToList(), new[] { hook }, cancellation);
            for (int g = 0; g < group.Count; g++)
            {
                var (e, w) = group[g];
                var rows = outputs[g][hook];
                int offset = w.CoreStart - w.ContextStart;
                Array.Copy(rows, offset * width, states[e], w.CoreStart * width, (w.CoreEnd - w.CoreStart) * width);
            }
            progress?.Report($"forward passes: {Math.Min(first + WindowsPerCall, jobs.Count)}/{jobs.Count} windows");
        }
        return data.IsTokenLevel ? TokenRows(data, tokens, states, width) : SentenceRows(data, tokens, states, width, pooling);
    }

    private static FeatureMatrix SentenceRows(ProbeDataset data, IReadOnlyList<TokenSpan>[] tokens, float[][] states, int width, Pooling pooling)
    {
        int n = data.Examples.Count;
        var rows = new float[n * width];
        for (int e = 0; e < n; e++)
        {
            var dst = rows.AsSpan(e * width, width);
            int count = tokens[e].Count;
            if (pooling == Pooling.Last) { states[e].AsSpan((count - 1) * width, width).CopyTo(dst); continue; }
            var sum = new double[width];
            for (int t = 0; t < count; t++)
                for (int d = 0; d < width; d++) sum[d] += states[e][t * width + d];
            for (int d = 0; d < width; d++) dst[d] = (float)(sum[d] / count);
        }
        var (groups, duplicates) = TextGroups(data);
        return new FeatureMatrix(rows, width, data.Examples.Select(x => x.Label!.Value).ToArray(), groups,
            data.Examples.Select(x => x.Pair).ToArray()) { DuplicateRows = duplicates };
    }

    /// <summary>One group per distinct text (ordinal), numbered by first appearance, and how many examples repeat an
    /// earlier text.</summary>
    private static (int[] Groups, int Duplicates) TextGroups(ProbeDataset data)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        var groups = new int[data.Examples.Count];
        int duplicates = 0;
        for (int e = 0; e < groups.Length; e++)
        {
            if (first.TryGetValue(data.Examples[e].Text, out var g)) { groups[e] = g; duplicates++; }
            else first[data.Examples[e].Text] = groups[e] = first.Count;
        }
        return (groups, duplicates);
    }

    private static FeatureMatrix TokenRows(ProbeDataset data, IReadOnlyList<TokenSpan>[] tokens, float[][] states, int width)
    {
        int total = tokens.Sum(t => t.Count);
        var rows = new float[(long)total * width];
        var labels = new int[total];
        var groups = new int[total];
        var (textGroup, duplicates) = TextGroups(data);
        int r = 0;
        for (int e = 0; e < tokens.Length; e++)
        {
            Array.Copy(states[e], 0, rows, (long)r * width, states[e].Length);
            var spans = data.Examples[e].Spans!;
            foreach (var t in tokens[e])
            {
                labels[r] = spans.Any(s => t.Start < s.End && t.End > s.Start) ? 1 : 0;
                groups[r++] = textGroup[e];
            }
        }
        return new FeatureMatrix(rows, width, labels, groups) { DuplicateRows = duplicates };
    }
}
