namespace InterpLsp.Analysis.Scheduling;

/// <summary>What documents are analysed at: a model (by id) and one of its hooks.</summary>
public sealed record AnalysisTarget(string ModelId, string Hook);
