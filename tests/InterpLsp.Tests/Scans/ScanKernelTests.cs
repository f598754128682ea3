using InterpLsp.Analysis.Scans;
using InterpLsp.Interp.Activations;
using InterpLsp.Interp.Directions;

namespace InterpLsp.Tests.Scans;

/// <summary>The fast kernels of a scan against straightforward references: the dot product four rows at a time is
/// the same bits as one row at a time (so a scan's value at a token equals the hover's), and close to a double
/// sum; the exact moments' 64-bit partial sums give the same integers as adding every term to 128 bits; the pool's
/// integer bucket index equals the floor it replaced; samples of size 0 take values without failing.</summary>
public sealed class ScanKernelTests
{
    private static float[] Random(Random rng, int n, float scale = 1) =>
        Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1) * scale).ToArray();

    [Fact]
    public void Four_rows_at_a_time_is_the_same_bits_as_one_and_near_the_double_sum()
    {
        var rng = new Random(11);
        foreach (int n in Enumerable.Range(0, 70).Concat(new[] { 383, 384, 385, 768, 1000 }))
        {
            var w = Random(rng, n);
            var rows = Enumerable.Range(0, 4).Select(_ => Random(rng, n, 3)).ToArray();
            DotKernel.Dot4(rows[0], rows[1], rows[2], rows[3], w, out float d0, out float d1, out float d2, out float d3);
            var four = new[] { d0, d1, d2, d3 };
            for (int r = 0; r < 4; r++)
            {
                float one = DotKernel.Dot(rows[r], w);
                Assert.Equal(BitConverter.SingleToInt32Bits(one), BitConverter.SingleToInt32Bits(four[r]));
                double exact = 0, magnitude = 0;
                for (int i = 0; i < n; i++) { exact += (double)rows[r][i] * w[i]; magnitude += Math.Abs((double)rows[r][i] * w[i]); }
                Assert.True(Math.Abs(one - exact) <= 1e-6 * magnitude + 1e-30, $"n {n}: {one} against {exact}");
            }
        }
        Assert.Throws<ArgumentException>(() => DotKernel.Dot(new float[3], new float[4]));
    }

    [Fact]
    public void A_projector_s_values_over_rows_equal_its_value_row_by_row()
    {
        var rng = new Random(12);
        const int width = 40;
        var v = Random(rng, width);
        var directions = new List<Direction>
        {
            new("p", "p", "h", v, DirectionKind.Projection),
            new("q", "q", "h", v, DirectionKind.Probe, Bias: -0.25f, Scale: 1.5f),
            new("n", "n", "h", Enumerable.Range(0, width).Select(i => i == 7 ? 1f : 0f).ToArray(), DirectionKind.Neuron, NeuronIndex: 7),
            new("s", "s", "h", v, DirectionKind.SaeFeature) { Sae = new SaeEncoder("standard", 0, Random(rng, width), 0.1f) },
        };
        foreach (int n in new[] { 0, 1, 3, 4, 5, 9, 33 })
        {
            var rows = Random(rng, n * width, 2);
            foreach (var d in directions)
            {
                var p = new DirectionProjector(d);
                var values = new float[n];
                p.Values(rows, values);
                for (int t = 0; t < n; t++)
                    Assert.Equal(BitConverter.SingleToInt32Bits(p.Value(rows.AsSpan(t * width, width))), BitConverter.SingleToInt32Bits(values[t]));
            }
        }
        Assert.Throws<ArgumentException>(() => new DirectionProjector(directions[0]).Values(new float[width * 2 + 1], new float[2]));
    }

    [Fact]
    public void Moments_partial_sums_give_the_integers_of_adding_each_term()
    {
        var rng = new Random(13);
        // Mostly small values (the 64-bit partials, flushed every 2^14 terms), some at and past 256 (the 128-bit path).
        var values = Enumerable.Range(0, 50_000).Select(i => i % 997 == 0 ? (float)(rng.NextDouble() * 2e6 - 1e6)
            : i % 501 == 0 ? (i % 2 == 0 ? 256f : -255.99998f) : (float)(rng.NextDouble() * 512 - 256)).ToArray();
        Int128 sum = 0, squares = 0;
        foreach (float v in values)
        {
            double d = v;
            sum += (Int128)Math.Round(d * Math.ScaleB(1.0, 40));
            squares += (Int128)Math.Round(d * d * Math.ScaleB(1.0, 32));
        }
        var m = new ExactMoments();
        m.AddRange(values.AsSpan(0, 30_000));
        m.AddRange(values.AsSpan(30_000));
        Assert.Equal(sum, m.Sum);
        Assert.Equal(squares, m.SumSquares);
        Assert.Equal(values.Length, m.Count);
        Assert.Equal(values.Count(v => v > 0), m.Positive);
        Assert.Equal(values.Min(), m.Min);
        Assert.Equal(values.Max(), m.Max);
    }

    [Fact]
    public void The_pool_s_integer_index_is_the_floor_of_a_seventh()
    {
        for (int b = QuantileSketch.MinBucket; b <= -QuantileSketch.MinBucket + 40; b++)
            Assert.Equal((int)Math.Floor(b / 7.0), SamplePool.IndexOf(b));
        Assert.Equal(QuantileSketch.MinBucket / 7, SamplePool.IndexOf(int.MinValue));
    }

    [Fact]
    public void Samples_of_size_zero_take_values_without_failing()
    {
        var acc = new DirectionAccumulator(topK: 0, quantileExamples: 0, randomExamples: 0, context: 1);
        var doc = new DocumentContext("k", null, 0, ["a", "b", "c"], [0, 2, 4], [1, 3, 5]);
        acc.AddRange(doc, new[] { 1f, -2f, 3f }, new ulong[] { 1, 2, 3 }, new int[3]);
        acc.Add(doc, 0, 4f, 5);
        Assert.Equal(4, acc.Moments.Count);
        Assert.Empty(acc.Random.Examples);
        acc.Pool.Flush();
        Assert.Equal(3, acc.Pool.Pool.Values.Sum(b => b.Count));
        Assert.All(acc.Pool.Pool.Values, b => Assert.Empty(b.Sample.Examples));
    }
}
