namespace InterpLsp.Lsp.Transport;

/// <summary>
/// A synchronous, buffered reader of raw bytes that lets <see cref="FrameGuard"/> look ahead
/// (peek a header line before deciding to consume it) and count what it skips.
/// Reads block: the guard runs on its own thread.
/// </summary>
internal sealed class ByteSource(Stream stream, int capacity = 64 * 1024)
{
    private readonly byte[] _buffer = new byte[capacity];
    private int _start, _end;
    private bool _eof;

    /// <summary>Bytes read but not yet consumed.</summary>
    public ReadOnlySpan<byte> Available => _buffer.AsSpan(_start, _end - _start);

    public int Capacity => _buffer.Length;

    /// <summary>Total bytes consumed since the start of the stream.</summary>
    public long Position { get; private set; }

    /// <summary>Reads more bytes into the buffer. False at end of stream (or when the buffer is full).</summary>
    public bool Fill()
    {
        if (_eof) return false;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) return false;
        int n = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n <= 0) { _eof = true; return false; }
        _end += n;
        return true;
    }

    public void Consume(int count)
    {
        if ((uint)count > (uint)(_end - _start)) throw new ArgumentOutOfRangeException(nameof(count));
        _start += count;
        Position += count;
    }

    /// <summary>Copies up to <paramref name="destination"/>.Length bytes; 0 only at end of stream.</summary>
    public int Read(Span<byte> destination)
    {
        if (destination.IsEmpty) return 0;
        if (_end == _start && destination.Length >= _buffer.Length && !_eof)
        {
            // Large body reads bypass the buffer.
            int direct = stream.Read(destination);
            if (direct <= 0) { _eof = true; return 0; }
            Position += direct;
            return direct;
        }
        if (_end == _start && !Fill()) return 0;
        int n = Math.Min(destination.Length, _end - _start);
        _buffer.AsSpan(_start, n).CopyTo(destination);
        Consume(n);
        return n;
    }

    /// <summary>Reads exactly <paramref name="destination"/>.Length bytes unless the stream ends; returns the count read.</summary>
    public int ReadExactly(Span<byte> destination)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int n = Read(destination[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    /// <summary>Discards up to <paramref name="count"/> bytes; returns the count discarded (less only at end of stream).</summary>
    public long Skip(long count)
    {
        long skipped = 0;
        while (skipped < count)
        {
            if (_end == _start && !Fill()) break;
            int n = (int)Math.Min(count - skipped, _end - _start);
            Consume(n);
            skipped += n;
        }
        return skipped;
    }
}
