using System.Numerics.Tensors;
using InterpLsp.Interp.Directions;

namespace InterpLsp.Interp.Activations;

/// <summary>A direction prepared for fast projection of many hidden vectors: <c>h . d / |d|</c>, a neuron's
/// value, or a probe's logit <c>scale * (h . d) + bias</c>.</summary>
public sealed class DirectionProjector
{
    private readonly float[] _weights;
    private readonly float _bias;
    private readonly int _neuron;

    public DirectionProjector(Direction d)
    {
        Direction = d;
        _neuron = d.Kind == DirectionKind.Neuron && d.NeuronIndex is int n ? n : -1;
        switch (d.Kind)
        {
            case DirectionKind.Probe:
                _weights = d.Vector.Select(v => v * d.Scale).ToArray();
                _bias = d.Bias;
                break;
            default:
                float norm = TensorPrimitives.Norm(d.Vector);
                _weights = d.Vector.Select(v => v / norm).ToArray();
                break;
        }
    }

    public Direction Direction { get; }
    public int Width => _weights.Length;

    public float Value(ReadOnlySpan<float> hidden)
    {
        if (hidden.Length != _weights.Length)
            throw new ArgumentException($"hidden width {hidden.Length} != direction '{Direction.Name}' width {_weights.Length}");
        return _neuron >= 0 ? hidden[_neuron] : TensorPrimitives.Dot(hidden, _weights) + _bias;
    }
}
