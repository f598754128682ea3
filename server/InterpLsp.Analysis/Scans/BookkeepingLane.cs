using System.Runtime.ExceptionServices;

namespace InterpLsp.Analysis.Scans;

/// <summary>
/// One worker thread that runs a scan's per-token bookkeeping (projections and accumulators) in the order it was
/// posted, while the posting thread goes on with the next forward pass. At most <c>capacity</c> items wait (each is
/// one forward batch's outputs), so memory stays bounded: <see cref="Post"/> blocks while the queue is full.
/// An item's exception stops the lane: the waiting items are dropped, and <see cref="Post"/>, <see cref="Drain"/> and
/// <see cref="ThrowIfFailed"/> rethrow it on the posting thread. The thread ends after a second without work and
/// starts again on the next post; <see cref="Dispose"/> drops what waits and joins the item that runs.
/// </summary>
internal sealed class BookkeepingLane(int capacity) : IDisposable
{
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(1);

    private readonly Queue<Action> _queue = new();
    private readonly object _lock = new();
    private Thread? _thread;
    private int _unfinished; // posted and not yet done
    private ExceptionDispatchInfo? _failure;
    private bool _closed;

    /// <summary>Queues <paramref name="work"/>, waiting while <c>capacity</c> items wait already.</summary>
    public void Post(Action work)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            while (_queue.Count >= capacity && _failure is null) Monitor.Wait(_lock);
            _failure?.Throw();
            _queue.Enqueue(work);
            _unfinished++;
            if (_thread is null)
            {
                _thread = new Thread(Loop) { IsBackground = true, Name = "interp-lsp scan bookkeeping" };
                _thread.Start();
            }
            else Monitor.PulseAll(_lock);
        }
    }

    /// <summary>Waits until everything posted is done; rethrows an item's exception.</summary>
    public void Drain()
    {
        lock (_lock)
        {
            while (_unfinished > 0 && _failure is null) Monitor.Wait(_lock);
            _failure?.Throw();
        }
    }

    public void ThrowIfFailed()
    {
        lock (_lock) _failure?.Throw();
    }

    private void Loop()
    {
        while (true)
        {
            Action work;
            lock (_lock)
            {
                while (_queue.Count == 0)
                {
                    if (_closed || !Monitor.Wait(_lock, Linger) && _queue.Count == 0)
                    {
                        _thread = null;
                        Monitor.PulseAll(_lock);
                        return;
                    }
                }
                work = _queue.Dequeue();
                Monitor.PulseAll(_lock); // room for the next post
            }
            try { work(); }
            catch (Exception e)
            {
                lock (_lock)
                {
                    _failure = ExceptionDispatchInfo.Capture(e);
                    _unfinished = 0;
                    _queue.Clear();
                    _thread = null;
                    Monitor.PulseAll(_lock);
                }
                return;
            }
            lock (_lock)
            {
                _unfinished--;
                if (_unfinished == 0) Monitor.PulseAll(_lock);
            }
        }
    }

    public void Dispose()
    {
        Thread? running;
        lock (_lock)
        {
            if (_closed) return;
            _closed = true;
            _unfinished -= _queue.Count;
            _queue.Clear();
            running = _thread;
            Monitor.PulseAll(_lock);
        }
        if (running is not null && running != Thread.CurrentThread) running.Join();
    }
}
