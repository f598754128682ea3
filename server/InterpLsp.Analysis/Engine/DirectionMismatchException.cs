namespace InterpLsp.Analysis.Engine;

/// <summary>A direction made for another model or another width than the active model's hook has.</summary>
public sealed class DirectionMismatchException(string message) : ArgumentException(message);
