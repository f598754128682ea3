using InterpLsp.Interp.IO;
using InterpLsp.Lsp.Handlers;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;

namespace InterpLsp.Lsp.Endpoints;

/// <summary>interp/loadDirection: loads a direction file, a neuron or a library entry and makes it active.</summary>
public sealed class LoadDirectionEndpoint(ServerSession session) : Endpoint<LoadDirectionParams, Selection>(session, InterpProtocol.LoadDirection)
{
    protected override async Task<Selection> HandleAsync(LoadDirectionParams p, CancellationToken ct)
    {
        var spec = Required(p.Spec, "spec");
        await using var progress = await WorkDoneProgress.BeginAsync(Session, p.WorkDoneToken, "Interp: load direction", Echo.Input(spec), ct);
        if (!Engine.ModelLoaded) await progress.ReportAsync("loading the model");
        var token = progress.Cancellation;
        await Task.Run(() => LspErrors.Translate(() => Engine.LoadDirection(spec, Session.RootPath, makeActive: true, token)), token);
        return Describe.Selection(Engine, Engine.Selection);
    }
}
