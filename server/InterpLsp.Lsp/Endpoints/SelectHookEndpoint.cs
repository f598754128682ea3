using InterpLsp.Lsp.Handlers;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;

namespace InterpLsp.Lsp.Endpoints;

/// <summary>interp/selectHook: the hook every document is analysed at (loads the model when needed, off the LSP
/// thread, with progress).</summary>
public sealed class SelectHookEndpoint(ServerSession session) : Endpoint<SelectHookParams, Selection>(session, InterpProtocol.SelectHook)
{
    protected override async Task<Selection> HandleAsync(SelectHookParams p, CancellationToken ct)
    {
        var hook = Required(p.Hook, "hook");
        await using var progress = await WorkDoneProgress.BeginAsync(Session, p.WorkDoneToken, "Interp: select hook", hook, ct);
        return Describe.Selection(Engine, await Task.Run(() => LspErrors.Translate(() => Engine.SelectHook(hook)), progress.Cancellation));
    }
}
