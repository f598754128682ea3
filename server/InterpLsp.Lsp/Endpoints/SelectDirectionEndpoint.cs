using InterpLsp.Lsp.Handlers;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;

namespace InterpLsp.Lsp.Endpoints;

/// <summary>interp/selectDirection: a loaded direction becomes the active one.</summary>
public sealed class SelectDirectionEndpoint(ServerSession session) : Endpoint<DirectionIdParams, Selection>(session, InterpProtocol.SelectDirection)
{
    protected override Task<Selection> HandleAsync(DirectionIdParams p, CancellationToken ct)
    {
        var id = Required(p.Id, "id");
        return Task.FromResult(Describe.Selection(Engine, LspErrors.Translate(() => Engine.SelectDirection(id))));
    }
}
