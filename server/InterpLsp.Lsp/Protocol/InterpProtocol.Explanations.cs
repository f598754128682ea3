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
}

public sealed class TestExplanationParams : DirectionIdParams
{
    /// <summary>"words", "regex" or "text".</summary>
    public string Kind { get; set; } = "";
    public string? Value { get; set; }
}
