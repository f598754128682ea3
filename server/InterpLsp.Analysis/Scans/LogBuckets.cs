namespace InterpLsp.Analysis.Scans;

/// <summary>Logarithmic buckets of positive numbers, the same on every machine: with k buckets per octave,
/// bucket i holds [2^(i/k), 2^((i+1)/k)); the index is found from the number's binary exponent and a search of
/// its mantissa among k fixed thresholds (no log call). Numbers below 2^-100 fall in the lowest bucket and
/// above 2^100 in the highest.</summary>
public sealed class LogBuckets
{
    public const int MinOctave = -100, MaxOctave = 100;
    private readonly double[] _thresholds; // 2^(j/k), j = 1..k-1
    // For IndexOfSingle: the mantissa [1, 2) cut in 2^CellBits equal cells; per cell, how many thresholds are <= its
    // start and the first threshold above its start (at most one lies inside a cell while k <= 35).
    private const int CellBits = 10;
    private readonly int[]? _cellBase;
    private readonly double[]? _cellNext;

    public LogBuckets(int perOctave)
    {
        if (perOctave < 1 || perOctave > 1024) throw new ArgumentOutOfRangeException(nameof(perOctave));
        PerOctave = perOctave;
        _thresholds = Enumerable.Range(1, perOctave - 1).Select(j => Math.Pow(2, (double)j / perOctave)).ToArray();
        if (perOctave <= 35)
        {
            _cellBase = new int[1 << CellBits];
            _cellNext = new double[1 << CellBits];
            for (int c = 0; c < _cellBase.Length; c++)
            {
                double start = 1 + Math.ScaleB(c, -CellBits);
                int below = _thresholds.Count(t => t <= start);
                _cellBase[c] = below;
                _cellNext[c] = below < _thresholds.Length ? _thresholds[below] : double.PositiveInfinity;
            }
        }
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

    /// <summary>The same as <see cref="Index(double)"/> of a finite float &gt; 0, from its bits and a table (no search).</summary>
    public int IndexOfSingle(float x)
    {
        uint bits = BitConverter.SingleToUInt32Bits(x);
        int e = (int)(bits >> 23) - 127;
        if (_cellBase is null || e < MinOctave || e > MaxOctave || (bits >> 31) != 0) return Index(x);
        uint frac = bits & 0x7FFFFF;
        int cell = (int)(frac >> (23 - CellBits));
        double m = 1 + frac * (1.0 / (1 << 23)); // exact: the mantissa in [1, 2)
        return e * PerOctave + _cellBase[cell] + (_cellNext![cell] <= m ? 1 : 0);
    }

    public double Lower(int i) => Math.Pow(2, (double)i / PerOctave);
    public double Upper(int i) => Math.Pow(2, (double)(i + 1) / PerOctave);
}
