using InterpLsp.Analysis.Corpora;
using InterpLsp.Analysis.Engine;
using InterpLsp.Analysis.Explain.Evidence;
using InterpLsp.Analysis.Explain.Results;
using InterpLsp.Analysis.Scans;
using InterpLsp.Interp.Directions;
using InterpLsp.Library;

namespace InterpLsp.Analysis.Runs;

/// <summary>
/// Candidate explanations of a direction, the same for <c>interp-lsp explain</c>, <c>interp-lsp test-explanation</c>
/// and the LSP's <c>interp.explain</c> / <c>interp.testExplanation</c>: the evidence comes from the activation
/// store (a scan, with progress and cancellable, is made first when the corpus's states at the direction's hook
/// are not stored), and the result is stored in the library with the scan it came from.
/// </summary>
public static class ExplainRun
{
    /// <summary>Explains <paramref name="direction"/> on <paramref name="corpus"/> (null: the default sample) and
    /// stores the result when a library is given.</summary>
    public static ExplanationResult Explain(InterpEngine engine, DirectionLibrary? library, Direction direction, ICorpus? corpus,
        IProgress<ScanProgress>? progress, CancellationToken cancellation) =>
        throw new NotImplementedException("ExplainRun.Explain: being written by the lead");

    /// <summary>Scores the user's own hypothesis (a word list, a regex or free text) against the direction at once.</summary>
    public static HypothesisResult Test(InterpEngine engine, DirectionLibrary? library, Direction direction, ICorpus? corpus,
        Hypothesis hypothesis, IProgress<ScanProgress>? progress, CancellationToken cancellation) =>
        throw new NotImplementedException("ExplainRun.Test: being written by the lead");

    /// <summary>The latest stored explanation of a direction (by its content hash); null when none, or when it
    /// cannot be read (the reason goes to <paramref name="problem"/>).</summary>
    public static ExplanationResult? Stored(DirectionLibrary library, Direction direction, out string? problem)
    {
        problem = null;
        var stored = library.LatestExplanation(direction.Hash);
        if (stored is null) return null;
        try
        {
            return ExplanationResult.FromJson(stored.ResultJson, $"explanation {stored.Id} in {library.DatabasePath}");
        }
        catch (ArgumentException e)
        {
            problem = e.Message;
            return null;
        }
    }

    /// <summary>Per token of <paramref name="table"/> (one document), the share of its value that the stored
    /// explanation's linear predictor does NOT account for, in [0, 1], on the side the token's value is on;
    /// NaN where the side has no coverage or the token is at or below the side's mean.</summary>
    public static double[] UnexplainedShares(InterpEngine engine, ExplanationResult explanation, TokenTable table, ReadOnlySpan<float> values) =>
        throw new NotImplementedException("ExplainRun.UnexplainedShares: being written by the lead");
}
