namespace InterpLsp.Model;

/// <summary>What a loaded model is, for people and for clients.</summary>
public sealed record ModelInfo(
    string Name,
    string Architecture,
    string Source,
    int Layers,
    int Width,
    int VocabSize,
    int MaxPositions,
    bool IsCausal,
    double LoadSeconds);
