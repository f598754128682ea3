namespace InterpLsp.Analysis.Probes;

/// <summary>Fits any <see cref="ProbeMethod"/> to a feature matrix (no model needed, so the methods are testable on
/// synthetic states).</summary>
public static class ProbeFitter
{
    /// <param name="l2C">Logistic only: a fixed C instead of choosing one by cross-validation.</param>
    public static LinearProbe Fit(ProbeMethod method, FeatureMatrix train, int seed, CancellationToken ct = default, double? l2C = null) => method switch
    {
        ProbeMethod.Logistic => LogisticFit.Fit(train, seed, ct, l2C),
        ProbeMethod.MassMean => MassMeanFit.Fit(train, covariance: false),
        ProbeMethod.MassMeanCov => MassMeanFit.Fit(train, covariance: true),
        ProbeMethod.PcaDiff => PcaDiffFit.Fit(train),
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };
}
