using System.Buffers;
using System.Numerics.Tensors;
using InterpLsp.Interp.Directions;
using InterpLsp.Interp.IO;

namespace InterpLsp.Interp.Activations;

/// <summary>A direction prepared for fast evaluation of many hidden vectors: <c>h . d / |d|</c>, a neuron's
/// value, a probe's logit <c>scale * (h . d) + bias</c>, or an SAE feature's activation (see <see cref="SaeEncoder"/>
/// and <see cref="SaeFeatureValue"/>). Thread-safe: <see cref="Value"/> keeps no state between calls.</summary>
public sealed class DirectionProjector
{
    private readonly float[] _weights;
    private readonly float _bias;
    private readonly int _neuron;
    private readonly SaeFeatureValue? _sae;

    /// <summary>Prepares <paramref name="d"/>; throws <see cref="ArgumentException"/> for an SAE feature whose
    /// <see cref="SaeEncoder"/> is inconsistent (lengths, unknown architecture or normalization, k out of range).</summary>
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
            case DirectionKind.SaeFeature:
                var sae = d.Sae ?? throw new ArgumentException($"SAE feature '{Echo.Input(d.Name)}' has no encoder");
                _sae = new SaeFeatureValue(sae, d.Width, d.Name, sae.CentersAt(d.Hook));
                _weights = d.Vector;
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
        if (_sae is not null) return _sae.Value(hidden);
        return _neuron >= 0 ? hidden[_neuron] : DotKernel.Dot(hidden, _weights) + _bias;
    }

    /// <summary>The values at <paramref name="output"/>.Length consecutive rows of <paramref name="rows"/> (row-major,
    /// <see cref="Width"/> wide), each the same bits as <see cref="Value"/> of that row: a projection or a probe takes
    /// four rows at a time (<see cref="DotKernel.Dot4"/>).</summary>
    public void Values(ReadOnlySpan<float> rows, Span<float> output)
    {
        int n = output.Length, w = _weights.Length;
        if (rows.Length != n * w) throw new ArgumentException($"{rows.Length} floats are not {n} rows of width {w}");
        int t = 0;
        if (_sae is null && _neuron < 0)
        {
            for (; t + 4 <= n; t += 4)
            {
                DotKernel.Dot4(rows.Slice(t * w, w), rows.Slice((t + 1) * w, w), rows.Slice((t + 2) * w, w), rows.Slice((t + 3) * w, w),
                    _weights, out float d0, out float d1, out float d2, out float d3);
                output[t] = d0 + _bias; output[t + 1] = d1 + _bias; output[t + 2] = d2 + _bias; output[t + 3] = d3 + _bias;
            }
        }
        for (; t < n; t++) output[t] = Value(rows.Slice(t * w, w));
    }
}

/// <summary>
/// One SAE feature's activation, computed as SAELens's <c>encode</c> does, in float32:
/// <list type="number">
/// <item>centre x when the feature reads the centred residual (<see cref="SaeEncoder.CentersAt"/>): x - mean(x), the
/// mean over d_in;</item>
/// <item>normalise x: <c>none</c>; <c>constant_norm_rescale</c> x * sqrt(d_in) / |x| (a zero x stays zero);
/// <c>layer_norm</c> (x - mean) / (std + 1e-5) with torch's default unbiased std (divisor d_in - 1);</item>
/// <item>subtract b_dec when the SAE applies it to the input;</item>
/// <item>pre = W_enc[:, i] . x + b_enc[i];</item>
/// <item><c>standard</c>: ReLU(pre); <c>jumprelu</c>: ReLU(pre) if pre &gt; threshold, else 0 (SAELens multiplies the ReLU by
/// the mask pre &gt; threshold); <c>topk</c>: ReLU(pre) if feature i is among the k largest pre-activations of all d_sae
/// features, else 0. Ties: features are ranked by pre-activation, higher first, and among equal pre-activations the
/// lower index first (torch.topk leaves the order of ties unspecified); i is kept iff fewer than k features rank
/// before it.</item>
/// </list>
/// A topk value costs d_sae dot products of length d_in, except when pre &lt;= 0 (then it is 0 at once) or when k
/// features are found to rank higher.
/// </summary>
internal sealed class SaeFeatureValue
{
    private const int StackFloats = 2048;
    private const float LayerNormEps = 1e-5f;

    private readonly SaeEncoder _e;
    private readonly int _dIn;
    private readonly int _dSae;
    private readonly int _kind;   // 0 standard, 1 jumprelu, 2 topk
    private readonly int _norm;   // 0 none, 1 constant_norm_rescale, 2 layer_norm

    private readonly bool _center;

