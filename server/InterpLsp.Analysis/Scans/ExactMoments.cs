using System.Globalization;
using System.Numerics;
using Newtonsoft.Json;

namespace InterpLsp.Analysis.Scans;

/// <summary>Count, sum, sum of squares, min, max and sign counts of a stream of values, mergeable exactly and in
/// any order: the sums are fixed-point integers (sum in units of 2^-40, sum of squares in units of 2^-32, each
/// value rounded to that grid before adding), so a+b+c equals c+a+b bit for bit.</summary>
public sealed class ExactMoments
{
    private const double SumScale = 1099511627776.0;     // 2^40
    private const double SquareScale = 4294967296.0;     // 2^32
    /// <summary>The largest |value| taken: its square on the 2^-32 grid summed over ten billion tokens still fits the
    /// 128-bit sum. A direction whose values go beyond it (no model's activations do) is refused, not summed into
    /// an overflow.</summary>
    public const float Limit = 1e9f;

    private static InvalidDataException TooLarge(float v) =>
        new($"a value of {v.ToString("G4", CultureInfo.InvariantCulture)} is beyond the ±1e9 a scan's statistics hold; the direction's scale is broken (rescale or renormalise it)");

    [JsonProperty("count")] public long Count { get; private set; }
    [JsonProperty("positive")] public long Positive { get; private set; }
    [JsonProperty("nonzero")] public long NonZero { get; private set; }
    [JsonProperty("nonfinite")] public long NonFinite { get; private set; }
    [JsonProperty("min")] public float Min { get; private set; } = float.PositiveInfinity;
    [JsonProperty("max")] public float Max { get; private set; } = float.NegativeInfinity;
    [JsonIgnore] public Int128 Sum { get; private set; }
    [JsonIgnore] public Int128 SumSquares { get; private set; }

    [JsonProperty("sum_fixed40")]
    private string SumText { get => Sum.ToString(CultureInfo.InvariantCulture); set => Sum = Int128.Parse(value, CultureInfo.InvariantCulture); }
    [JsonProperty("sumsq_fixed32")]
    private string SumSquaresText { get => SumSquares.ToString(CultureInfo.InvariantCulture); set => SumSquares = Int128.Parse(value, CultureInfo.InvariantCulture); }

    public void Add(float v) => AddRange(new ReadOnlySpan<float>(in v));

    /// <summary>Adds each value in turn, with the running figures kept in locals (<see cref="Add"/> is one value).</summary>
    public void AddRange(ReadOnlySpan<float> values)
    {
        long count = Count, positive = Positive, nonZero = NonZero, nonFinite = NonFinite;
        float min = Min, max = Max;
        Int128 sum = Sum, squares = SumSquares;
        // Values below SmallValue in magnitude are summed in 64-bit partial sums first (each rounded term is below
        // 2^48, so PartialTerms of them cannot overflow) and the partials added to the 128-bit sums: the same
        // integers, added in another grouping, which integer addition does not see.
        long partialSum = 0, partialSquares = 0;
        int inPartial = 0;
        foreach (float v in values)
        {
            if (!float.IsFinite(v)) { nonFinite++; continue; }
            float a = Math.Abs(v);
            if (a > Limit) throw TooLarge(v);
            count++;
            positive += v > 0 ? 1 : 0;
            nonZero += a > 1e-6f ? 1 : 0;
            if (v < min) min = v;
            if (v > max) max = v;
            double d = v;
            double s = Math.Round(d * SumScale);
            double q = Math.Round(d * d * SquareScale);
            if (a < SmallValue)
            {
                partialSum += (long)s;
                partialSquares += (long)q;
                if (++inPartial == PartialTerms)
                {
                    sum += partialSum; squares += partialSquares;
                    partialSum = partialSquares = 0; inPartial = 0;
                }
                continue;
            }
            checked
            {
                sum += Math.Abs(s) < 9.2e18 ? (long)s : (Int128)s;
                squares += Math.Abs(q) < 9.2e18 ? (long)q : (Int128)q;
            }
        }
        checked { sum += partialSum; squares += partialSquares; }
        Count = count; Positive = positive; NonZero = nonZero; NonFinite = nonFinite;
        Min = min; Max = max; Sum = sum; SumSquares = squares;
    }

    private const float SmallValue = 256f;   // |v| < 2^8: |v * 2^40| < 2^48 and v^2 * 2^32 < 2^48
    private const int PartialTerms = 1 << 14; // 2^14 terms below 2^48 each stay below 2^62

    public void Merge(ExactMoments o)
    {
        Count += o.Count; Positive += o.Positive; NonZero += o.NonZero; NonFinite += o.NonFinite;
        Min = Math.Min(Min, o.Min); Max = Math.Max(Max, o.Max);
        checked { Sum += o.Sum; SumSquares += o.SumSquares; }
    }

    [JsonIgnore] public double Mean => Count == 0 ? double.NaN : (double)Sum / SumScale / Count;

    [JsonIgnore]
    public double StandardDeviation
    {
        get
        {
            if (Count == 0) return double.NaN;
            double m = Mean, ms = (double)SumSquares / SquareScale / Count;
            return Math.Sqrt(Math.Max(0, ms - m * m));
        }
    }
}
