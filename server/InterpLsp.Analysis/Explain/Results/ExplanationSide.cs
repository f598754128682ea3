using Newtonsoft.Json;

namespace InterpLsp.Analysis.Explain.Results;

/// <summary>The explanation of one side of a direction (its positive or its negative activations).</summary>
public sealed class ExplanationSide
{
    /// <summary><c>positive</c> or <c>negative</c>.</summary>
    [JsonProperty("side")] public string Side { get; set; } = "positive";
    /// <summary>The direction fires on this side where its value (negated for the negative side) is above this.</summary>
    [JsonProperty("threshold")] public double Threshold { get; set; }
    /// <summary>Which threshold of the rule it is, in words ("the top 0.3 % of the proposing half's tokens", "the
    /// natural boundary 0"); empty when none could be tried.</summary>
    [JsonProperty("threshold_rule")] public string ThresholdRule { get; set; } = "";
    /// <summary>Every threshold tried, with the best candidates' held-out IoU and F1 there (for the threshold plot).</summary>
    [JsonProperty("thresholds")] public List<ThresholdPoint> Thresholds { get; set; } = new();
    /// <summary>Held-out tokens, documents, and tokens where it fires.</summary>
    [JsonProperty("tokens")] public long Tokens { get; set; }
    [JsonProperty("documents")] public long Documents { get; set; }
    [JsonProperty("fires")] public long Fires { get; set; }
    /// <summary>Candidates generated and scored (the number the significance test corrects for).</summary>
    [JsonProperty("tried")] public int Tried { get; set; }
    /// <summary>Ranked: significant candidates first, then by held-out IoU; at most a few dozen kept.</summary>
    [JsonProperty("candidates")] public List<ScoredCandidate> Candidates { get; set; } = new();
    /// <summary>The trivial answers' scores: the candidate that holds nowhere and the one that holds everywhere.</summary>
    [JsonProperty("fires_nowhere")] public BaselineScores FiresNowhere { get; set; } = null!;
    [JsonProperty("fires_everywhere")] public BaselineScores FiresEverywhere { get; set; } = null!;
    /// <summary>The null: the best held-out IoU that the same pipeline finds for each random direction at the hook.</summary>
    [JsonProperty("null_best_iou")] public List<double> NullBestIoU { get; set; } = new();
    [JsonProperty("coverage")] public Coverage? Coverage { get; set; }
    [JsonProperty("modes")] public List<Mode> Modes { get; set; } = new();
    [JsonProperty("cover", NullValueHandling = NullValueHandling.Ignore)] public ModeCover? Cover { get; set; }
    /// <summary>The residual parts (<see cref="Pipeline.ResidualPart"/>): where the side fires at the rule's next broader
    /// share but its first candidate (and each earlier part's first) does not hold, with their own candidates; empty when
    /// there is none.</summary>
    [JsonProperty("residual")] public List<ResidualMode> Residual { get; set; } = new();
    /// <summary>One of <c>well_explained</c>, <c>mixture</c>, <c>abstract_cover</c>, <c>partly</c>,
    /// <c>unexplained</c>, <c>never_fires</c>.</summary>
    [JsonProperty("verdict_kind")] public string VerdictKind { get; set; } = "";
    [JsonProperty("verdict")] public string Verdict { get; set; } = "";

    /// <summary>What the covering search by meaning reads after the pipeline (never written): the side as a target, its
    /// modes' firing tokens, the tokens of the modes' candidates joined by OR.</summary>
    [JsonIgnore] internal Pipeline.SideTarget? Target { get; set; }
    [JsonIgnore] internal List<bool[]>? ModeMasks { get; set; }
    [JsonIgnore] internal int[]? UnionSet { get; set; }
}

