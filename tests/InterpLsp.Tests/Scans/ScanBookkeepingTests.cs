using InterpLsp.Analysis.Scans;

namespace InterpLsp.Tests.Scans;

/// <summary>The fast paths of a scan's per-token bookkeeping against the straightforward ones: the quantile
/// sketch's bucket from a float's bits equals the search, and a document added direction by direction
/// (<see cref="DirectionAccumulator.AddRange"/>) equals its tokens added one by one, ties, zeros and non-finite
/// values included.</summary>
public sealed class ScanBookkeepingTests
{
    private static int SearchedBucket(float v)
    {
        double a = Math.Abs((double)v);
        return a < Math.ScaleB(1.0, LogBuckets.MinOctave) ? int.MinValue : new LogBuckets(QuantileSketch.PerOctave).Index(a);
    }

    [Fact]
    public void BucketFromTheBitsEqualsTheSearch()
    {
        var buckets = new LogBuckets(QuantileSketch.PerOctave);
        for (uint frac = 0; frac < 1u << 23; frac += 3) // every third mantissa of [1, 2), and of two far octaves
            foreach (int e in new[] { 0, -100, 100 })
            {
                float x = BitConverter.UInt32BitsToSingle((uint)(e + 127) << 23 | frac);
                Assert.Equal(buckets.Index(x), buckets.IndexOfSingle(x));
            }
        var rng = new Random(5);
        var reference = new LogBuckets(QuantileSketch.PerOctave);
        for (int i = 0; i < 300_000; i++)
        {
            float x = BitConverter.UInt32BitsToSingle((uint)rng.NextInt64(0, 1L << 32));
            if (float.IsNaN(x)) continue;
            double a = Math.Abs((double)x);
            int expected = a < Math.ScaleB(1.0, LogBuckets.MinOctave) ? int.MinValue : reference.Index(a);
            Assert.Equal(expected, QuantileSketch.BucketOf(x));
        }
        foreach (float x in new[] { 0f, -0f, float.Epsilon, MathF.ScaleB(1f, -100), MathF.ScaleB(1f, -101), MathF.ScaleB(1f, 101), float.MaxValue, float.PositiveInfinity, float.NegativeInfinity, 1f, -1f })
            Assert.Equal(SearchedBucket(x), QuantileSketch.BucketOf(x));
    }

    [Fact]
    public void AddRangeEqualsTokenByToken()
    {
        var rng = new Random(7);
        var one = new DirectionAccumulator(topK: 6, quantileExamples: 3, randomExamples: 5, context: 2, histogramBins: 12);
        var range = new DirectionAccumulator(topK: 6, quantileExamples: 3, randomExamples: 5, context: 2, histogramBins: 12);
        float[] special = { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, 1e-7f, -1e-30f, MathF.ScaleB(1f, -110), 3e8f, -1e9f };
        for (int d = 0; d < 300; d++)
        {
            int n = rng.Next(0, 40);
            var doc = new DocumentContext($"k{rng.Next(50):D2}-{d}", d % 3 == 0 ? $"/f{d}.txt" : null, d * 10,
                Enumerable.Range(0, n).Select(i => $"t{i}").ToArray(), Enumerable.Range(0, n).Select(i => i * 2).ToArray(), Enumerable.Range(0, n).Select(i => i * 2 + 1).ToArray());
            var values = new float[n];
            var hashes = new ulong[n];
            for (int t = 0; t < n; t++)
            {
                // Ties on purpose: values on a coarse grid, and a few special ones.
                values[t] = rng.Next(20) == 0 ? special[rng.Next(special.Length)] : (rng.Next(-40, 60) / 8f) * (d < 150 ? 1 : 4);
                hashes[t] = StableHash.Token(1, doc.KeyHash, t);
                one.Add(doc, t, values[t], hashes[t]);
            }
            range.AddRange(doc, values, hashes, new int[n]);
        }
        Assert.True(one.Top.Examples.Count == 6 && one.Moments.NonFinite > 0);
        Assert.Equal(Newtonsoft.Json.JsonConvert.SerializeObject(one), Newtonsoft.Json.JsonConvert.SerializeObject(range));
    }

    [Fact]
    public void A_value_beyond_the_limit_is_refused_by_name_not_summed_into_an_overflow()
    {
        foreach (float v in new[] { 1e18f, -3e20f, float.MaxValue })
        {
            var m = new ExactMoments();
            var e = Assert.Throws<InvalidDataException>(() => m.Add(v));
            Assert.Contains("beyond the ±1e9", e.Message);
            Assert.Throws<InvalidDataException>(() => new ExactMoments().AddRange(new[] { 1f, v }));
        }
        var ok = new ExactMoments();
        ok.AddRange(new[] { 1e9f, -1e9f, 5f });
        Assert.Equal(3, ok.Count);
    }
}
