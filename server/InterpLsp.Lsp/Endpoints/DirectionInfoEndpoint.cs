using InterpLsp.Lsp.Handlers;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;

namespace InterpLsp.Lsp.Endpoints;

/// <summary>interp/directionInfo: what a loaded direction is.</summary>
public sealed class DirectionInfoEndpoint(ServerSession session) : Endpoint<DirectionIdParams, DirectionInfo>(session, InterpProtocol.DirectionInfo)
{
    protected override Task<DirectionInfo> HandleAsync(DirectionIdParams p, CancellationToken ct) =>
        Task.FromResult(Describe.Direction(Engine, Direction(p.Id)));
}
