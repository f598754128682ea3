using InterpLsp.Analysis.Explain.Results;

namespace InterpLsp.Analysis.Reports;

/// <summary>Everything the direction view shows about one direction, independent of how it is drawn: the
/// webview and <c>interp-lsp report</c> render this same record (<see cref="DirectionReportHtml"/>). A tested
/// hypothesis (Interp: Test an Explanation) is shown above the stored explanation when given.</summary>
public sealed record DirectionReport(
    ReportDirection Direction,
    ReportProbe? Probe,
    ReportScan? Scan,
    IReadOnlyList<ReportSimilar> Similar,
    DateTime CreatedUtc,
    ReportExplanation? Explanation = null,
    HypothesisResult? Hypothesis = null,
    ReportLogits? Logits = null);

/// <summary>The output tokens the direction promotes and suppresses most (W_U . d through the final norm; causal models).</summary>
public sealed record ReportLogits(IReadOnlyList<(string Token, float Value)> Promoted, IReadOnlyList<(string Token, float Value)> Suppressed,
    InterpLsp.Model.Causal.NullSpaceShare? NullSpace = null);

/// <summary>The direction's latest stored explanation, and where its mode examples' documents are on disk (by document
/// key, from the scan's examples of the same documents; a key absent here is not a file).</summary>
public sealed record ReportExplanation(ExplanationResult Result, IReadOnlyDictionary<string, string> DocumentPaths);

/// <param name="Reading">For an SAE feature: how its value is read (<see cref="InterpLsp.Interp.Directions.SaeEncoder.Describe"/>,
/// lines joined by " · "); null otherwise.</param>
public sealed record ReportDirection(string Name, string Id, string Kind, string Hook, string Model, int Width, string Hash, string? Source, string? MadeBy,
    string? Reading = null);

/// <summary>A probe's held-out report (<c>n_train</c>, <c>n_test</c> and the metrics of field-anchors.md).</summary>
public sealed record ReportProbe(string Method, string Pooling, double Accuracy, double Auroc, double F1, double Selectivity,
    int NTrain, int NTest, IReadOnlyList<string> Warnings, string? DataHash);

/// <summary>One context: tokens around a hit, which one is the hit, its value, and where it is.</summary>
public sealed record ReportExample(IReadOnlyList<string> Tokens, int Hit, float Value, string DocumentKey, string? Path, long? Offset);

public sealed record ReportBin(string Label, IReadOnlyList<ReportExample> Examples);

/// <summary>Histogram bin edges (<c>Edges.Count == Counts.Count + 1</c>).</summary>
public sealed record ReportHistogram(IReadOnlyList<double> Edges, IReadOnlyList<long> Counts);

public sealed record ReportScan(
    string Corpus,
    long Documents,
    long Tokens,
    double Density,
    double Mean,
    double Min,
    double Max,
    IReadOnlyList<(string Label, double Value)> Quantiles,
    string QuantileError,
    ReportHistogram Histogram,
    IReadOnlyList<ReportExample> Top,
    IReadOnlyList<ReportBin> QuantileBins,
    IReadOnlyList<ReportExample> Random,
    DateTime? ScannedUtc);

public sealed record ReportSimilar(string Name, string Id, double Cosine);
