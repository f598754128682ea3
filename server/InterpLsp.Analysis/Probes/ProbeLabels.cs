namespace InterpLsp.Analysis.Probes;

/// <summary>The label words a dataset may use. Positive (1): <c>1</c>, <c>true</c>, <c>pos</c>, <c>positive</c>;
/// negative (0): <c>0</c>, <c>false</c>, <c>neg</c>, <c>negative</c> (case-insensitive, surrounding spaces ignored).</summary>
public static class ProbeLabels
{
    public const string Accepted = "1/0, true/false, pos/neg, positive/negative (the first of each pair is positive)";

    /// <summary>1, 0, or null when <paramref name="word"/> is not a label.</summary>
    public static int? Parse(string word) => word.Trim().ToLowerInvariant() switch
    {
        "1" or "true" or "pos" or "positive" => 1,
        "0" or "false" or "neg" or "negative" => 0,
        _ => null,
    };
}
