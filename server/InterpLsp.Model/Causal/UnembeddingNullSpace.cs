using TorchSharp;
using static TorchSharp.torch;

namespace InterpLsp.Model.Causal;

/// <summary>The entropy-neuron test's numbers for one direction (see <see cref="UnembeddingNullSpace"/>).</summary>
/// <param name="Share">|P d|² / |d|²: the share of the direction in the span of the unembedding's bottom singular vectors</param>
/// <param name="RandomMean">the mean share of <paramref name="RandomDraws"/> random directions (about K / width)</param>
/// <param name="Percentile">the direction's percentile among them (100: above every random direction)</param>
public sealed record NullSpaceShare(double Share, double RandomMean, double Percentile, int K, int RandomDraws);

/// <summary>
/// The entropy-neuron test of Stolfo et al. (2024, "Confidence regulation neurons in language models"): entropy
/// neurons write mostly into the unembedding's (effective) null space, the span of the bottom singular vectors of
/// W_U, so they change the final norm's scale (and so the entropy) without promoting any token. Here W_U is taken as
/// the logits see it, the final norm's gain folded in (W_U diag(g)) and, for a LayerNorm model, restricted to
/// zero-mean vectors (LayerNorm removes the mean: the all-ones vector, a trivial null direction, is left out and d is
/// centred). The share of d in the span of the bottom <c>K</c> right singular vectors is reported beside the same
/// share for seeded random Gaussian directions, as the percentile of d among them.
/// </summary>
public static class UnembeddingNullSpace
{
    public const int DefaultK = 10;
    public const int DefaultDraws = 1000;

    public static NullSpaceShare Of(Decoder decoder, float[] direction, int k = DefaultK, int draws = DefaultDraws, int seed = 0)
    {
        decoder.Shape.CheckResidualDirection(direction);
        int h = decoder.Shape.Hidden;
        if (k < 1 || k >= h) throw new ArgumentOutOfRangeException(nameof(k), $"k must be 1..{h - 1}, got {k}");
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var u = decoder.UnembedWeight.to(ScalarType.Float64);
        if (decoder.FinalNormWeight is { } g) u = u * g.to(ScalarType.Float64);
        bool centers = decoder.FinalNormCenters;
        if (centers) u = u - u.mean(new long[] { 1 }, keepdim: true); // U (I - 11ᵀ/h): the all-ones vector maps to 0
        var gram = u.t().matmul(u);                                 // [h, h], eigenvalues = squared singular values
        var (_, vectors) = linalg.eigh(gram);                        // ascending
        int skip = centers ? 1 : 0;                                  // the all-ones null direction of a LayerNorm model
        var bottom = vectors.narrow(1, skip, k);                     // [h, k]

        var rng = new Random(seed);
        var all = new double[(draws + 1) * h];
        Array.Copy(direction.Select(x => (double)x).ToArray(), all, h);
        for (int i = h; i < all.Length; i++)
        {
            double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
            all[i] = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
        var x = tensor(all, new long[] { draws + 1, h });
        if (centers) x = x - x.mean(new long[] { 1 }, keepdim: true);
        var shares = x.matmul(bottom).square().sum(1) / x.square().sum(1);
        var s = shares.data<double>().ToArray();
        double mine = s[0];
        var random = s.Skip(1).ToArray();
        double below = random.Count(v => v < mine) + 0.5 * random.Count(v => v == mine);
        return new NullSpaceShare(mine, random.Average(), 100.0 * below / draws, k, draws);
    }
}
