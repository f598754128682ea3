/**
 * Candidate explanations (interp/explain, interp/testExplanation): server/InterpLsp.Lsp/Protocol/InterpProtocol.Explanations.cs
 * and the result types of server/InterpLsp.Analysis/Explain/Results/*.cs, camelCase on the wire like every type (their
 * files' snake_case names, in camelCase).
 */
import { messagesOf, opt, req, type Schema } from "./schema";
import { InterpRules } from "./settings";
import type { CorpusParams } from "./probeRuns";
import type { DirectionIdParams } from "./selection";

export interface TestExplanationParams extends DirectionIdParams {
    /** One of {@link HypothesisKinds}. */
    kind: string;
    /** The word list, the regex or the text. */
    value?: string | null;
}

/**
 * A double of the explanation results: a number, or, where it is not finite (a Pearson correlation of a
 * constant), the string that Newtonsoft writes for it (its default FloatFormatHandling.String).
 */
export type Real = number | "NaN" | "Infinity" | "-Infinity";

/** One held-out score with its bootstrap 95% interval and the number of tokens (or contexts) it is computed on. */
export interface Score {
    value: Real;
    lo: Real;
    hi: Real;
    n: number;
}

/** The scores that pass NeuronEval's two sanity checks: IoU, F1, AUPRC, Pearson. */
export interface PrimaryScores {
    iou: Score;
    f1: Score;
    auprc: Score;
    pearson: Score;
}

/** The field's scores, shown as field-comparable only (OpenAI's correlation, delphi's detection). */
export interface FieldScores {
    openaiCorrelation: Score;
    detectionBalancedAccuracy: Score;
    detectionAuroc: Score;
}

/** A baseline's four primary scores (no intervals). */
export interface BaselineScores {
    iou: Real;
    f1: Real;
    auprc: Real;
    pearson: Real;
}

/** A candidate explanation with its held-out scores, its baselines and whether it beats the null. */
export interface ScoredCandidate {
    id: string;
    label: string;
    family: string;
    scores: PrimaryScores;
    fieldScores?: FieldScores | null;
    /** The same candidate against random directions at the same hook (the mean of each score). */
    randomDirections: BaselineScores;
    /** Its values permuted within each text (seeded), scored the same way. */
    shuffled: BaselineScores;
    /** The null p-value of its IoU (max-statistic corrected for the candidates tried). */
    p: Real;
    significant: boolean;
    /** Held-out tokens where the candidate holds. */
    holds: number;
    /** Held-out tokens where it holds and the direction fires. */
    hits: number;
}

/** Up to three candidates combined into one linear predictor of the side's value; R^2 on the held-out half. */
export interface Coverage {
    terms: string[];
    labels: string[];
    coefficients: Real[];
    intercept: Real;
    r2: Score;
    mean: Real;
}

/** One example of a mode: a token (characters [start, end)) in its text. */
export interface ModeExample {
    key: string;
    text: string;
    start: number;
    end: number;
    value: Real;
}

/** A cluster of the top-activating tokens, with its own best candidates. */
export interface Mode {
    index: number;
    /** Its share of the firing tokens (0..1). */
    share: Real;
    size: number;
    examples: ModeExample[];
    candidates: ScoredCandidate[];
}

/**
 * The residual part of a side: the tokens above one of the rule's broader thresholds (the side's own where it fires on
 * the broadest already) that the side's first candidate
 * (and each earlier residual part's first) does not hold on, with the candidates that best fit them (scored on the
 * held-out half against them only; p against the side's null).
 */
export interface ResidualMode {
    threshold: Real;
    share: Real;
    afterIds: string[];
    afterLabels: string[];
    proposeSize: number;
    heldoutSize: number;
    examples: ModeExample[];
    candidates: ScoredCandidate[];
}

/** Whether one candidate explains the union of the modes as well as the modes' own candidates OR-ed. */
export interface ModeCover {
    unionId: string;
    unionLabel: string;
    unionIou: Score;
    singleId: string;
    singleLabel: string;
    singleIou: Score;
    covers: boolean;
    tried: string[];
    byMeaning?: MeaningCoverResult | null;
}

