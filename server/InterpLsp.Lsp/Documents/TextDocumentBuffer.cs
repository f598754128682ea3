using InterpLsp.Lsp.Protocol;
using Range = InterpLsp.Lsp.Protocol.Range;

namespace InterpLsp.Lsp.Documents;

/// <summary>
/// The server's copy of one open document, kept in step with the client through
/// <c>textDocument/didChange</c> (full or incremental sync).
/// </summary>
/// <remarks>
/// The text is an immutable <see cref="string"/>, rebuilt on each change: an edit costs
/// O(document length) (one copy of the text and of the line-start array; only the edited
/// region is rescanned for line breaks; see the performance test for measured numbers), and <see cref="Text"/> costs nothing to read, which
/// matters because every consumer (parser, diagnostics) reads the whole text after a change
/// anyway. Not thread-safe: the caller serialises changes to one document.
/// </remarks>
public sealed class TextDocumentBuffer
{
    public TextDocumentBuffer(string uri, string languageId, int version, string text)
    {
        Uri = uri ?? throw new ArgumentNullException(nameof(uri));
        LanguageId = languageId ?? throw new ArgumentNullException(nameof(languageId));
        Version = version;
        LineIndex = new LineIndex(text ?? throw new ArgumentNullException(nameof(text)));
    }

    public string Uri { get; }
    public string LanguageId { get; }
    public int Version { get; private set; }
    public LineIndex LineIndex { get; private set; }
    public string Text => LineIndex.Text;

    /// <summary>
    /// Applies <c>contentChanges</c> of a didChange notification. A change with a null range
    /// replaces the whole text; otherwise its range is resolved (in <paramref name="encoding"/>,
    /// with the clamping rules of <see cref="LineIndex"/>) against the text as left by the
    /// previous change, as LSP requires. A reversed range (end before start) is treated as if
    /// its ends were swapped. The buffer is updated only if every change applies.
    /// </summary>
    public void ApplyChanges(IEnumerable<(Range? range, string text)> changes, int newVersion, PositionEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(changes);
        LineIndex index = LineIndex;
        foreach (var (range, newText) in changes)
        {
            ArgumentNullException.ThrowIfNull(newText, "change text");
            if (range is null)
            {
                index = new LineIndex(newText);
                continue;
            }
            int start = index.OffsetAt(range.Start, encoding);
            int end = index.OffsetAt(range.End, encoding);
            if (end < start) (start, end) = (end, start);
            index = index.WithEdit(start, end, newText);
        }
        LineIndex = index;
        Version = newVersion;
    }

    public int OffsetAt(Position position, PositionEncoding encoding) => LineIndex.OffsetAt(position, encoding);

    public Position PositionAt(int offset, PositionEncoding encoding) => LineIndex.PositionAt(offset, encoding);

    /// <summary>LSP range of the UTF-16 span [<paramref name="start"/>, <paramref name="end"/>).</summary>
    public Range RangeOf(int start, int end, PositionEncoding encoding) =>
        new(LineIndex.PositionAt(start, encoding), LineIndex.PositionAt(end, encoding));
}
