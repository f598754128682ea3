using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace InterpLsp.Interp.IO;

/// <summary>
/// The one gate every file the tool reads goes through (direction files, SAELens cfg.json, the CLI's text FILE).
/// It refuses anything that is not a regular file after following symbolic links (a FIFO would block the open
/// forever, /dev/zero never ends, a socket or a block device is not a document), refuses files over a size cap,
/// and reads with a <see cref="CancellationToken"/> that is checked between chunks.
/// </summary>
public static class SafeFile
{
    /// <summary>Why <paramref name="fullPath"/> cannot be read as a document, or null when it is a regular file.
    /// The answer never quotes the file's contents, only what kind of file it is.</summary>
    public static string? Problem(string fullPath)
    {
        var kind = KindOf(fullPath, followLinks: true);
        if (kind == Kind.Regular) return null;
        string link = "";
        // a path that is missing without following links is no link at all: just a missing file
        if (KindOf(fullPath, followLinks: false) != Kind.Missing)
        try
        {
            if (File.ResolveLinkTarget(fullPath, returnFinalTarget: true) is { } target)
                link = $" (a symbolic link to {Echo.Origin(target.FullName)})";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { link = " (a symbolic link that cannot be followed)"; }
        return kind switch
        {
            Kind.Missing => $"no such file{link}",
            Kind.Directory => $"is a folder{link}, not a file",
            Kind.Fifo => $"is a named pipe (FIFO){link}, not a regular file; reading it could block forever",
            Kind.CharDevice => $"is a character device{link}, not a regular file",
            Kind.BlockDevice => $"is a block device{link}, not a regular file",
            Kind.Socket => $"is a socket{link}, not a regular file",
            _ => $"is not a regular file{link}",
        };
    }

    /// <summary>Opens a regular file for reading, after <see cref="Problem"/> and a size check; the handle is checked again
    /// (so a path swapped between the check and the open is still refused).</summary>
    /// <param name="fail">Turns a problem (one line, no file contents) into the caller's exception.</param>
    /// <param name="maxBytes">Largest file accepted (null: any size, for formats that read only a few positioned bytes).</param>
    public static SafeFileHandle Open(string fullPath, Func<string, Exception> fail, long? maxBytes = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Problem(fullPath) is { } problem) throw fail(problem);
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw fail($"cannot open file: {Echo.Input(e.Message, Echo.MaxOriginChars)}");
        }
        try
        {
            if (KindOf(handle) is var k && k != Kind.Regular && k != Kind.Unknown)
                throw fail("is not a regular file");
            long length = RandomAccess.GetLength(handle);
            if (maxBytes is long max && length > max)
                throw fail($"is {length:N0} bytes; the limit for this kind of file is {max:N0} bytes");
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>A stream over an opened file that stops at <paramref name="maxBytes"/> (the file may grow after the check)
    /// and honours <paramref name="cancellationToken"/> at every read.</summary>
    public static Stream Stream(SafeFileHandle handle, Func<string, Exception> fail, long maxBytes, CancellationToken cancellationToken) =>
        new GuardedStream(new FileStream(handle, FileAccess.Read, bufferSize: 0), fail, maxBytes, cancellationToken);

    /// <summary>All bytes of a regular file of at most <paramref name="maxBytes"/> bytes, read in chunks with cancellation.</summary>
    public static byte[] ReadAllBytes(string fullPath, Func<string, Exception> fail, long maxBytes, CancellationToken cancellationToken = default)
    {
        using var handle = Open(fullPath, fail, maxBytes, cancellationToken);
        return ReadAll(handle, fail, maxBytes, cancellationToken);
    }

    /// <summary>All bytes of an opened file, at most <paramref name="maxBytes"/>, in 64 KiB chunks with a cancellation check before each.</summary>
    public static byte[] ReadAll(SafeFileHandle handle, Func<string, Exception> fail, long maxBytes, CancellationToken cancellationToken = default)
    {
        long length = RandomAccess.GetLength(handle);
        using var ms = new MemoryStream((int)Math.Min(Math.Min(length, maxBytes), Array.MaxLength));
        var chunk = new byte[1 << 16];
        long offset = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = RandomAccess.Read(handle, chunk, offset);
            if (n == 0) return ms.ToArray();
            offset += n;
            if (offset > maxBytes) throw fail($"grew past the limit of {maxBytes:N0} bytes while being read");
            ms.Write(chunk, 0, n);
        }
    }

    private enum Kind { Unknown, Missing, Regular, Directory, Fifo, CharDevice, BlockDevice, Socket, Link }

    private static Kind KindOf(string path, bool followLinks)
    {
        if (OperatingSystem.IsWindows())
        {
            if (!File.Exists(path)) return Directory.Exists(path) ? Kind.Directory : Kind.Missing;
            return (File.GetAttributes(path) & FileAttributes.Device) != 0 ? Kind.CharDevice : Kind.Regular;
        }
        try
        {
            int rc = followLinks ? Native.Stat(path, out var st) : Native.LStat(path, out st);
            return rc != 0 ? (File.Exists(path) ? Kind.Unknown : Directory.Exists(path) ? Kind.Directory : Kind.Missing) : FromMode(st.Mode);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not the .NET runtime's usual native layer: fall back to what FileInfo can tell.
            return File.Exists(path) ? Kind.Unknown : Directory.Exists(path) ? Kind.Directory : Kind.Missing;
        }
    }

    private static Kind KindOf(SafeFileHandle handle)
    {
        if (OperatingSystem.IsWindows()) return Kind.Unknown;
        try
        {
            return Native.FStat(handle, out var st) != 0 ? Kind.Unknown : FromMode(st.Mode);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return Kind.Unknown;
        }
    }

    // File type bits as the .NET runtime's System.Native layer reports them (it maps the platform's own values to these).
    private static Kind FromMode(int mode) => (mode & 0xF000) switch
    {
        0x8000 => Kind.Regular,
        0x4000 => Kind.Directory,
        0x1000 => Kind.Fifo,
        0x2000 => Kind.CharDevice,
        0x6000 => Kind.BlockDevice,
        0xC000 => Kind.Socket,
        0xA000 => Kind.Link,
        _ => Kind.Unknown,
    };

    /// <summary>stat/lstat/fstat through the runtime's own portable native layer (libSystem.Native, shipped with every
    /// .NET runtime on Linux and macOS). Its FileStatus struct starts with int Flags, int Mode; the rest is not read,
    /// and the buffer is larger than the struct so that fields added later still fit.</summary>
    private static class Native
    {
        [StructLayout(LayoutKind.Sequential, Size = 512)]
        public struct FileStatus
        {
            public int Flags;
            public int Mode;
        }

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
        public static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, out FileStatus output);

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat", SetLastError = true)]
        public static extern int LStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, out FileStatus output);

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_FStat", SetLastError = true)]
        public static extern int FStat(SafeHandle fd, out FileStatus output);
    }

    /// <summary>Read-only wrapper: a byte budget and a cancellation check on every read.</summary>
    private sealed class GuardedStream(Stream inner, Func<string, Exception> fail, long maxBytes, CancellationToken ct) : Stream
    {
        private long _read;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            ct.ThrowIfCancellationRequested();
            int n = inner.Read(buffer);
            _read += n;
            if (_read > maxBytes) throw fail($"grew past the limit of {maxBytes:N0} bytes while being read");
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
