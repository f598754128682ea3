namespace InterpLsp.Library.Storage;

/// <summary>An advisory lock on <c>vectors/.lock</c> between processes (.NET takes flock on Unix): every writer holds
/// it shared from its first vector file until its transaction has committed; removing files nobody references
/// (the sweep on open, a delete's file) needs it exclusive and is skipped when another writer is busy, so no
/// process ever removes a file that another is about to commit. A killed process's lock goes with it.</summary>
public sealed class VectorLock : IDisposable
{
    private readonly FileStream _stream;

    private VectorLock(FileStream stream) => _stream = stream;

    public static VectorLock Shared(string folder, TimeSpan wait)
    {
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            var l = TryTake(folder, FileShare.ReadWrite);
            if (l is not null) return l;
            if (DateTime.UtcNow > deadline)
                throw new LibraryException($"{Path.Combine(folder, FileName)}: another process holds the vector lock; waited {wait.TotalSeconds:0.#} s");
            Thread.Sleep(20);
        }
    }

    /// <summary>The exclusive lock, or null at once when any other writer holds it.</summary>
    public static VectorLock? TryExclusive(string folder) => TryTake(folder, FileShare.None);

    public const string FileName = ".lock";

    private static VectorLock? TryTake(string folder, FileShare share)
    {
        try
        {
            return new VectorLock(new FileStream(Path.Combine(folder, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, share));
        }
        catch (IOException) { return null; }
    }

    public void Dispose() => _stream.Dispose();
}
