using InterpLsp.Analysis.Documents;
using InterpLsp.Interp.Directions;
using InterpLsp.Lsp.Documents;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;
using Range = InterpLsp.Lsp.Protocol.Range;

namespace InterpLsp.Lsp.Handlers;

/// <summary>Shared by the handlers that read activations: the current analysis of a document (from the
/// engine), the directions asked for, and position conversion.</summary>
public sealed class ActivationQueries(ServerSession session)
{
    /// <summary>Waits (asynchronously) for the analysis of the document's current text; returns it with the
    /// line index of exactly the text it analysed (to convert its offsets to positions).</summary>
    public async Task<(LineIndex Lines, DocumentAnalysis Analysis)> CurrentAsync(string? uri, CancellationToken ct)
    {
        var buffer = session.RequireDocument(uri);
        var analysis = await LspErrors.TranslateAsync(() => session.Engine.AnalysisAsync(buffer.Uri, ct));
        var lines = buffer.LineIndex;
        return (ReferenceEquals(lines.Text, analysis.Text) || lines.Text == analysis.Text ? lines : new LineIndex(analysis.Text), analysis);
    }

    /// <summary>The directions asked for (default: the active one, if it lives at the analysis's hook).</summary>
    public IReadOnlyList<Direction> DirectionsFor(DocumentAnalysis a, IReadOnlyList<string>? ids) =>
        LspErrors.Translate(() => session.Engine.DirectionsFor(a, ids));

    public Range RangeOf(LineIndex lines, int start, int end) =>
        new(lines.PositionAt(start, session.Encoding), lines.PositionAt(end, session.Encoding));

    /// <summary>Converts a client range to a UTF-16 span of the analysed text.</summary>
    public (int Start, int End) Span(LineIndex lines, Range? range) =>
        range is null ? (0, lines.Text.Length) : (lines.OffsetAt(range.Start, session.Encoding), lines.OffsetAt(range.End, session.Encoding));
}
