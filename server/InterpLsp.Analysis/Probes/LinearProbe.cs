using System.Numerics.Tensors;

namespace InterpLsp.Analysis.Probes;

/// <summary>A fitted probe in the hidden space: value = <see cref="Weights"/> . h + <see cref="Bias"/>, with 0 as its
/// decision boundary (positive above). <see cref="L2C"/> is the inverse L2 strength the fit used (logistic only).</summary>
public sealed record LinearProbe(float[] Weights, float Bias, double? L2C = null)
{
    public float Value(ReadOnlySpan<float> h) => TensorPrimitives.Dot(h, Weights) + Bias;

    public double[] Values(FeatureMatrix m)
    {
        var v = new double[m.Rows];
        for (int i = 0; i < m.Rows; i++) v[i] = Value(m.Row(i));
        return v;
    }
}