    public SaeFeatureValue(SaeEncoder e, int dIn, string name, bool center = false)
    {
        _e = e;
        _dIn = dIn;
        _center = center;
        string Bad(string what) => $"SAE feature '{Echo.Input(name)}': {what}";
        _kind = e.Architecture switch
        {
            "standard" => 0,
            "jumprelu" => 1,
            "topk" => 2,
            _ => throw new ArgumentException(Bad($"unknown architecture '{Echo.Input(e.Architecture)}'; known: standard, jumprelu, topk")),
        };
        _norm = e.Normalization switch
        {
            "none" => 0,
            "constant_norm_rescale" => 1,
            "layer_norm" => 2,
            _ => throw new ArgumentException(Bad($"normalization '{Echo.Input(e.Normalization)}' cannot be computed; known: none, constant_norm_rescale, layer_norm")),
        };
        if (e.EncoderRow.Length != dIn) throw new ArgumentException(Bad($"encoder row has length {e.EncoderRow.Length}, width is {dIn}"));
        if (e.InputBias is { } b && b.Length != dIn) throw new ArgumentException(Bad($"b_dec has length {b.Length}, width is {dIn}"));
        if (_kind == 2)
        {
            var all = e.AllEncoder ?? throw new ArgumentException(Bad("topk needs the whole encoder (AllEncoder)"));
            var bias = e.AllEncoderBias ?? throw new ArgumentException(Bad("topk needs the whole encoder bias (AllEncoderBias)"));
            _dSae = bias.Length;
            if (all.LongLength != (long)_dSae * dIn)
                throw new ArgumentException(Bad($"AllEncoder has {all.LongLength} values, not d_sae {_dSae} x d_in {dIn}"));
            if (e.FeatureIndex < 0 || e.FeatureIndex >= _dSae)
                throw new ArgumentException(Bad($"feature index {e.FeatureIndex} is out of range 0..{_dSae - 1}"));
            if (e.TopK < 1 || e.TopK > _dSae) throw new ArgumentException(Bad($"k {e.TopK} is not in 1..{_dSae}"));
        }
    }

    public float Value(ReadOnlySpan<float> hidden)
    {
        if (_norm == 0 && _e.InputBias is null && !_center) return Activation(hidden);
        float[]? rented = null;
        Span<float> x = _dIn <= StackFloats ? stackalloc float[_dIn] : (rented = ArrayPool<float>.Shared.Rent(_dIn)).AsSpan(0, _dIn);
        try
        {
            if (_center)
            {
                TensorPrimitives.Subtract(hidden, TensorPrimitives.Sum(hidden) / _dIn, x);
                Normalize(x, x);
            }
            else Normalize(hidden, x);
            if (_e.InputBias is { } b) TensorPrimitives.Subtract(x, b, x);
            return Activation(x);
        }
        finally
        {
            if (rented is not null) ArrayPool<float>.Shared.Return(rented);
        }
    }

    private void Normalize(ReadOnlySpan<float> h, Span<float> x)
    {
        switch (_norm)
        {
            case 1:
                float norm = TensorPrimitives.Norm(h);
                if (norm == 0) { h.CopyTo(x); break; }
                TensorPrimitives.Multiply(h, MathF.Sqrt(_dIn) / norm, x);
                break;
            case 2:
                float mean = TensorPrimitives.Sum(h) / _dIn;
                TensorPrimitives.Subtract(h, mean, x);
                float std = _dIn > 1 ? MathF.Sqrt(TensorPrimitives.SumOfSquares(x) / (_dIn - 1)) : float.NaN;
                TensorPrimitives.Divide(x, std + LayerNormEps, x);
                break;
            default:
                h.CopyTo(x);
                break;
        }
    }

    private float Activation(ReadOnlySpan<float> x)
    {
        switch (_kind)
        {
            case 0:
                return MathF.Max(TensorPrimitives.Dot(x, _e.EncoderRow) + _e.EncoderBias, 0);
            case 1:
                float pre = TensorPrimitives.Dot(x, _e.EncoderRow) + _e.EncoderBias;
                return pre > _e.Threshold ? MathF.Max(pre, 0) : 0;
            default:
                return TopK(x);
        }
    }

    private float TopK(ReadOnlySpan<float> x)
    {
        var all = _e.AllEncoder!;
        var bias = _e.AllEncoderBias!;
        int i = _e.FeatureIndex;
        // Feature i's own pre-activation from the same rows as every other, so that ties compare like with like.
        float pre = TensorPrimitives.Dot(x, all.AsSpan(i * _dIn, _dIn)) + bias[i];
        if (!(pre > 0)) return 0;
        int before = 0;
        for (int j = 0; j < _dSae; j++)
        {
            if (j == i) continue;
            float p = TensorPrimitives.Dot(x, all.AsSpan(j * _dIn, _dIn)) + bias[j];
            if (p > pre || (p == pre && j < i))
                if (++before >= _e.TopK) return 0;
        }
        return pre;
    }
}
