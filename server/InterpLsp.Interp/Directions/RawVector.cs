namespace InterpLsp.Interp.Directions;

/// <summary>What a file reader found: the values plus whatever the file says about them.</summary>
internal sealed record RawVector(
    float[] Values,
    string? Hook = null,
    string? Name = null,
    float? Bias = null,
    float? Scale = null,
    DirectionKind? Kind = null,
    string? Model = null);
