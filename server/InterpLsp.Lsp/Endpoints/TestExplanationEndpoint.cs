using InterpLsp.Analysis.Explain.Results;
using InterpLsp.Analysis.Runs;
using InterpLsp.Interp.IO;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;

namespace InterpLsp.Lsp.Endpoints;

/// <summary>interp/testExplanation: scores the user's hypothesis (a word list, a regex or a sentence) against a
/// direction on the default corpus, as <c>interp-lsp test-explanation</c> does (<see cref="ExplainRun"/>).</summary>
public sealed class TestExplanationEndpoint(ServerSession session) : Endpoint<TestExplanationParams, HypothesisResult>(session, InterpProtocol.TestExplanation)
{
    protected override async Task<HypothesisResult> HandleAsync(TestExplanationParams p, CancellationToken ct)
    {
        var d = Direction(p.Id);
        var hypothesis = Hypothesis(Required(p.Kind, "kind"), Optional(p.Value, "value"));
        await using var progress = await WorkDoneProgress.BeginAsync(Session, p.WorkDoneToken, "Interp: test an explanation",
            $"{d.Name}: {Echo.Input(hypothesis.Value, 80)}", ct);
        var token = progress.Cancellation;
        return await Task.Run(() =>
        {
            var corpus = WorkspaceInputs.Corpus(Session, null);
            var library = LspErrors.Translate(() => WorkspaceLibrary.OrEngines(Session));
            return LspErrors.Translate(() => ExplainRun.Test(Engine, library, d, corpus, hypothesis, WorkspaceInputs.Reporter(progress), token));
        }, token);
    }

    /// <summary>The hypothesis of the params; a bad kind or an empty value is invalid params naming it.</summary>
    public static Hypothesis Hypothesis(string kind, string? value)
    {
        try { return HypothesisInput.Parse(kind, value); }
        catch (ArgumentException e) { throw LspErrors.InvalidParams($"{InterpProtocol.TestExplanation.Name}: {e.Message}"); }
    }
}