/**
 * The covering search by meaning: WordNet concepts whose glosses the sentence model places near every mode's contexts
 * (chosen on the proposing half), scored on the held-out half by the embedding scorer beside random glosses and the
 * modes' OR.
 */
export interface MeaningCoverResult {
    tried: CoveringConcept[];
    unionAuroc: Score;
    covers: boolean;
    activating: number;
    nonActivating: number;
    pool: number;
    randomGlosses: number;
}

/** One concept tried by meaning, with its gloss and held-out scores. */
export interface CoveringConcept {
    synset: string;
    label: string;
    gloss: string;
    selection: number;
    auroc: Score;
    p: number;
    randomMean: number;
    randomP95: number;
}

/**
 * One threshold the rule tried for a side: its firing tokens, the best candidate's proposing-half IoU (what the
 * choice reads), the best candidate there on the held-out half, and the side's top candidate scored there.
 */
export interface ThresholdPoint {
    /** The top share of the proposing half's tokens; null for the natural boundary 0. */
    share?: number | null;
    rule: string;
    threshold: Real;
    proposeFires: number;
    heldoutFires: number;
    /** Why it was skipped (too few firing tokens). */
    skipped?: string | null;
    chosen: boolean;
    proposeBestIou: Real;
    bestId: string;
    bestLabel: string;
    bestIou: Real;
    bestF1: Real;
    topIou: Real;
    topF1: Real;
}

/** The explanation of one side of a direction. */
export interface ExplanationSide {
    side: "positive" | "negative" | string;
    threshold: Real;
    /** Which threshold of the rule it is, in words; empty when none could be tried. */
    thresholdRule: string;
    /** Every threshold tried (for the threshold plot). */
    thresholds: ThresholdPoint[];
    tokens: number;
    documents: number;
    fires: number;
    tried: number;
    /** Ranked: significant candidates first, then by held-out IoU. */
    candidates: ScoredCandidate[];
    firesNowhere: BaselineScores;
    firesEverywhere: BaselineScores;
    nullBestIou: Real[];
    coverage?: Coverage | null;
    modes: Mode[];
    /** What the side fires on besides its first candidate, at a broader threshold. */
    residual: ResidualMode[];
    cover?: ModeCover | null;
    verdictKind: "well_explained" | "mixture" | "abstract_cover" | "partly" | "unexplained" | "never_fires" | string;
    verdict: string;
}

/** The rules behind the numbers, in words (and the thresholds tried and the number of random directions). */
export interface ExplanationRules {
    split: string;
    fires: string;
    /** The thresholds tried, in words, rarest first. */
    thresholds: string[];
    topShares: number[];
    naturalBoundary: boolean;
    minFires: number;
    primary: string;
    realValued: string;
    interval: string;
    significance: string;
    randomDirections: number;
    shuffled: string;
    coverage: string;
    modes: string;
    verdict: string;
}

/** What `interp.explain` answers (and `interp-lsp explain --json` prints): the candidate explanations of a direction. */
export interface ExplanationResult {
    version: number;
    direction: string;
    directionHash: string;
    hook: string;
    modelId: string;
    corpusId: string;
    corpusHash: string;
    /** The library scan the evidence came with. */
    scanId?: number | null;
    documents: number;
    tokens: number;
    proposeDocuments: number;
    heldoutDocuments: number;
    /** The overall verdict in plain words. */
    verdict: string;
    sides: ExplanationSide[];
    rules: ExplanationRules;
    seconds: number;
    /** Where the time went, in seconds, by phase. */
    timings: Record<string, number>;
    warnings: string[];
}

/** The user's hypothesis scored on one side like any candidate, with the trivial baselines. */
export interface HypothesisSide {
    side: "positive" | "negative" | string;
    candidate: ScoredCandidate;
    firesNowhere: BaselineScores;
    firesEverywhere: BaselineScores;
    /** Where it would rank among the side's stored candidates (absent without a stored explanation). */
    rank?: number | null;
}

/** delphi's embedding scorer of a free-text hypothesis. */
export interface EmbeddingScore {
    auroc: Score;
    activating: number;
    nonActivating: number;
    rule: string;
}

