using Microsoft.Win32.SafeHandles;

namespace InterpLsp.Interp.Directions;

/// <summary>Positioned reads that fetch only the bytes asked for.</summary>
internal static class FileBytes
{
    /// <summary>Longest vector any reader will return; guards against reading a huge tensor by mistake.</summary>
    public const long MaxElements = 1 << 24;

    public static SafeFileHandle Open(string origin, string fullPath)
    {
        try
        {
            return File.OpenHandle(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DirectionLoadException(origin, $"cannot open file: {e.Message}", e);
        }
    }

    public static byte[] ReadAt(string origin, SafeFileHandle handle, long offset, int count)
    {
        var buffer = new byte[count];
        ReadAt(origin, handle, offset, buffer);
        return buffer;
    }

    public static void ReadAt(string origin, SafeFileHandle handle, long offset, Span<byte> buffer)
    {
        int done = 0;
        try
        {
            while (done < buffer.Length)
            {
                int n = RandomAccess.Read(handle, buffer[done..], offset + done);
                if (n == 0)
                    throw new DirectionLoadException(origin, $"file is truncated: needed {buffer.Length} bytes at offset {offset}, got {done}");
                done += n;
            }
        }
        catch (IOException e)
        {
            throw new DirectionLoadException(origin, $"cannot read file: {e.Message}", e);
        }
    }

    public static void CheckVectorLength(string origin, long elements)
    {
        if (elements > MaxElements)
            throw new DirectionLoadException(origin, $"vector has {elements} elements, more than the {MaxElements} a direction may have");
    }
}
