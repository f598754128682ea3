namespace InterpLsp.Analysis.Probes;

/// <summary>One row of a probe dataset. Sentence level: <see cref="Label"/> is 1 (positive) or 0 and
/// <see cref="Spans"/> is null. Token level: <see cref="Spans"/> holds the marked character ranges
/// [start, end) in UTF-16 code units (tokens overlapping one are positives, the text's other tokens negatives)
/// and <see cref="Label"/> is null.</summary>
/// <param name="Text">The example's text (never empty).</param>
/// <param name="Label">1 or 0 at sentence level; null at token level.</param>
/// <param name="Spans">Marked ranges at token level; null at sentence level.</param>
/// <param name="Pair">Contrast-pair key (the <c>pair</c> field), or null.</param>
/// <param name="Line">1-based line of the file where the row starts.</param>
public sealed record ProbeExample(string Text, int? Label, IReadOnlyList<(int Start, int End)>? Spans, string? Pair, int Line);