/** What `interp.testExplanation` answers (and `interp-lsp test-explanation --json` prints). */
export interface HypothesisResult {
    direction: string;
    directionHash: string;
    hook: string;
    corpusId: string;
    kind: HypothesisKind | string;
    hypothesis: string;
    /** Per side; empty for free text. */
    sides: HypothesisSide[];
    /** Free text only. */
    embedding?: EmbeddingScore | null;
    verdict: string;
    rules: ExplanationRules;
    seconds: number;
    warnings: string[];
}

/** An explanation or a hypothesis result to render (one of the two). */
export interface ExplanationTextParams {
    explanation?: ExplanationResult | null;
    hypothesis?: HypothesisResult | null;
}

/** The server's one rendering of a result (the CLI prints the same text). */
export interface RenderedExplanation {
    /** The report as plain text, one line per line. */
    plain: string;
    /** The report as Markdown (the hover card's rendering). */
    markdown: string;
    /** The verdict in one short sentence, for a notification. */
    summary: string;
}

/** The kinds of hypothesis `interp/testExplanation` takes: a word list, a (.NET) regex, free text (the server's list, in the manifest's rules). */
export const HypothesisKinds = InterpRules.hypothesisKinds;
export type HypothesisKind = (typeof HypothesisKinds)[number];

/** The explanation types by the names the manifest gives them. */
export interface ExplanationTypes {
    TestExplanationParams: TestExplanationParams;
    Score: Score;
    PrimaryScores: PrimaryScores;
    FieldScores: FieldScores;
    BaselineScores: BaselineScores;
    ScoredCandidate: ScoredCandidate;
    Coverage: Coverage;
    ModeExample: ModeExample;
    Mode: Mode;
    ResidualMode: ResidualMode;
    ModeCover: ModeCover;
    MeaningCoverResult: MeaningCoverResult;
    CoveringConcept: CoveringConcept;
    ThresholdPoint: ThresholdPoint;
    ExplanationSide: ExplanationSide;
    ExplanationRules: ExplanationRules;
    ExplanationResult: ExplanationResult;
    HypothesisSide: HypothesisSide;
    EmbeddingScore: EmbeddingScore;
    HypothesisResult: HypothesisResult;
    ExplanationTextParams: ExplanationTextParams;
    RenderedExplanation: RenderedExplanation;
}

