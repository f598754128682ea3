using InterpLsp.Analysis.Saes;
using InterpLsp.Analysis.Scheduling;

namespace InterpLsp.Analysis.Engine;

/// <summary>What the engine tells its front doors; the LSP layer turns each into a notification, the CLI
/// ignores them.</summary>
public abstract record EngineEvent;

/// <summary>The values of one document changed (a new analysis), or of every open document
/// (<see cref="Uri"/> null: the selection or a direction changed). <see cref="Exact"/>: for a provisional analysis,
/// the character spans whose values are already exact; null when every value is.</summary>
public sealed record ActivationsChanged(string? Uri, int Version, IReadOnlyList<(int Start, int End)>? Exact = null) : EngineEvent;

public sealed record SelectionChanged(Selection Selection) : EngineEvent;

public sealed record StatusChanged(AnalysisStatus Status) : EngineEvent;

/// <summary>An SAE was checked on load (<see cref="SaeLoadCheck"/>) for the direction <see cref="DirectionId"/>; the LSP
/// shows <see cref="SaeCheckResult.Warning"/> to the user when there is one.</summary>
public sealed record SaeChecked(string DirectionId, string DirectionName, SaeCheckResult Result) : EngineEvent;
