using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;
using Text = InterpLsp.Analysis.Reports.ExplanationText;

namespace InterpLsp.Lsp.Endpoints;

/// <summary>interp/explanationText: an explanation or a hypothesis result as the CLI's plain text, as Markdown and as a
/// one-sentence summary (<see cref="Text"/>, the one rendering).</summary>
public sealed class ExplanationTextEndpoint(ServerSession session)
    : Endpoint<ExplanationTextParams, RenderedExplanation>(session, InterpProtocol.ExplanationText)
{
    protected override Task<RenderedExplanation> HandleAsync(ExplanationTextParams p, CancellationToken ct) => Task.FromResult(
        (p.Explanation, p.Hypothesis) switch
        {
            ({ } e, null) => new RenderedExplanation { Plain = Text.Plain(e), Markdown = Text.Markdown(e), Summary = Text.Summary(e) },
            (null, { } h) => new RenderedExplanation { Plain = Text.Plain(h), Markdown = Text.Markdown(h), Summary = Text.Summary(h) },
            _ => throw LspErrors.InvalidParams($"{InterpProtocol.ExplanationText.Method} takes one of 'explanation' and 'hypothesis'"),
        });
}
