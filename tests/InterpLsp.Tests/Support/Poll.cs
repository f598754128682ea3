using System.Diagnostics;

namespace InterpLsp.Tests.Support;

/// <summary>
/// Waiting for a condition with a generous bound, instead of a fixed sleep or a fixed number of tries: on a loaded
/// machine background work (start directions, notifications sent apart from replies) may take far longer than
/// usual, and a test must not fail for that. The bound only stops a test that would otherwise hang.
/// </summary>
public static class Poll
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Calls <paramref name="probe"/> until <paramref name="done"/> holds for what it returns, or until
    /// <paramref name="timeout"/> (default <see cref="DefaultTimeout"/>) has passed; returns the last value either way,
    /// so that the caller's assertions say what was seen.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null, int intervalMs = 20)
    {
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (done(value) || clock.Elapsed >= limit) return value;
            await Task.Delay(intervalMs);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds (true) or <paramref name="timeout"/> (default
    /// <see cref="DefaultTimeout"/>) has passed (false).</summary>
    public static async Task<bool> UntilAsync(Func<bool> condition, TimeSpan? timeout = null, int intervalMs = 20)
    {
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed >= limit) return false;
            await Task.Delay(intervalMs);
        }
        return true;
    }
}
