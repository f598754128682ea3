namespace InterpLsp.Lsp.Transport;

/// <summary>A read-only view of the next <c>length</c> bytes of a <see cref="ByteSource"/>, so a
/// frame body can be streamed (e.g. into a JsonTextReader) without buffering it whole.</summary>
internal sealed class BoundedByteStream(ByteSource source, long length) : Stream
{
    public long Remaining { get; private set; } = length;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> destination)
    {
        if (Remaining == 0) return 0;
        if (destination.Length > Remaining) destination = destination[..(int)Remaining];
        int n = source.Read(destination);
        Remaining -= n;
        return n;
    }

    /// <summary>Discards the rest of the body; returns false if the input ended first.</summary>
    public bool SkipRest()
    {
        Remaining -= source.Skip(Remaining);
        return Remaining == 0;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
