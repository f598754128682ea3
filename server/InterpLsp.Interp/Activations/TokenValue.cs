namespace InterpLsp.Interp.Activations;

/// <summary>One token of the user's text with its value on a direction.</summary>
public sealed record TokenValue(string Text, int Start, int End, float Value);

/// <summary>Per-token values of one direction at one hook over a whole document.</summary>
public sealed record DirectionActivations(string Hook, string Direction, IReadOnlyList<TokenValue> Tokens);
