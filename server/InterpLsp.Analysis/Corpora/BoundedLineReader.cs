namespace InterpLsp.Analysis.Corpora;

/// <summary>Reads a stream line by line as raw bytes, holding at most <c>maxLineBytes</c> of one line: a longer
/// line is reported as too long and its bytes are dropped while the reader scans on to its end, so memory stays
/// bounded whatever the input. Lines end at '\n'; a '\r' before it is removed.</summary>
internal sealed class BoundedLineReader(Stream stream, int maxLineBytes)
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start, _end;
    private bool _eof;
    private byte[] _line = new byte[4096];
    private int _lineLength;

    /// <summary>The 1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The next line: false at the end of the stream. <paramref name="tooLong"/> is true (and
    /// <paramref name="line"/> empty) when the line had more than the limit's bytes.</summary>
    public bool Next(out ReadOnlyMemory<byte> line, out bool tooLong)
    {
        _lineLength = 0;
        tooLong = false;
        bool any = false;
        while (true)
        {
            if (_start == _end)
            {
                if (_eof || !Fill())
                {
                    if (!any) { line = default; return false; }
                    break;
                }
            }
            any = true;
            var span = _buffer.AsSpan(_start, _end - _start);
            int nl = span.IndexOf((byte)'\n');
            var part = nl < 0 ? span : span[..nl];
            if (!tooLong)
            {
                if (_lineLength + part.Length > maxLineBytes) tooLong = true;
                else Append(part);
            }
            _start += nl < 0 ? part.Length : nl + 1;
            if (nl >= 0) break;
        }
        LineNumber++;
        if (tooLong) { line = default; return true; }
        int length = _lineLength > 0 && _line[_lineLength - 1] == (byte)'\r' ? _lineLength - 1 : _lineLength;
        line = _line.AsMemory(0, length);
        return true;
    }

    private bool Fill()
    {
        _start = 0;
        _end = stream.Read(_buffer, 0, _buffer.Length);
        if (_end == 0) _eof = true;
        return _end > 0;
    }

    private void Append(ReadOnlySpan<byte> part)
    {
        if (_lineLength + part.Length > _line.Length)
            Array.Resize(ref _line, Math.Max(_line.Length * 2, _lineLength + part.Length));
        part.CopyTo(_line.AsSpan(_lineLength));
        _lineLength += part.Length;
    }
}
