using InterpLsp.Analysis.Reports;
using InterpLsp.Analysis.Runs;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;

namespace InterpLsp.Lsp.Endpoints;

/// <summary>interp/directionView: the direction view's HTML, the same page as <c>interp-lsp report</c>.</summary>
public sealed class DirectionViewEndpoint(ServerSession session) : Endpoint<DirectionIdParams, DirectionView>(session, InterpProtocol.DirectionView)
{
    protected override async Task<DirectionView> HandleAsync(DirectionIdParams p, CancellationToken ct)
    {
        var d = Direction(p.Id);
        await using var progress = await WorkDoneProgress.BeginAsync(Session, p.WorkDoneToken, "Interp: direction view", d.Name, ct);
        var html = await Task.Run(() => LspErrors.Translate(() => DirectionReportHtml.Render(ReportRun.Build(Engine, Engine.Library, d))), progress.Cancellation);
        return new DirectionView { Id = d.Id, Title = $"Direction: {d.Name}", Html = html };
    }
}
