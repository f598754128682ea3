/**
 * The interp/* protocol v2, client side: every custom request, notification and command the client uses, each
 * as ONE typed message object that names its method and its parameter / result types, as the server declares
 * them once in `server/InterpLsp.Lsp/Protocol/InterpProtocol.cs` (and as rust-analyzer's `lsp_ext.ts` mirrors
 * its server's `lsp/ext.rs`).
 *
 * The server's xunit test writes its view of the protocol to `client/test/unit/fixtures/protocol-manifest.json`;
 * `client/test/unit/protocol.test.ts` checks this file against it: the message objects' names and type names,
 * and {@link TypeSchemas}, whose agreement with the interfaces below the compiler checks (see {@link Schema}).
 *
 * Imports only `vscode-languageserver-protocol`, so the unit tests can load it without VS Code.
 */
import * as lsp from "vscode-languageserver-protocol";

// ---- Types -----------------------------------------------------------------------------------------------

/** The parameters of a request that takes none: `{}`. */
export type NoParams = Record<string, never>;

export interface TokenActivationsParams {
    textDocument: lsp.TextDocumentIdentifier;
    /** Only tokens overlapping this range (the visible range); null: the whole document. */
    range?: lsp.Range | null;
    /** Direction ids (at most 64, duplicates removed); null: the active direction. */
    directions?: string[] | null;
}

export interface TokenActivationsResult {
    version: number;
    model: string;
    hook: string;
    directions: DirectionSummary[];
    tokens: TokenActivation[];
}

export interface DirectionSummary {
    id: string;
    name: string;
    scale: DirectionScale;
}

export interface DirectionScale {
    p01: number;
    p50: number;
    p99: number;
    max: number;
    /**
     * The |value| that maps to full colour, computed by the server (max(|p01|, |p99|), else |max|, else 1).
     * The client paints with it as is.
     */
    paint: number;
    /** "document" (this version's values) or "corpus". */
    basis: "document" | "corpus" | string;
}

export interface TokenActivation {
    range: lsp.Range;
    text: string;
    /** One value per direction, in the order of {@link TokenActivationsResult.directions}. */
    values: number[];
}

export interface ListDirectionsResult {
    active?: string | null;
    directions: DirectionInfo[];
    /** The workspace library's directions (ids `library:NAME`; load one with `interp.loadDirection` NAME). */
    library?: DirectionInfo[] | null;
    /** Why the workspace library could not be opened (locked, corrupt), when it could not. */
    libraryError?: string | null;
}

export interface ActivationsChangedParams {
    uri: string;
    version: number;
}

export interface ServerStatusParams {
    health: "ok" | "warning" | "error";
    quiescent: boolean;
    message?: string | null;
}

/** The server's current model, hook, active direction and threshold (interp/selectionChanged, commands). */
export interface Selection {
    model: string;
    hook: string;
    direction?: DirectionInfo | null;
    threshold: number;
}

export interface DirectionInfo {
    id: string;
    name: string;
    hook: string;
    model: string;
    width: number;
    kind: "projection" | "neuron" | "probe" | string;
    source?: string | null;
    /** Hex content hash of the vector + hook + model: a reloaded file with a new vector has a new hash. */
    hash: string;
    active: boolean;
}

export interface ModelInfo {
    id: string;
    name: string;
    architecture: string;
    layers: number;
    width: number;
    vocabSize: number;
    maxPositions: number;
    loadSeconds: number;
    hooks: HookInfo[];
}

export interface HookInfo {
    name: string;
    width: number;
    layer: number;
    description?: string | null;
}

/** What `interp.addExample` answers: the workspace's example set after the addition. */
export interface ExampleSetInfo {
    /** The dataset file (JSONL, in the workspace's `.interp/datasets/`). */
    path: string;
    positives: number;
    negatives: number;
}

