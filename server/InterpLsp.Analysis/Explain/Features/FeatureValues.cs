namespace InterpLsp.Analysis.Explain.Features;

/// <summary>
/// A candidate's value on every token of a <see cref="Evidence.TokenTable"/>: either a set (the tokens where it
/// holds, value 1; 0 elsewhere), kept as sorted token indices, or a real value per token.
/// </summary>
public sealed class FeatureValues
{
    private FeatureValues(int count, int[]? holds, float[]? dense) { Count = count; Holds = holds; Dense = dense; }

    /// <summary>Tokens in the table the values are for.</summary>
    public int Count { get; }
    /// <summary>For a set: the sorted, distinct token indices where it holds; null for real values.</summary>
    public int[]? Holds { get; }
    /// <summary>For real values: one per token; null for a set.</summary>
    public float[]? Dense { get; }
    public bool IsSet => Holds is not null;

    public static FeatureValues Set(int count, int[] sortedHolds) => new(count, sortedHolds, null);

    public static FeatureValues Set(int count, IEnumerable<int> holds)
    {
        var a = holds.Distinct().ToArray();
        Array.Sort(a);
        if (a.Length > 0 && (a[0] < 0 || a[^1] >= count)) throw new ArgumentOutOfRangeException(nameof(holds), "a token index lies outside the table");
        return new(count, a, null);
    }

    public static FeatureValues Real(float[] values) => new(values.Length, null, values);

    /// <summary>The value at token <paramref name="t"/> (O(log n) for a set).</summary>
    public float At(int t) => Dense is { } d ? d[t] : Array.BinarySearch(Holds!, t) >= 0 ? 1f : 0f;

    /// <summary>The values as one float per token (a set becomes 0/1).</summary>
    public float[] ToDense()
    {
        if (Dense is { } d) return d;
        var r = new float[Count];
        foreach (int t in Holds!) r[t] = 1f;
        return r;
    }
}
