using InterpLsp.Lsp.Handlers;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;

namespace InterpLsp.Lsp.Endpoints;

/// <summary>interp/listDirections: the loaded directions and the workspace library's, for pick lists.</summary>
public sealed class ListDirectionsEndpoint(ServerSession session) : Endpoint<NoParams, ListDirectionsResult>(session, InterpProtocol.ListDirections)
{
    protected override Task<ListDirectionsResult> HandleAsync(NoParams p, CancellationToken ct)
    {
        List<DirectionInfo>? library = null;
        string? libraryError = Session.LibraryError;
        try
        {
            library = Engine.Library?.List().Select(Describe.LibraryEntry).ToList();
        }
        catch (InterpLsp.Library.LibraryException e) { libraryError = e.Message; }
        return Task.FromResult(new ListDirectionsResult
        {
            Active = Engine.Selection.DirectionId,
            Directions = Engine.Directions.All.Select(d => Describe.Direction(Engine, d)).ToList(),
            Library = library,
            LibraryError = libraryError,
        });
    }
}
