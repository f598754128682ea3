using Newtonsoft.Json;

namespace InterpLsp.Analysis.Explain.Results;

/// <summary>One score on the held-out half with its bootstrap 95% interval (documents resampled) and the number
/// of tokens (or contexts) it was computed on.</summary>
public sealed record Score(
    [property: JsonProperty("value")] double Value,
    [property: JsonProperty("lo")] double Lo,
    [property: JsonProperty("hi")] double Hi,
    [property: JsonProperty("n")] long N)
{
    public override string ToString() => $"{Value:F2} [{Lo:F2}, {Hi:F2}]";
}

/// <summary>The primary scores (those that pass NeuronEval's two sanity checks): IoU and F1 of the candidate's set
/// against the tokens where the direction fires, AUPRC of the candidate's value as a detector of firing, Pearson
/// correlation on a uniform sample of tokens.</summary>
public sealed record PrimaryScores(
    [property: JsonProperty("iou")] Score IoU,
    [property: JsonProperty("f1")] Score F1,
    [property: JsonProperty("auprc")] Score Auprc,
    [property: JsonProperty("pearson")] Score Pearson);

/// <summary>Scores the field reports, shown as field-comparable only (NeuronEval found they barely move when an
/// explanation's labels are badly wrong): OpenAI's simulation correlation on top and random contexts mixed 1:1,
/// delphi's detection balanced accuracy and AUROC on quantile-stratified contexts.</summary>
public sealed record FieldScores(
    [property: JsonProperty("openai_correlation")] Score OpenAiCorrelation,
    [property: JsonProperty("detection_balanced_accuracy")] Score DetectionBalancedAccuracy,
    [property: JsonProperty("detection_auroc")] Score DetectionAuroc);

/// <summary>The four primary scores of a baseline (no intervals).</summary>
public sealed record BaselineScores(
    [property: JsonProperty("iou")] double IoU,
    [property: JsonProperty("f1")] double F1,
    [property: JsonProperty("auprc")] double Auprc,
    [property: JsonProperty("pearson")] double Pearson);
