using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;

namespace InterpLsp.Lsp.Endpoints;

/// <summary>interp/modelInfo: the model and its hooks (loads it when needed, off the LSP thread).</summary>
public sealed class ModelInfoEndpoint(ServerSession session) : Endpoint<WorkDoneParams, ModelInfo>(session, InterpProtocol.ModelInfo)
{
    protected override async Task<ModelInfo> HandleAsync(WorkDoneParams p, CancellationToken ct)
    {
        await using var progress = await WorkDoneProgress.BeginAsync(Session, p.WorkDoneToken, "Interp: model info", null, ct);
        var description = await Task.Run(() => LspErrors.Translate(Engine.DescribeModel), progress.Cancellation);
        return ModelInfo.From(description);
    }
}
