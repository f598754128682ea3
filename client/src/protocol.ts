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
/** Scans a corpus ("default", "workspace", or a path) for a direction, in the background class. */
export const scanCorpus = new InterpCommand("interp.scanCorpus", ["id", "corpus"] as const, "ScanSummary");
export const directionView = new InterpCommand("interp.directionView", ["id"] as const, "DirectionView");

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
} as const;

/** The names of the server's commands (hover cards may link to these). */
export const AllInterpCommands: readonly string[] = Object.values(commands).map((c) => c.command);

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

/** LSP error codes the client treats specially. */
export const ErrorCodes = {
    ContentModified: -32801,
    RequestCancelled: -32800,
} as const;
