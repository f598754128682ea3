using InterpLsp.Interp.Directions;

namespace InterpLsp.Analysis.Probes;

/// <summary>A probe as a direction (<see cref="DirectionKind.Probe"/>: value = h . Vector + Bias, 0 at the decision
/// boundary) with its held-out report.</summary>
public sealed record TrainedProbe(Direction Direction, ProbeReport Report);
