namespace InterpLsp.Interp.Directions;

/// <summary>Replaces a file so that a crash leaves either the old file or the whole new one: the bytes go to a
/// temporary file in the same folder, are flushed to the disk, and the temporary file is renamed over the path.
/// (The library's <c>DurableFile</c> also flushes the folder and names its temporary files for its sweep.)</summary>
public static class AtomicFile
{
    public static void Write(string path, byte[] bytes) => Write(path, s => s.Write(bytes));

    /// <param name="write">Writes the new content to the stream it is given.</param>
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var s = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(s);
                s.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
