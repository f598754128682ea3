using System.Diagnostics;

namespace InterpLsp.Analysis.Scans;

/// <summary>At most one progress report per <see cref="Every"/>, asked from any thread: <see cref="Due"/> says
/// whether a report may go now, and if so counts it as sent.</summary>
public sealed class ProgressThrottle
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _last;

    /// <param name="every">The shortest time between two reports.</param>
    /// <param name="firstAtOnce">The first report may go at once (else only once <paramref name="every"/> has passed).</param>
    public ProgressThrottle(TimeSpan every, bool firstAtOnce)
    {
        Every = every;
        _last = firstAtOnce ? -every : TimeSpan.Zero;
    }

    public TimeSpan Every { get; }

    /// <summary>True when <see cref="Every"/> has passed since the last report (which this one then becomes).</summary>
    public bool Due()
    {
        lock (_clock)
        {
            var now = _clock.Elapsed;
            if (now - _last < Every) return false;
            _last = now;
            return true;
        }
    }
}
