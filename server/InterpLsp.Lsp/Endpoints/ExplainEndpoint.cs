using InterpLsp.Analysis.Corpora;
using InterpLsp.Analysis.Explain.Results;
using InterpLsp.Analysis.Runs;
using InterpLsp.Interp.IO;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;

namespace InterpLsp.Lsp.Endpoints;

/// <summary>interp/explain: candidate explanations of a direction (the one implementation the CLI calls,
/// <see cref="ExplainRun"/>, its model work on the engine's queue), off the LSP thread, with work-done progress (the
/// scan it may make first reports texts and tokens), cancellable. The result is stored in the workspace's library
/// (none without a folder) and replaces the hover card's cached one.</summary>
public sealed class ExplainEndpoint(ServerSession session) : Endpoint<CorpusParams, ExplanationResult>(session, InterpProtocol.Explain)
{
    protected override async Task<ExplanationResult> HandleAsync(CorpusParams p, CancellationToken ct)
    {
        var d = Direction(p.Id);
        var spec = Optional(p.Corpus, "corpus");
        await using var progress = await WorkDoneProgress.BeginAsync(Session, p.WorkDoneToken, "Interp: explain direction",
            $"{d.Name} on {Echo.Input(spec ?? CorpusResolver.WhenAbsent)}", ct);
        var token = progress.Cancellation;
        return await Task.Run(async () =>
        {
            var corpus = WorkspaceInputs.Corpus(Session, spec);
            var library = LspErrors.Translate(() => WorkspaceLibrary.OrEngines(Session));
            if (!Engine.ModelLoaded) await progress.ReportAsync("loading the model");
            var result = LspErrors.Translate(() => ExplainRun.Explain(Engine, library, d, corpus, WorkspaceInputs.Reporter(progress), token));
            Session.Explanations.Put(d, result);
            return result;
        }, token);
    }
}
