namespace InterpLsp.Analysis.Probes;

/// <summary>Rows of hidden states with their labels, ready for a probe method: <see cref="Data"/> is
/// [<see cref="Rows"/> x <see cref="Width"/>] row-major; <see cref="Labels"/> are 1 (positive) or 0;
/// <see cref="Groups"/> say which example (text) each row came from (rows of one text are split together);
/// <see cref="Pairs"/> hold each row's contrast-pair key (or null).</summary>
public sealed class FeatureMatrix
{
    public FeatureMatrix(float[] data, int width, int[] labels, int[]? groups = null, string?[]? pairs = null)
    {
        if (width <= 0) throw new ArgumentOutOfRangeException(nameof(width), "width must be positive");
        if (data.Length != (long)labels.Length * width)
            throw new ArgumentException($"data has {data.Length} numbers; {labels.Length} rows x {width} need {(long)labels.Length * width}");
        if (labels.Any(l => l is not (0 or 1))) throw new ArgumentException("labels must be 0 or 1");
        if (groups is not null && groups.Length != labels.Length) throw new ArgumentException("one group per row");
        if (pairs is not null && pairs.Length != labels.Length) throw new ArgumentException("one pair key per row");
        Data = data;
        Width = width;
        Labels = labels;
        Groups = groups ?? Enumerable.Range(0, labels.Length).ToArray();
        Pairs = pairs ?? new string?[labels.Length];
    }

    public float[] Data { get; }
    public int Width { get; }
    public int[] Labels { get; }
    public int[] Groups { get; }
    public string?[] Pairs { get; }
    public int Rows => Labels.Length;
    /// <summary>Rows (sentence level) or examples (token level) whose text already appeared earlier in the data; their
    /// group is the first copy's, so all copies of a text fall on one side of a split.</summary>
    public int DuplicateRows { get; init; }

    public ReadOnlySpan<float> Row(int i) => Data.AsSpan(i * Width, Width);

    /// <summary>The rows at <paramref name="indices"/>, in that order, optionally with other labels.</summary>
    public FeatureMatrix Subset(IReadOnlyList<int> indices, int[]? labels = null)
    {
        var data = new float[indices.Count * Width];
        for (int k = 0; k < indices.Count; k++) Row(indices[k]).CopyTo(data.AsSpan(k * Width, Width));
        return new FeatureMatrix(data, Width, labels ?? indices.Select(i => Labels[i]).ToArray(),
            indices.Select(i => Groups[i]).ToArray(), indices.Select(i => Pairs[i]).ToArray());
    }
}