/// <summary>One threshold the rule tried for a side: how many tokens fire above it, the proxy's proposing-half IoU (what
/// the choice reads: the best word-list, token-list or single WordNet concept candidate's), and, on the held-out half, that proxy candidate
/// and the side's chosen top candidate scored there.</summary>
public sealed class ThresholdPoint
{
    /// <summary>The top share of the proposing half's tokens; null for the natural boundary 0.</summary>
    [JsonProperty("share")] public double? Share { get; set; }
    [JsonProperty("rule")] public string Rule { get; set; } = "";
    [JsonProperty("threshold")] public double Threshold { get; set; }
    [JsonProperty("propose_fires")] public int ProposeFires { get; set; }
    [JsonProperty("heldout_fires")] public int HeldOutFires { get; set; }
    /// <summary>Why it was skipped (too few firing tokens); null when tried.</summary>
    [JsonProperty("skipped", NullValueHandling = NullValueHandling.Ignore)] public string? Skipped { get; set; }
    [JsonProperty("chosen")] public bool Chosen { get; set; }
    [JsonProperty("propose_best_iou")] public double ProposeBestIoU { get; set; }
    /// <summary>The proxy's best candidate at this threshold (a word or token list, best by proposing-half IoU; the
    /// threshold choice's proxy), with its held-out IoU and F1.</summary>
    [JsonProperty("best_id")] public string BestId { get; set; } = "";
    [JsonProperty("best_label")] public string BestLabel { get; set; } = "";
    [JsonProperty("best_iou")] public double BestIoU { get; set; }
    [JsonProperty("best_f1")] public double BestF1 { get; set; }
    /// <summary>The side's top candidate (at the threshold chosen) scored against this threshold's firing tokens.</summary>
    [JsonProperty("top_iou")] public double TopIoU { get; set; }
    [JsonProperty("top_f1")] public double TopF1 { get; set; }
}

/// <summary>Up to three candidates greedily combined into one least-squares linear predictor of the side's
/// value (fitted on the proposing half, R^2 on the held-out half).</summary>
public sealed class Coverage
{
    [JsonProperty("terms")] public List<string> Terms { get; set; } = new();
    [JsonProperty("labels")] public List<string> Labels { get; set; } = new();
    [JsonProperty("coefficients")] public List<double> Coefficients { get; set; } = new();
    [JsonProperty("intercept")] public double Intercept { get; set; }
    [JsonProperty("r2")] public Score R2 { get; set; } = null!;
    /// <summary>The mean of the side's value on the proposing half (the per-token share is measured from it).</summary>
    [JsonProperty("mean")] public double Mean { get; set; }
}

/// <summary>A cluster of the top-activating tokens (k-means on the hidden state at the token).</summary>
public sealed class Mode
{
    [JsonProperty("index")] public int Index { get; set; }
    /// <summary>Its share of the firing tokens.</summary>
    [JsonProperty("share")] public double Share { get; set; }
    [JsonProperty("size")] public int Size { get; set; }
    [JsonProperty("examples")] public List<ModeExample> Examples { get; set; } = new();
    /// <summary>Its best candidates, scored against this mode's firing tokens only.</summary>
    [JsonProperty("candidates")] public List<ScoredCandidate> Candidates { get; set; } = new();
}

/// <summary>The residual part of a side: the tokens above the threshold of one of the rule's broader shares (the side's
/// own threshold when it fires on the broadest already) that the side's first candidate does not hold on, and the candidates that best fit them (scored on the held-out half
/// against them only; p against the side's null, so a weak second part is named, not called significant).</summary>
public sealed class ResidualMode
{
    /// <summary>The threshold (broader, or the side's own), and the top share of the proposing half it leaves firing.</summary>
    [JsonProperty("threshold")] public double Threshold { get; set; }
    [JsonProperty("share")] public double Share { get; set; }
    /// <summary>The candidates whose tokens were taken out (the side's first, then each earlier residual part's first).</summary>
    [JsonProperty("after_ids")] public List<string> AfterIds { get; set; } = new();
    [JsonProperty("after_labels")] public List<string> AfterLabels { get; set; } = new();
    /// <summary>Residual tokens on the proposing and held-out halves.</summary>
    [JsonProperty("propose_size")] public int ProposeSize { get; set; }
    [JsonProperty("heldout_size")] public int HeldOutSize { get; set; }
    [JsonProperty("examples")] public List<ModeExample> Examples { get; set; } = new();
    [JsonProperty("candidates")] public List<ScoredCandidate> Candidates { get; set; } = new();
}

