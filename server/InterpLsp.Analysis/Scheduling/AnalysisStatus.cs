namespace InterpLsp.Analysis.Scheduling;

public enum Health { Ok, Warning, Error }

/// <summary>What the analysis engine is doing, as rust-analyzer's server status reports it.</summary>
public sealed record AnalysisStatus(Health Health, bool Quiescent, string Message);
