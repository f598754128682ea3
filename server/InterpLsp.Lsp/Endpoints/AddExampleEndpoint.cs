using InterpLsp.Analysis.Workspace;
using InterpLsp.Interp.IO;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;

namespace InterpLsp.Lsp.Endpoints;

/// <summary>interp/addExample: adds a text to the workspace's example set as a positive or negative example.</summary>
public sealed class AddExampleEndpoint(ServerSession session) : Endpoint<AddExampleParams, ExampleSetInfo>(session, InterpProtocol.AddExample)
{
    protected override Task<ExampleSetInfo> HandleAsync(AddExampleParams p, CancellationToken ct)
    {
        var text = Required(p.Text, "text");
        var label = Required(p.Label, "label");
        var source = Optional(p.Source, "source");
        bool positive = label switch
        {
            "positive" => true,
            "negative" => false,
            _ => throw LspErrors.InvalidParams($"label must be \"positive\" or \"negative\", not '{Echo.Input(label)}'"),
        };
        var set = new ExampleSet(WorkspaceInputs.InterpFolder(Session));
        var (pos, neg) = LspErrors.Translate(() => set.Add(text, positive, source));
        return Task.FromResult(new ExampleSetInfo { Path = set.Path, Positives = pos, Negatives = neg });
    }
}
