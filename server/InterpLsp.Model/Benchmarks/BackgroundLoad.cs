namespace InterpLsp.Model.Benchmarks;

/// <summary>
/// <see cref="Threads"/> busy threads (floating-point work in a loop, normal priority) running beside a measurement,
/// as an editor, a browser and a build share a laptop's cores with the server; stopped and joined on dispose.
/// </summary>
public sealed class BackgroundLoad : IDisposable
{
    private readonly Thread[] _threads;
    private volatile bool _stop;

    public BackgroundLoad(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        _threads = Enumerable.Range(0, threads).Select(i => new Thread(Spin) { IsBackground = true, Name = $"bench load {i}" }).ToArray();
        foreach (var t in _threads) t.Start();
    }

    public int Threads => _threads.Length;

    private void Spin()
    {
        double x = 1.0001;
        while (!_stop)
            for (int i = 0; i < 100_000; i++) x = x * 1.0000001 + 1e-9;
        GC.KeepAlive(x);
    }

    public void Dispose()
    {
        _stop = true;
        foreach (var t in _threads) t.Join();
    }
}
