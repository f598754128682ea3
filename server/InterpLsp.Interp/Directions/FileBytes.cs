using InterpLsp.Interp.IO;
using Microsoft.Win32.SafeHandles;

namespace InterpLsp.Interp.Directions;

/// <summary>Positioned reads that fetch only the bytes asked for, and the bounds every reader keeps.</summary>
internal static class FileBytes
{
    /// <summary>Longest vector any reader will return; guards against reading a huge tensor by mistake.</summary>
    public const long MaxElements = 1 << 24;

    /// <summary>Largest JSON direction file (it is parsed as a whole stream; 16M numbers fit in well under this).</summary>
    public const long MaxJsonBytes = 64L << 20;

    /// <summary>Largest SAELens cfg.json.</summary>
    public const long MaxConfigBytes = 1L << 20;

    /// <summary>Largest .npy header (numpy writes under 200 bytes; format 1.0 cannot exceed 64 KiB).</summary>
    public const long MaxNpyHeaderBytes = 1L << 20;

    /// <summary>Opens a regular file (see <see cref="SafeFile"/>); binary formats read only positioned bytes,
    /// so they take no size cap, JSON takes <see cref="MaxJsonBytes"/>.</summary>
    public static SafeFileHandle Open(string origin, string fullPath, long? maxBytes = null, CancellationToken cancellationToken = default) =>
        SafeFile.Open(fullPath, problem => new DirectionLoadException(origin, problem), maxBytes, cancellationToken);

    public static byte[] ReadAt(string origin, SafeFileHandle handle, long offset, int count, CancellationToken cancellationToken = default)
    {
        var buffer = new byte[count];
        ReadAt(origin, handle, offset, buffer, cancellationToken);
        return buffer;
    }

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="offset"/>, in chunks of at most 1 MiB with a cancellation check before each.</summary>
    public static void ReadAt(string origin, SafeFileHandle handle, long offset, Span<byte> buffer, CancellationToken cancellationToken = default)
    {
        int done = 0;
        try
        {
            while (done < buffer.Length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int n = RandomAccess.Read(handle, buffer[done..Math.Min(buffer.Length, done + (1 << 20))], offset + done);
                if (n == 0)
                    throw new DirectionLoadException(origin, $"file is truncated: needed {buffer.Length} bytes at offset {offset}, got {done}");
                done += n;
            }
        }
        catch (IOException e)
        {
            throw new DirectionLoadException(origin, $"cannot read file: {Echo.Input(e.Message, Echo.MaxOriginChars)}", e);
        }
    }

    public static void CheckVectorLength(string origin, long elements)
    {
        if (elements > MaxElements)
            throw new DirectionLoadException(origin, $"vector has {elements} elements, more than the {MaxElements} a direction may have");
    }
}