/** The fields of the explanation types at run time (checked against the interfaces by the compiler). */
export const explanationSchemas = {
    TestExplanationParams: { workDoneToken: opt, id: req, kind: req, value: opt } satisfies Schema<TestExplanationParams>,
    Score: { value: req, lo: req, hi: req, n: req } satisfies Schema<Score>,
    PrimaryScores: { iou: req, f1: req, auprc: req, pearson: req } satisfies Schema<PrimaryScores>,
    FieldScores: { openaiCorrelation: req, detectionBalancedAccuracy: req, detectionAuroc: req } satisfies Schema<FieldScores>,
    BaselineScores: { iou: req, f1: req, auprc: req, pearson: req } satisfies Schema<BaselineScores>,
    ScoredCandidate: {
        id: req,
        label: req,
        family: req,
        scores: req,
        fieldScores: opt,
        randomDirections: req,
        shuffled: req,
        p: req,
        significant: req,
        holds: req,
        hits: req,
    } satisfies Schema<ScoredCandidate>,
    Coverage: { terms: req, labels: req, coefficients: req, intercept: req, r2: req, mean: req } satisfies Schema<Coverage>,
    ModeExample: { key: req, text: req, start: req, end: req, value: req } satisfies Schema<ModeExample>,
    Mode: { index: req, share: req, size: req, examples: req, candidates: req } satisfies Schema<Mode>,
    ResidualMode: {
        threshold: req,
        share: req,
        afterIds: req,
        afterLabels: req,
        proposeSize: req,
        heldoutSize: req,
        examples: req,
        candidates: req,
    } satisfies Schema<ResidualMode>,
    ModeCover: {
        unionId: req,
        unionLabel: req,
        unionIou: req,
        singleId: req,
        singleLabel: req,
        singleIou: req,
        covers: req,
        tried: req,
        byMeaning: opt,
    } satisfies Schema<ModeCover>,
    MeaningCoverResult: {
        tried: req,
        unionAuroc: req,
        covers: req,
        activating: req,
        nonActivating: req,
        pool: req,
        randomGlosses: req,
    } satisfies Schema<MeaningCoverResult>,
    CoveringConcept: {
        synset: req,
        label: req,
        gloss: req,
        selection: req,
        auroc: req,
        p: req,
        randomMean: req,
        randomP95: req,
    } satisfies Schema<CoveringConcept>,
    ThresholdPoint: {
        share: opt,
        rule: req,
        threshold: req,
        proposeFires: req,
        heldoutFires: req,
        skipped: opt,
        chosen: req,
        proposeBestIou: req,
        bestId: req,
        bestLabel: req,
        bestIou: req,
        bestF1: req,
        topIou: req,
        topF1: req,
    } satisfies Schema<ThresholdPoint>,
    ExplanationSide: {
        side: req,
        threshold: req,
        thresholdRule: req,
        thresholds: req,
        tokens: req,
        documents: req,
        fires: req,
        tried: req,
        candidates: req,
        firesNowhere: req,
        firesEverywhere: req,
        nullBestIou: req,
        coverage: opt,
        modes: req,
        residual: req,
        cover: opt,
        verdictKind: req,
        verdict: req,
    } satisfies Schema<ExplanationSide>,
    ExplanationRules: {
        split: req,
        fires: req,
        thresholds: req,
        topShares: req,
        naturalBoundary: req,
        minFires: req,
        primary: req,
        realValued: req,
        interval: req,
        significance: req,
        randomDirections: req,
        shuffled: req,
        coverage: req,
        modes: req,
        verdict: req,
    } satisfies Schema<ExplanationRules>,
    ExplanationResult: {
        version: req,
        direction: req,
        directionHash: req,
        hook: req,
        modelId: req,
        corpusId: req,
        corpusHash: req,
        scanId: opt,
        documents: req,
        tokens: req,
        proposeDocuments: req,
        heldoutDocuments: req,
        verdict: req,
        sides: req,
        rules: req,
        seconds: req,
        timings: req,
        warnings: req,
    } satisfies Schema<ExplanationResult>,
    HypothesisSide: { side: req, candidate: req, firesNowhere: req, firesEverywhere: req, rank: opt } satisfies Schema<HypothesisSide>,
    EmbeddingScore: { auroc: req, activating: req, nonActivating: req, rule: req } satisfies Schema<EmbeddingScore>,
    HypothesisResult: {
        direction: req,
        directionHash: req,
        hook: req,
        corpusId: req,
        kind: req,
        hypothesis: req,
        sides: req,
        embedding: opt,
        verdict: req,
        rules: req,
        seconds: req,
        warnings: req,
    } satisfies Schema<HypothesisResult>,
    ExplanationTextParams: { explanation: opt, hypothesis: opt } satisfies Schema<ExplanationTextParams>,
    RenderedExplanation: { plain: req, markdown: req, summary: req } satisfies Schema<RenderedExplanation>,
} as const satisfies { [N in keyof ExplanationTypes]: Schema<ExplanationTypes[N]> };

const m = messagesOf<ExplanationTypes & { CorpusParams: CorpusParams }>();

/**
 * Candidate explanations of a direction on a corpus (absent: "default", the server's default sample), scanning it first when
 * its hidden states are not stored; with progress, cancellable; the result is stored in the library.
 */
export const explain = m.action("explain", "CorpusParams", "ExplanationResult", ["id", "corpus"]);
/** Scores the user's hypothesis: `kind` one of {@link HypothesisKinds}, `value` the word list, the regex or the text. */
export const testExplanation = m.action("testExplanation", "TestExplanationParams", "HypothesisResult", ["id", "kind", "value"]);
/** The server's rendering of an explanation or a hypothesis result: what the client shows instead of rendering it itself. */
export const explanationText = m.request("interp/explanationText", "ExplanationTextParams", "RenderedExplanation");

export const explanationRequests = { explain, testExplanation, explanationText } as const;
