namespace InterpLsp.Interp.Activations;

/// <summary>A direction's value distribution over some tokens: one document's (<see cref="ValueDistribution"/>,
/// exact) or a scanned corpus's (from the scan's quantile sketch). Paint scales and hover percentiles read it.</summary>
public interface IValueDistribution
{
    /// <summary>Tokens it was computed from.</summary>
    long Count { get; }
    float Min { get; }
    float Max { get; }
    /// <summary>Quantile q in [0, 1].</summary>
    float Quantile(double q);
    /// <summary>Percent of values at or below v (0..100).</summary>
    double Percentile(float v);
}
