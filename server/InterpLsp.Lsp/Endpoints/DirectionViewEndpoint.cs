using InterpLsp.Analysis.Reports;
using InterpLsp.Analysis.Runs;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;

namespace InterpLsp.Lsp.Endpoints;

/// <summary>interp/directionView: the direction view's HTML, the same page as <c>interp-lsp report</c>, with a tested
/// hypothesis above the stored explanation when the params carry one.</summary>
public sealed class DirectionViewEndpoint(ServerSession session) : Endpoint<DirectionViewParams, DirectionView>(session, InterpProtocol.DirectionView)
{
    protected override async Task<DirectionView> HandleAsync(DirectionViewParams p, CancellationToken ct)
    {
        var d = Direction(p.Id);
        if (p.Hypothesis is { } hy && hy.DirectionHash.Length > 0 && hy.DirectionHash != d.Hash)
            throw LspErrors.InvalidParams($"{InterpProtocol.DirectionView.Method}: the hypothesis was tested on another direction ({hy.Direction}), not {d.Name}");
        await using var progress = await WorkDoneProgress.BeginAsync(Session, p.WorkDoneToken, "Interp: direction view", d.Name, ct);
        var html = await Task.Run(() => LspErrors.Translate(() => DirectionReportHtml.Render(ReportRun.Build(Engine, Engine.Library, d) with { Hypothesis = p.Hypothesis })), progress.Cancellation);
        return new DirectionView { Id = d.Id, Title = $"Direction: {d.Name}", Html = html };
    }
}
