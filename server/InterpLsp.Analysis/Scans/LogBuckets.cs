namespace InterpLsp.Analysis.Scans;

/// <summary>Logarithmic buckets of positive numbers, the same on every machine: with k buckets per octave,
/// bucket i holds [2^(i/k), 2^((i+1)/k)); the index is found from the number's binary exponent and a search of
/// its mantissa among k fixed thresholds (no log call). Numbers below 2^-100 fall in the lowest bucket and
/// above 2^100 in the highest.</summary>
public sealed class LogBuckets
{
    public const int MinOctave = -100, MaxOctave = 100;
    private readonly double[] _thresholds; // 2^(j/k), j = 1..k-1

    public LogBuckets(int perOctave)
    {
        if (perOctave < 1 || perOctave > 1024) throw new ArgumentOutOfRangeException(nameof(perOctave));
        PerOctave = perOctave;
        _thresholds = Enumerable.Range(1, perOctave - 1).Select(j => Math.Pow(2, (double)j / perOctave)).ToArray();
    }

    public int PerOctave { get; }
    public int MinIndex => MinOctave * PerOctave;
    public int MaxIndex => (MaxOctave + 1) * PerOctave - 1;

    /// <summary>The bucket of <paramref name="x"/> &gt; 0.</summary>
    public int Index(double x)
    {
        if (x < Math.ScaleB(1.0, MinOctave)) return MinIndex;
        if (x >= Math.ScaleB(1.0, MaxOctave + 1)) return MaxIndex;
        int e = Math.ILogB(x);
        double m = Math.ScaleB(x, -e); // [1, 2)
        int lo = 0, hi = _thresholds.Length;
        while (lo < hi) { int mid = (lo + hi) >> 1; if (_thresholds[mid] <= m) lo = mid + 1; else hi = mid; }
        return e * PerOctave + lo;
    }

    public double Lower(int i) => Math.Pow(2, (double)i / PerOctave);
    public double Upper(int i) => Math.Pow(2, (double)(i + 1) / PerOctave);
}
