using TorchSharp;
using static TorchSharp.torch;

namespace InterpLsp.Model.Causal;

/// <summary>
/// Rotary position embeddings as Hugging Face's Llama and GPT-NeoX apply them ("rotate_half": the first and second
/// halves of the rotated dimensions are paired), on the first <see cref="Dims"/> dimensions of each head (all of
/// them for Llama; <c>rotary_pct</c> of them for GPT-NeoX). Frequencies are theta^(-2i/dims), optionally rescaled as
/// Llama 3's <c>rope_scaling</c> (<c>rope_type: llama3</c>) or <c>linear</c> asks.
/// </summary>
public sealed class Rotary : IDisposable
{
    private readonly Tensor _cos; // [maxPositions, dims]
    private readonly Tensor _sin;

    public int Dims { get; }

    public Rotary(int dims, int maxPositions, double[] inverseFrequencies)
    {
        Dims = dims;
        var cos = new float[maxPositions * dims];
        var sin = new float[maxPositions * dims];
        int half = dims / 2;
        for (int p = 0; p < maxPositions; p++)
            for (int i = 0; i < half; i++)
            {
                double a = p * inverseFrequencies[i];
                float c = (float)Math.Cos(a), s = (float)Math.Sin(a);
                cos[p * dims + i] = cos[p * dims + half + i] = c;
                sin[p * dims + i] = sin[p * dims + half + i] = s;
            }
        _cos = tensor(cos, new long[] { maxPositions, dims });
        _sin = tensor(sin, new long[] { maxPositions, dims });
    }

    /// <summary>theta^(-2i/dims) for i in [0, dims/2).</summary>
    public static double[] Frequencies(int dims, double theta)
    {
        var f = new double[dims / 2];
        for (int i = 0; i < f.Length; i++) f[i] = 1.0 / Math.Pow(theta, 2.0 * i / dims);
        return f;
    }

    /// <summary>Llama 3's frequency rescaling (<c>rope_type: llama3</c>): long wavelengths divided by
    /// <paramref name="factor"/>, short ones kept, smooth in between.</summary>
    public static double[] Llama3(double[] f, double factor, double lowFreqFactor, double highFreqFactor, double originalMaxPositions)
    {
        double lowWavelen = originalMaxPositions / lowFreqFactor, highWavelen = originalMaxPositions / highFreqFactor;
        var r = new double[f.Length];
        for (int i = 0; i < f.Length; i++)
        {
            double wavelen = 2 * Math.PI / f[i];
            if (wavelen < highWavelen) r[i] = f[i];
            else if (wavelen > lowWavelen) r[i] = f[i] / factor;
            else
            {
                double smooth = (originalMaxPositions / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
                r[i] = (1 - smooth) * f[i] / factor + smooth * f[i];
            }
        }
        return r;
    }

    /// <summary>Rotates the first <see cref="Dims"/> dimensions of <paramref name="x"/> [b, heads, t, headDim] for
    /// positions offset..offset+t-1; the rest pass through.</summary>
    public Tensor Apply(Tensor x, int offset = 0)
    {
        long t = x.shape[2], headDim = x.shape[3];
        using var cos = _cos.narrow(0, offset, t);
        using var sin = _sin.narrow(0, offset, t);
        using var rot = Dims == headDim ? x.alias() : x.narrow(3, 0, Dims);
        int half = Dims / 2;
        using var x1 = rot.narrow(3, 0, half);
        using var x2 = rot.narrow(3, half, half);
        using var neg = x2.neg();
        using var rotated = cat(new[] { neg, x1 }, 3);
        using var a = rot * cos;
        using var b = rotated * sin;
        var turned = a + b;
        if (Dims == headDim) return turned;
        using (turned)
        using (var pass = x.narrow(3, Dims, headDim - Dims))
            return cat(new[] { turned, pass }, 3);
    }

    public void Dispose()
    {
        _cos.Dispose();
        _sin.Dispose();
    }
}
