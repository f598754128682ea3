using InterpLsp.Lsp.Handlers;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;

namespace InterpLsp.Lsp.Endpoints;

/// <summary>interp/selectModel: the model every document is analysed with. Loads it off the LSP thread with progress
/// (seconds to minutes for a large checkpoint); the documents repaint when it is ready.</summary>
public sealed class SelectModelEndpoint(ServerSession session) : Endpoint<SelectModelParams, Selection>(session, InterpProtocol.SelectModel)
{
    protected override async Task<Selection> HandleAsync(SelectModelParams p, CancellationToken ct)
    {
        var model = Required(p.Model, "model");
        await using var progress = await WorkDoneProgress.BeginAsync(Session, p.WorkDoneToken, "Interp: loading model", model, ct);
        var s = await Task.Run(() => LspErrors.Translate(() =>
        {
            Engine.SelectModel(model, fixHookInBackground: false);
            return Engine.FixHookForModel();
        }), progress.Cancellation);
        return Describe.Selection(Engine, s);
    }
}