/** A probe's held-out report (field-anchors.md definitions). */
export interface ProbeReportInfo {
    method: string;
    pooling: string;
    hook: string;
    /** Null when the examples are too few for a held-out split (then so are the other scores). */
    accuracy?: number | null;
    auroc?: number | null;
    f1?: number | null;
    /** Accuracy minus the accuracy of the same method trained on shuffled labels. */
    selectivity?: number | null;
    nTrain: number;
    nTest: number;
    /** Rows whose text was already in the data (every copy of a text stays on one side of the split). */
    nDuplicateRows: number;
    warnings: string[];
}

/** What `interp.trainProbe` answers: the stored probe (now the active direction) and its report. */
export interface TrainedProbe {
    direction: DirectionInfo;
    report: ProbeReportInfo;
}

/** What `interp.scanCorpus` answers once the scan is stored in the library. */
export interface ScanSummary {
    direction: string;
    corpus: string;
    documents: number;
    tokens: number;
    seconds: number;
    /** True when the hidden states came from the activation store (no forward pass). */
    fromStore: boolean;
    warnings: string[];
}

/** The direction view: the same HTML as `interp-lsp report`. */
export interface DirectionView {
    id: string;
    title: string;
    html: string;
}

// ---- Candidate explanations (interp.explain, interp.testExplanation) ---------------------------------------
// The JSON of server/InterpLsp.Analysis/Explain/Results/*.cs as it is: snake_case names (their [JsonProperty]
// attributes), not the camelCase of the types above.

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
    openai_correlation: Score;
    detection_balanced_accuracy: Score;
    detection_auroc: Score;
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
    field_scores?: FieldScores | null;
    /** The same candidate against random directions at the same hook (the mean of each score). */
    random_directions: BaselineScores;
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

/** Whether one candidate explains the union of the modes as well as the modes' own candidates OR-ed. */
export interface ModeCover {
    union_id: string;
    union_label: string;
    union_iou: Score;
    single_id: string;
    single_label: string;
    single_iou: Score;
    covers: boolean;
    tried: string[];
}

/** The explanation of one side of a direction. */
export interface ExplanationSide {
    side: "positive" | "negative" | string;
    threshold: Real;
    tokens: number;
    documents: number;
    fires: number;
    tried: number;
    /** Ranked: significant candidates first, then by held-out IoU. */
    candidates: ScoredCandidate[];
    fires_nowhere: BaselineScores;
    fires_everywhere: BaselineScores;
    null_best_iou: Real[];
    coverage?: Coverage | null;
    modes: Mode[];
    cover?: ModeCover | null;
    verdict_kind: "well_explained" | "mixture" | "abstract_cover" | "partly" | "unexplained" | "never_fires" | string;
    verdict: string;
}

/** The rules behind the numbers, in words (and the firing quantile and the number of random directions). */
export interface ExplanationRules {
    split: string;
    fires: string;
    quantile: number;
    primary: string;
    real_valued: string;
    interval: string;
    significance: string;
    random_directions: number;
    shuffled: string;
    coverage: string;
    modes: string;
    verdict: string;
}

/** What `interp.explain` answers (and `interp-lsp explain --json` prints): the candidate explanations of a direction. */
export interface ExplanationResult {
    version: number;
    direction: string;
    direction_hash: string;
    hook: string;
    model_id: string;
    corpus_id: string;
    corpus_hash: string;
    /** The library scan the evidence came with. */
    scan_id?: number | null;
    documents: number;
    tokens: number;
    propose_documents: number;
    heldout_documents: number;
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
    fires_nowhere: BaselineScores;
    fires_everywhere: BaselineScores;
    /** Where it would rank among the side's stored candidates (absent without a stored explanation). */
    rank?: number | null;
}

/** delphi's embedding scorer of a free-text hypothesis. */
export interface EmbeddingScore {
    auroc: Score;
    activating: number;
    non_activating: number;
    rule: string;
}

