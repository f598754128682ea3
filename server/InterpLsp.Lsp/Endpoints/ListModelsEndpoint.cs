using InterpLsp.Analysis.Engine;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;
using InterpLsp.Model.HuggingFace;

namespace InterpLsp.Lsp.Endpoints;

/// <summary>interp/listModels: the models the picker offers (directory listings and config.json files only).</summary>
public sealed class ListModelsEndpoint(ServerSession session) : Endpoint<WorkDoneParams, ModelList>(session, InterpProtocol.ListModels)
{
    protected override async Task<ModelList> HandleAsync(WorkDoneParams p, CancellationToken ct)
    {
        var found = await Task.Run(() => ModelCatalog.List(Engine.Models, Session.ModelFolders), ct);
        return new ModelList
        {
            Active = Engine.Selection.ModelId,
            Cache = HfHubCache.Root,
            Models = found.Select(m => new ModelChoice
            {
                Model = m.Model, Name = m.Name, Source = m.Source, Path = m.Path, Architecture = m.Architecture, Loaded = m.Loaded,
            }).ToList(),
        };
    }
}
