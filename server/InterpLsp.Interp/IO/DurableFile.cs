using System.Runtime.InteropServices;

namespace InterpLsp.Interp.IO;

/// <summary>Replaces a file so that after a crash it is either the old file (or absent) or the whole new one: the
/// bytes go to a temporary name in the same folder, are flushed to the disk (fsync), the file is renamed over the
/// final name, and the folder is flushed so the rename itself survives. Every file the tool writes in place goes
/// through here.</summary>
public static class DurableFile
{
    /// <summary>Prefix of every temporary file; what a crash leaves behind under it is swept by the library. A
    /// temporary name also ends in <c>.tmp</c>, so a search for the final names' extension never finds one.</summary>
    public const string TempPrefix = ".tmp-";

    public static void Write(string finalPath, byte[] bytes) => Write(finalPath, s => s.Write(bytes));

    /// <param name="write">Writes the new content to the stream it is given.</param>
    /// <param name="flushFolder">Flush the folder after the rename (false: the caller flushes it once after a batch).</param>
    public static void Write(string finalPath, Action<Stream> write, bool flushFolder = true)
    {
        var full = Path.GetFullPath(finalPath);
        var folder = Path.GetDirectoryName(full)!;
        var temp = Path.Combine(folder, $"{TempPrefix}{Guid.NewGuid():N}-{Path.GetFileName(full)}.tmp");
        try
        {
            using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(fs);
                fs.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
        if (flushFolder) FlushFolder(folder);
    }

    /// <summary>fsync of a folder (Linux and macOS; a no-op elsewhere): makes its renames and unlinks durable.</summary>
    public static void FlushFolder(string folder)
    {
        if (OperatingSystem.IsWindows()) return;
        try
        {
            int fd = Native.Open(folder, 0 /* O_RDONLY */);
            if (fd < 0) return;
            Native.FSync(fd);
            Native.Close(fd);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
    }

    private static class Native
    {
        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
        public static extern int FSync(int fd);

        [DllImport("libc", EntryPoint = "close", SetLastError = true)]
        public static extern int Close(int fd);
    }
}