/** What `interp.testExplanation` answers (and `interp-lsp test-explanation --json` prints). */
export interface HypothesisResult {
    direction: string;
    direction_hash: string;
    hook: string;
    corpus_id: string;
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

/** The kinds of hypothesis `interp.testExplanation` takes: a word list, a (.NET) regex, free text. */
export const HypothesisKinds = ["words", "regex", "text"] as const;
export type HypothesisKind = (typeof HypothesisKinds)[number];

/** The protocol's types by the names the manifest gives them. */
export interface Types {
    NoParams: NoParams;
    TokenActivationsParams: TokenActivationsParams;
    TokenActivationsResult: TokenActivationsResult;
    DirectionSummary: DirectionSummary;
    DirectionScale: DirectionScale;
    TokenActivation: TokenActivation;
    ListDirectionsResult: ListDirectionsResult;
    ActivationsChangedParams: ActivationsChangedParams;
    ServerStatusParams: ServerStatusParams;
    Selection: Selection;
    DirectionInfo: DirectionInfo;
    ModelInfo: ModelInfo;
    HookInfo: HookInfo;
    ExampleSetInfo: ExampleSetInfo;
    ProbeReportInfo: ProbeReportInfo;
    TrainedProbe: TrainedProbe;
    ScanSummary: ScanSummary;
    DirectionView: DirectionView;
    Score: Score;
    PrimaryScores: PrimaryScores;
    FieldScores: FieldScores;
    BaselineScores: BaselineScores;
    ScoredCandidate: ScoredCandidate;
    Coverage: Coverage;
    ModeExample: ModeExample;
    Mode: Mode;
    ModeCover: ModeCover;
    ExplanationSide: ExplanationSide;
    ExplanationRules: ExplanationRules;
    ExplanationResult: ExplanationResult;
    HypothesisSide: HypothesisSide;
    EmbeddingScore: EmbeddingScore;
    HypothesisResult: HypothesisResult;
}
export type TypeName = keyof Types;

// ---- Schemas: the interfaces' fields at run time, checked against the interfaces by the compiler ------------

/** `true` when the field may be null or absent; a field that allows only one of the two does not compile. */
type OptionalOf<T, K extends keyof T> = null extends T[K]
    ? {} extends Pick<T, K>
        ? true
        : "nullable but required: make it `?:`"
    : {} extends Pick<T, K>
      ? "absent allowed but not null: add `| null`"
      : false;

/** Exactly the fields of T, each with its optionality. */
export type Schema<T> = { readonly [K in keyof T]-?: { readonly optional: OptionalOf<T, K> } };

const req = { optional: false } as const;
const opt = { optional: true } as const;

/** Every interp type (not NoParams, not LSP's own types) with its fields, in declaration order. */
export const TypeSchemas = {
    TokenActivationsParams: { textDocument: req, range: opt, directions: opt } satisfies Schema<TokenActivationsParams>,
    TokenActivationsResult: { version: req, model: req, hook: req, directions: req, tokens: req } satisfies Schema<TokenActivationsResult>,
    DirectionSummary: { id: req, name: req, scale: req } satisfies Schema<DirectionSummary>,
    DirectionScale: { p01: req, p50: req, p99: req, max: req, paint: req, basis: req } satisfies Schema<DirectionScale>,
    TokenActivation: { range: req, text: req, values: req } satisfies Schema<TokenActivation>,
    ListDirectionsResult: { active: opt, directions: req, library: opt, libraryError: opt } satisfies Schema<ListDirectionsResult>,
    ActivationsChangedParams: { uri: req, version: req } satisfies Schema<ActivationsChangedParams>,
    ServerStatusParams: { health: req, quiescent: req, message: opt } satisfies Schema<ServerStatusParams>,
    Selection: { model: req, hook: req, direction: opt, threshold: req } satisfies Schema<Selection>,
    DirectionInfo: {
        id: req,
        name: req,
        hook: req,
        model: req,
        width: req,
        kind: req,
        source: opt,
        hash: req,
        active: req,
    } satisfies Schema<DirectionInfo>,
    ModelInfo: {
        id: req,
        name: req,
        architecture: req,
        layers: req,
        width: req,
        vocabSize: req,
        maxPositions: req,
        loadSeconds: req,
        hooks: req,
    } satisfies Schema<ModelInfo>,
    HookInfo: { name: req, width: req, layer: req, description: opt } satisfies Schema<HookInfo>,
    ExampleSetInfo: { path: req, positives: req, negatives: req } satisfies Schema<ExampleSetInfo>,
    ProbeReportInfo: {
        method: req,
        pooling: req,
        hook: req,
        accuracy: opt,
        auroc: opt,
        f1: opt,
        selectivity: opt,
        nTrain: req,
        nTest: req,
        nDuplicateRows: req,
        warnings: req,
    } satisfies Schema<ProbeReportInfo>,
    TrainedProbe: { direction: req, report: req } satisfies Schema<TrainedProbe>,
    ScanSummary: {
        direction: req,
        corpus: req,
        documents: req,
        tokens: req,
        seconds: req,
        fromStore: req,
        warnings: req,
    } satisfies Schema<ScanSummary>,
    DirectionView: { id: req, title: req, html: req } satisfies Schema<DirectionView>,
    Score: { value: req, lo: req, hi: req, n: req } satisfies Schema<Score>,
    PrimaryScores: { iou: req, f1: req, auprc: req, pearson: req } satisfies Schema<PrimaryScores>,
    FieldScores: { openai_correlation: req, detection_balanced_accuracy: req, detection_auroc: req } satisfies Schema<FieldScores>,
    BaselineScores: { iou: req, f1: req, auprc: req, pearson: req } satisfies Schema<BaselineScores>,
    ScoredCandidate: {
        id: req,
        label: req,
        family: req,
        scores: req,
        field_scores: opt,
        random_directions: req,
        shuffled: req,
        p: req,
        significant: req,
        holds: req,
        hits: req,
    } satisfies Schema<ScoredCandidate>,
    Coverage: { terms: req, labels: req, coefficients: req, intercept: req, r2: req, mean: req } satisfies Schema<Coverage>,
    ModeExample: { key: req, text: req, start: req, end: req, value: req } satisfies Schema<ModeExample>,
    Mode: { index: req, share: req, size: req, examples: req, candidates: req } satisfies Schema<Mode>,
    ModeCover: {
        union_id: req,
        union_label: req,
        union_iou: req,
        single_id: req,
        single_label: req,
        single_iou: req,
        covers: req,
        tried: req,
    } satisfies Schema<ModeCover>,
    ExplanationSide: {
        side: req,
        threshold: req,
        tokens: req,
        documents: req,
        fires: req,
        tried: req,
        candidates: req,
        fires_nowhere: req,
        fires_everywhere: req,
        null_best_iou: req,
        coverage: opt,
        modes: req,
        cover: opt,
        verdict_kind: req,
        verdict: req,
    } satisfies Schema<ExplanationSide>,
    ExplanationRules: {
        split: req,
        fires: req,
        quantile: req,
        primary: req,
        real_valued: req,
        interval: req,
        significance: req,
        random_directions: req,
        shuffled: req,
        coverage: req,
        modes: req,
        verdict: req,
    } satisfies Schema<ExplanationRules>,
    ExplanationResult: {
        version: req,
        direction: req,
        direction_hash: req,
        hook: req,
        model_id: req,
        corpus_id: req,
        corpus_hash: req,
        scan_id: opt,
        documents: req,
        tokens: req,
        propose_documents: req,
        heldout_documents: req,
        verdict: req,
        sides: req,
        rules: req,
        seconds: req,
        timings: req,
        warnings: req,
    } satisfies Schema<ExplanationResult>,
    HypothesisSide: { side: req, candidate: req, fires_nowhere: req, fires_everywhere: req, rank: opt } satisfies Schema<HypothesisSide>,
    EmbeddingScore: { auroc: req, activating: req, non_activating: req, rule: req } satisfies Schema<EmbeddingScore>,
    HypothesisResult: {
        direction: req,
        direction_hash: req,
        hook: req,
        corpus_id: req,
        kind: req,
        hypothesis: req,
        sides: req,
        embedding: opt,
        verdict: req,
        rules: req,
        seconds: req,
        warnings: req,
    } satisfies Schema<HypothesisResult>,
} as const satisfies { [N in Exclude<TypeName, "NoParams">]: Schema<Types[N]> };

// ---- Typed messages --------------------------------------------------------------------------------------

/** A request with the names of its parameter and result types. */
export class InterpRequest<P extends TypeName, R extends TypeName> extends lsp.RequestType<Types[P], Types[R], void> {
    constructor(
        method: string,
        readonly params: P,
        readonly result: R,
    ) {
        super(method);
    }
}

/** A notification (server -> client) with the name of its parameter type. */
export class InterpNotification<P extends TypeName> extends lsp.NotificationType<Types[P]> {
    constructor(
        method: string,
        readonly params: P,
    ) {
        super(method);
    }
}

/** A `workspace/executeCommand` command: its argument names (all strings) and the name of its result type. */
export class InterpCommand<A extends readonly string[], R extends TypeName> {
    /** Only a type: the command's result. */
    declare readonly resultType: Types[R];
    constructor(
        readonly command: string,
        readonly args: A,
        readonly result: R,
    ) {}
}

/** The arguments of a command: one string per argument name. */
export type ArgsOf<C> = C extends InterpCommand<infer A, TypeName> ? { [I in keyof A]: string } : never;
/** The result of a command. */
export type ResultOf<C> = C extends InterpCommand<readonly string[], infer R> ? Types[R] : never;

/** Request: the tokens' values on the directions (the active one by default). */
export const tokenActivations = new InterpRequest("interp/tokenActivations", "TokenActivationsParams", "TokenActivationsResult");
/** Request: the loaded directions, for pick lists. */
export const listDirections = new InterpRequest("interp/listDirections", "NoParams", "ListDirectionsResult");

/** The document's activations changed (an edit's recompute; exactly one per open document after a selection change). */
export const activationsChanged = new InterpNotification("interp/activationsChanged", "ActivationsChangedParams");
/** The server's health and whether it is busy. */
export const serverStatus = new InterpNotification("interp/serverStatus", "ServerStatusParams");
/** After `initialized` and whenever the model, hook, active direction or threshold changes. */
export const selectionChanged = new InterpNotification("interp/selectionChanged", "Selection");

export const selectDirection = new InterpCommand("interp.selectDirection", ["id"] as const, "Selection");
export const selectHook = new InterpCommand("interp.selectHook", ["hook"] as const, "Selection");
/** The loaded direction becomes active. */
export const loadDirection = new InterpCommand("interp.loadDirection", ["spec"] as const, "Selection");
export const modelInfo = new InterpCommand("interp.modelInfo", [] as const, "ModelInfo");
export const directionInfo = new InterpCommand("interp.directionInfo", ["id"] as const, "DirectionInfo");
/** Adds text (an editor selection) to the workspace's example set as a "positive" or "negative" example. */
export const addExample = new InterpCommand("interp.addExample", ["text", "label", "source"] as const, "ExampleSetInfo");
/** Trains a probe from the workspace's example set, stores it in the library and makes it active. */
export const trainProbe = new InterpCommand("interp.trainProbe", ["method", "name"] as const, "TrainedProbe");
/** Scans a corpus ("default", also when "" or absent, "all", "workspace", or a path) for a direction, in the background class. */
export const scanCorpus = new InterpCommand("interp.scanCorpus", ["id", "corpus"] as const, "ScanSummary");
export const directionView = new InterpCommand("interp.directionView", ["id"] as const, "DirectionView");
/**
 * Candidate explanations of a direction on a corpus ("" or absent: "default", the server's default sample), scanning it first when
 * its hidden states are not stored; with progress, cancellable; the result is stored in the library.
 */
export const explain = new InterpCommand("interp.explain", ["id", "corpus"] as const, "ExplanationResult");
/** Scores the user's hypothesis: `kind` one of {@link HypothesisKinds}, `value` the word list, the regex or the text. */
export const testExplanation = new InterpCommand("interp.testExplanation", ["id", "kind", "value"] as const, "HypothesisResult");

export const requests = { tokenActivations, listDirections } as const;
export const notifications = { activationsChanged, serverStatus, selectionChanged } as const;
export const commands = {
    selectDirection,
    selectHook,
    loadDirection,
    modelInfo,
    directionInfo,
    addExample,
    trainProbe,
    scanCorpus,
    directionView,
    explain,
    testExplanation,
} as const;

/** The names of the server's commands (hover cards may link to these). */
export const AllInterpCommands: readonly string[] = Object.values(commands).map((c) => c.command);

/**
 * The extension's own commands that the server's hover cards link to (not server commands): the card's
 * "compute explanations" link is `command:interp.explainDirection?["<direction id>"]`.
 */
export const ClientCommands = { explainDirection: "interp.explainDirection" } as const;

/** The commands a hover card's links may run: the server's and {@link ClientCommands}. */
export const HoverLinkCommands: readonly string[] = [...AllInterpCommands, ...Object.values(ClientCommands)];

// ---- Semantic tokens -------------------------------------------------------------------------------------

/**
 * Semantic token legend: an editor-agnostic view for clients without the extension (VS Code uses decorations).
 * One modifier per colour level (colors.ts LEVELS).
 */
export const InterpSemanticTokens = {
    types: ["activationPositive", "activationNegative"],
    modifiers: ["level1", "level2", "level3", "level4", "level5", "level6", "level7", "level8"],
} as const;

// ---- Settings --------------------------------------------------------------------------------------------

/**
 * The settings object: sent as `initializationOptions` itself and as `settings.interp` in
 * `workspace/didChangeConfiguration`. Absent keys keep their current value.
 */
export interface InterpSettings {
    /** "embedded:all-MiniLM-L6-v2" (also "" or "embedded"). */
    model?: string | null;
    hook?: string | null;
    /** File paths or neuron specs to load at start; the first becomes active. */
    directions?: string[] | null;
    cacheMegabytes?: number | null;
    debounceMs?: number | null;
    /** |value| / scale below which nothing is painted (0..1). */
    threshold?: number | null;
    /** Largest document analysed, in characters. */
    maxChars?: number | null;
}

/** The settings object's fields, as the manifest's `InterpSettings` lists them (every one optional). */
export const SettingsSchema = {
    model: { optional: true },
    hook: { optional: true },
    directions: { optional: true },
    cacheMegabytes: { optional: true },
    debounceMs: { optional: true },
    threshold: { optional: true },
    maxChars: { optional: true },
} as const satisfies Schema<InterpSettings>;

export const InterpSettingsDefaults = {
    DefaultModel: "embedded:all-MiniLM-L6-v2",
    DefaultHook: "blocks.3.hook_resid_post",
} as const;

/** The server's rules for input the client checks before sending it (the server's rule decides; the manifest's `rules`). */
export const InterpRules = {
    libraryName: { maxLength: 200, reservedPrefixes: ["neuron:", "library:"] },
} as const;

/**
 * Why `name` cannot name a direction in the library (DirectionLibrary.CheckName's rule: one line of 1 to 200
 * characters after trimming, no control characters, not starting with a reserved prefix), or undefined when it can.
 */
export function libraryNameProblem(name: string): string | undefined {
    const n = name.trim();
    const rule = InterpRules.libraryName;
    if (n.length === 0) return "Enter a name";
    if (n.length > rule.maxLength) return `At most ${rule.maxLength} characters (this is ${n.length})`;
    if (/\p{Cc}/u.test(n)) return "One line, without control characters";
    const reserved = rule.reservedPrefixes.find((p) => n.startsWith(p));
    if (reserved) return `A name may not start with "${reserved}"`;
    return undefined;
}

/** LSP error codes the client treats specially. */
export const ErrorCodes = {
    ContentModified: -32801,
    RequestCancelled: -32800,
} as const;
