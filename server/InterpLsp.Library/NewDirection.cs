using InterpLsp.Interp.Directions;

namespace InterpLsp.Library;

/// <summary>A direction to store: the direction itself, the name asked for (null: the direction's own name; a
/// taken name gets <c>-2</c>, <c>-3</c>, ...), how it was made and its first tags.</summary>
public sealed record NewDirection(Direction Direction, string? Name, MadeBy MadeBy, IReadOnlyList<string>? Tags = null);
