using InterpLsp.Analysis.Documents;
using InterpLsp.Interp.Directions;
using InterpLsp.Interp.Text;
using InterpLsp.Lsp.Documents;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;
using StreamJsonRpc;
using Range = InterpLsp.Lsp.Protocol.Range;

namespace InterpLsp.Lsp.Handlers;

/// <summary>Shared by the handlers that read activations: the current analysis of a document, and the
/// directions that can be projected on it.</summary>
public sealed class ActivationQueries(ServerSession session)
{
    /// <summary>Waits (asynchronously) for the analysis of the document's current version; returns it with the
    /// line index of exactly the text it analysed (to convert its offsets to positions).</summary>
    public async Task<(LineIndex Lines, DocumentAnalysis Analysis)> CurrentAsync(string uri, CancellationToken ct)
    {
        var buffer = session.RequireDocument(uri);
        DocumentAnalysis analysis;
        try
        {
            analysis = await session.Scheduler.WhenAnalyzedAsync(uri, buffer.Version, ct);
        }
        catch (Exception e) when (e is TextInputException or ArgumentException or InvalidDataException or KeyNotFoundException)
        {
            throw new LocalRpcException(e.Message) { ErrorCode = LspErrorCodes.RequestFailed };
        }
        var lines = buffer.LineIndex;
        return (ReferenceEquals(lines.Text, analysis.Text) || lines.Text == analysis.Text ? lines : new LineIndex(analysis.Text), analysis);
    }

    /// <summary>The directions asked for (default: the active one) that live at the analysis's hook.</summary>
    public List<Direction> DirectionsFor(DocumentAnalysis a, IReadOnlyList<string>? ids)
    {
        if (ids is null)
            return session.Library.Active is { } active && active.Hook == a.Hook ? new() { active } : new();
        var all = session.Library.All;
        var result = new List<Direction>();
        foreach (var id in ids)
        {
            var d = all.FirstOrDefault(x => x.Id == id)
                ?? throw new LocalRpcException($"no direction '{id}' is loaded") { ErrorCode = LspErrorCodes.InvalidParams };
            if (d.Hook != a.Hook)
                throw new LocalRpcException($"direction '{id}' is at {d.Hook}; the active hook is {a.Hook} (interp/setHook)") { ErrorCode = LspErrorCodes.RequestFailed };
            result.Add(d);
        }
        return result;
    }

    public Range RangeOf(LineIndex lines, int start, int end) =>
        new(lines.PositionAt(start, session.Encoding), lines.PositionAt(end, session.Encoding));

    /// <summary>Converts a client range to a UTF-16 span of the analysed text.</summary>
    public (int Start, int End) Span(LineIndex lines, Range? range) =>
        range is null ? (0, lines.Text.Length) : (lines.OffsetAt(range.Start, session.Encoding), lines.OffsetAt(range.End, session.Encoding));
}
