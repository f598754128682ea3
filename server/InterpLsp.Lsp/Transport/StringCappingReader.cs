namespace InterpLsp.Lsp.Transport;

/// <summary>
/// A TextReader over JSON text that passes through at most <c>maxStringChars</c> characters of
/// each string literal (member names included) and drops the rest, so that a JsonTextReader scanning a huge message
/// (e.g. a 20 MB didOpen "text") never materialises a huge string. Structure, keys and short
/// values come through unchanged. Escape sequences are kept or dropped whole, so the output
/// stays valid JSON whenever the input is.
/// </summary>
internal sealed class StringCappingReader(TextReader inner, int maxStringChars) : TextReader
{
    private enum State { Outside, InString, AfterBackslash, UnicodeHex }

    private State _state;
    private int _hexLeft;           // hex digits of a "\uXXXX" escape still to come
    private bool _droppingEscape;   // the current escape started past the cap: drop all of it
    private int _run;               // characters of the current string seen so far
    private char[] _scratch = Array.Empty<char>();

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        if (buffer.IsEmpty) return 0;
        if (_scratch.Length < buffer.Length) _scratch = new char[buffer.Length];
        while (true)
        {
            int n = inner.Read(_scratch, 0, buffer.Length);
            if (n == 0) return 0;
            int written = Filter(_scratch.AsSpan(0, n), buffer);
            if (written > 0) return written;   // never report 0 (end of input) while input remains
        }
    }

    public override int Read()
    {
        Span<char> one = stackalloc char[1];
        return Read(one) == 0 ? -1 : one[0];
    }

    public override int Peek() => -1;   // not supported; JsonTextReader only uses Read(char[], int, int)

    private int Filter(ReadOnlySpan<char> input, Span<char> output)
    {
        int w = 0;
        foreach (char c in input)
        {
            bool keep = true;
            switch (_state)
            {
                case State.Outside:
                    if (c == '"') { _state = State.InString; _run = 0; }
                    break;
                case State.InString:
                    if (c == '"') { _state = State.Outside; break; }
                    keep = _run++ < maxStringChars;
                    if (c == '\\') { _state = State.AfterBackslash; _droppingEscape = !keep; }
                    break;
                case State.AfterBackslash:
                    keep = !_droppingEscape;
                    if (c == 'u') { _state = State.UnicodeHex; _hexLeft = 4; }
                    else _state = State.InString;
                    break;
                case State.UnicodeHex:
                    keep = !_droppingEscape;
                    if (--_hexLeft == 0) _state = State.InString;
                    break;
            }
            if (keep) output[w++] = c;
        }
        return w;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
