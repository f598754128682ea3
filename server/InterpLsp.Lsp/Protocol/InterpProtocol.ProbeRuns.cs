namespace InterpLsp.Lsp.Protocol;

/// <summary>Examples, probes, scans and the direction view.</summary>
public static partial class InterpProtocol
{
    /// <summary>Adds text (an editor selection) to the workspace's example set (<c>.interp/datasets/examples.jsonl</c>)
    /// as a "positive" or "negative" example; <c>source</c> says where it came from.</summary>
    public static readonly RequestType<AddExampleParams, ExampleSetInfo> AddExample = Action<AddExampleParams, ExampleSetInfo>("addExample", "text", "label", "source");
    /// <summary>Trains a probe from the workspace's example set at the selected hook, stores it in the library and
    /// makes it active (runs on the inference queue, with progress; cancellable).</summary>
    public static readonly RequestType<TrainProbeParams, TrainedProbe> TrainProbe = Action<TrainProbeParams, TrainedProbe>("trainProbe", "method", "name");
    /// <summary>Scans a corpus (<c>default</c>, also when absent, <c>all</c>, <c>workspace</c>, or a path: see
    /// <see cref="InterpLsp.Analysis.Corpora.CorpusResolver"/>) for a direction in the
    /// background class, stores the result in the library; the hover and paint scale then use its percentiles.</summary>
    public static readonly RequestType<CorpusParams, ScanSummary> ScanCorpus = Action<CorpusParams, ScanSummary>("scanCorpus", "id", "corpus");
    /// <summary>The direction view's HTML (the same page as <c>interp-lsp report</c>); with a tested hypothesis (the
    /// result of <c>interp/testExplanation</c>), the page shows it above the stored explanation.</summary>
    public static readonly RequestType<DirectionViewParams, DirectionView> DirectionView = Action<DirectionViewParams, DirectionView>("directionView", "id");
}

public sealed class AddExampleParams : WorkDoneParams
{
    public string Text { get; set; } = "";
    /// <summary>"positive" or "negative".</summary>
    public string Label { get; set; } = "";
    /// <summary>Where the text came from (a file and line), kept beside it.</summary>
    public string? Source { get; set; }
}

public sealed class TrainProbeParams : WorkDoneParams
{
    /// <summary>"logistic" (also when absent), "pca-diff" or "mass-mean".</summary>
    public string? Method { get; set; }
    /// <summary>The probe's library name ("probe" when absent).</summary>
    public string? Name { get; set; }
}

/// <summary>A direction and a corpus (<c>default</c> when absent: see <see cref="InterpLsp.Analysis.Corpora.CorpusResolver"/>).</summary>
public sealed class CorpusParams : DirectionIdParams
{
    public string? Corpus { get; set; }
}

/// <summary>What <c>interp.addExample</c> answers: the workspace's example set after the addition.</summary>
public sealed class ExampleSetInfo
{
    /// <summary>The dataset file (JSONL, in the workspace's <c>.interp/datasets/</c>).</summary>
    public required string Path { get; init; }
    public int Positives { get; init; }
    public int Negatives { get; init; }
}

/// <summary>A probe's held-out report (field-anchors.md definitions).</summary>
public sealed class ProbeReportInfo
{
    public required string Method { get; init; }
    public required string Pooling { get; init; }
    public required string Hook { get; init; }
    /// <summary>Null when the examples are too few for a held-out split (then so are the other scores).</summary>
    public double? Accuracy { get; init; }
    public double? Auroc { get; init; }
    public double? F1 { get; init; }
    /// <summary>Accuracy minus the accuracy of the same method trained on shuffled labels.</summary>
    public double? Selectivity { get; init; }
    public int NTrain { get; init; }
    public int NTest { get; init; }
    /// <summary>Rows whose text was already in the data (every copy of a text stays on one side of the split).</summary>
    public int NDuplicateRows { get; init; }
    public required List<string> Warnings { get; init; }
}

/// <summary>What <c>interp.trainProbe</c> answers: the stored probe (now the active direction) and its report.</summary>
public sealed class TrainedProbe
{
    public required DirectionInfo Direction { get; init; }
    public required ProbeReportInfo Report { get; init; }
}

/// <summary>What <c>interp.scanCorpus</c> answers once the scan is stored in the library.</summary>
public sealed class ScanSummary
{
    public required string Direction { get; init; }
    public required string Corpus { get; init; }
    public long Documents { get; init; }
    public long Tokens { get; init; }
    public double Seconds { get; init; }
    /// <summary>True when the hidden states came from the activation store (no forward pass).</summary>
    public bool FromStore { get; init; }
    public required List<string> Warnings { get; init; }
}

/// <summary>A direction to show, and optionally a hypothesis tested on it to show with it (the command form takes only the id).</summary>
public sealed class DirectionViewParams : DirectionIdParams
{
    /// <summary>A result of <c>interp/testExplanation</c> on this direction (its <c>directionHash</c> must be the direction's).</summary>
    public Analysis.Explain.Results.HypothesisResult? Hypothesis { get; set; }
}

/// <summary>The direction view: the same HTML as <c>interp-lsp report</c>.</summary>
public sealed class DirectionView
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Html { get; init; }
}
