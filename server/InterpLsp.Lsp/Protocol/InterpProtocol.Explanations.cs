using InterpLsp.Analysis.Explain.Results;

namespace InterpLsp.Lsp.Protocol;

/// <summary>Explanations: computing them and testing the user's own.</summary>
public static partial class InterpProtocol
{
    /// <summary>Candidate explanations of a direction on a corpus (<c>default</c> when absent, <c>all</c>,
    /// <c>workspace</c>, or a path: see <see cref="InterpLsp.Analysis.Corpora.CorpusResolver"/>), scanned first when
    /// needed (with progress, cancellable), stored in the library: the result of <c>interp-lsp explain --json</c>
    /// (camelCase on the wire, as every type here).</summary>
    public static readonly RequestType<CorpusParams, ExplanationResult> Explain = Action<CorpusParams, ExplanationResult>("explain", "id", "corpus");
    /// <summary>Scores the user's hypothesis against a direction: <c>kind</c> is <c>words</c> (<c>value</c> a list
    /// separated by commas, semicolons or spaces), <c>regex</c> or <c>text</c>; the result of
    /// <c>interp-lsp test-explanation --json</c>.</summary>
    public static readonly RequestType<TestExplanationParams, HypothesisResult> TestExplanation = Action<TestExplanationParams, HypothesisResult>("testExplanation", "id", "kind", "value");
    /// <summary>The server's one rendering of an explanation or a hypothesis result (the CLI prints the same text):
    /// what a client shows instead of rendering results itself.</summary>
    public static readonly RequestType<ExplanationTextParams, RenderedExplanation> ExplanationText = Request<ExplanationTextParams, RenderedExplanation>("interp/explanationText");
}

public sealed class TestExplanationParams : DirectionIdParams
{
    /// <summary>"words", "regex" or "text".</summary>
    public string Kind { get; set; } = "";
    public string? Value { get; set; }
}

/// <summary>An explanation or a hypothesis result to render (exactly one of the two).</summary>
public sealed class ExplanationTextParams
{
    public ExplanationResult? Explanation { get; set; }
    public HypothesisResult? Hypothesis { get; set; }
}

/// <summary>A result as text: <see cref="InterpLsp.Analysis.Reports.ExplanationText"/>'s rendering.</summary>
public sealed class RenderedExplanation
{
    /// <summary>The report as plain text (what <c>interp-lsp explain</c> prints).</summary>
    public required string Plain { get; init; }
    /// <summary>The same report as Markdown.</summary>
    public required string Markdown { get; init; }
    /// <summary>The verdict in one short sentence, for a notification.</summary>
    public required string Summary { get; init; }
}
