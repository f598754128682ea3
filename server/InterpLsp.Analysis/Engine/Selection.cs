namespace InterpLsp.Analysis.Engine;

/// <summary>The session's selection: the model and hook documents are analysed at, the active direction (its
/// id, or null) and the paint threshold (|value| / paint scale below which nothing is painted).</summary>
public sealed record Selection(string ModelId, string Hook, string? DirectionId, double Threshold);