/// <summary>One example of a mode: a token in its text.</summary>
public sealed record ModeExample(
    [property: JsonProperty("key")] string Key,
    [property: JsonProperty("text")] string Text,
    [property: JsonProperty("start")] int Start,
    [property: JsonProperty("end")] int End,
    [property: JsonProperty("value")] double Value);

/// <summary>Whether one candidate explains the union of the modes as well as the modes' own best candidates
/// together (their OR).</summary>
public sealed class ModeCover
{
    [JsonProperty("union_id")] public string UnionId { get; set; } = "";
    [JsonProperty("union_label")] public string UnionLabel { get; set; } = "";
    [JsonProperty("union_iou")] public Score UnionIoU { get; set; } = null!;
    [JsonProperty("single_id")] public string SingleId { get; set; } = "";
    [JsonProperty("single_label")] public string SingleLabel { get; set; } = "";
    [JsonProperty("single_iou")] public Score SingleIoU { get; set; } = null!;
    [JsonProperty("covers")] public bool Covers { get; set; }
    /// <summary>Candidates tried as the one covering concept (WordNet ancestors, predictability, others).</summary>
    [JsonProperty("tried")] public List<string> Tried { get; set; } = new();
    /// <summary>The covering concepts searched by meaning (<see cref="Covering.MeaningCover"/>); null where the search did
    /// not run (no gloss embeddings, no sentence model).</summary>
    [JsonProperty("by_meaning", NullValueHandling = NullValueHandling.Ignore)] public MeaningCoverResult? ByMeaning { get; set; }
}

/// <summary>The covering search by meaning: WordNet concepts whose glosses the sentence model places near the firing
/// contexts of every mode (chosen on the proposing half), each scored on the held-out half as a free-text hypothesis
/// (delphi's embedding scorer: the AUROC of the gloss's cosine with each context, firing against not), beside random
/// glosses and the modes' own candidates joined by OR scored the same way.</summary>
public sealed class MeaningCoverResult
{
    /// <summary>The concepts tried, in the order the proposing half chose them (the first is the one tested).</summary>
    [JsonProperty("tried")] public List<CoveringConcept> Tried { get; set; } = new();
    /// <summary>The modes' candidates joined by OR, as a 0/1 score of the same held-out contexts.</summary>
    [JsonProperty("union_auroc")] public Score UnionAuroc { get; set; } = null!;
    /// <summary>True when the first concept beats the random glosses (p &lt; 0.05) and reaches the union's AUROC
    /// (within <see cref="Pipeline.UnionTest.CoverSlack"/>).</summary>
    [JsonProperty("covers")] public bool Covers { get; set; }
    /// <summary>Held-out contexts scored: where the side fires, and where it does not.</summary>
    [JsonProperty("activating")] public int Activating { get; set; }
    [JsonProperty("non_activating")] public int NonActivating { get; set; }
    /// <summary>How many glosses were searched, and how many random ones make the null.</summary>
    [JsonProperty("pool")] public int Pool { get; set; }
    [JsonProperty("random_glosses")] public int RandomGlosses { get; set; }
}

/// <summary>One concept tried by meaning, with its gloss and its held-out scores.</summary>
public sealed class CoveringConcept
{
    [JsonProperty("synset")] public string Synset { get; set; } = "";
    [JsonProperty("label")] public string Label { get; set; } = "";
    [JsonProperty("gloss")] public string Gloss { get; set; } = "";
    /// <summary>On the proposing half: the smallest, over the modes, cosine of the gloss with the mode's contexts'
    /// mean minus the non-firing contexts' mean (what chose it).</summary>
    [JsonProperty("selection")] public double Selection { get; set; }
    [JsonProperty("auroc")] public Score Auroc { get; set; } = null!;
    /// <summary>Share of random glosses whose AUROC is at least as high (with one added above and below).</summary>
    [JsonProperty("p")] public double P { get; set; }
    [JsonProperty("random_mean")] public double RandomMean { get; set; }
    [JsonProperty("random_p95")] public double RandomP95 { get; set; }
}
