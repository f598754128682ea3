/**
 * Every interp/* method, command and setting of the server: the client's mirror of
 * `server/InterpLsp.Lsp/Protocol/InterpProtocol.cs`, name for name (as rust-analyzer's `lsp_ext.ts` mirrors its
 * server's `lsp/ext.rs`). `client/test/unit/protocol.test.ts` checks the two files against each other.
 *
 * Imports only `vscode-languageserver-protocol`, so the unit tests can load it without VS Code.
 */
import * as lsp from "vscode-languageserver-protocol";

// ---- InterpMethods ---------------------------------------------------------------------------------------

export const InterpMethods = {
    /** Request: {@link TokenActivationsParams} -> {@link TokenActivationsResult}. */
    TokenActivations: "interp/tokenActivations",
    /** Notification to the client: {@link ActivationsChangedParams}, after a recompute. */
    ActivationsChanged: "interp/activationsChanged",
    /** Notification to the client: {@link ServerStatusParams}. */
    ServerStatus: "interp/serverStatus",
    /** Request: {@link SetActiveDirectionParams} -> {@link DirectionInfo}. */
    SetActiveDirection: "interp/setActiveDirection",
    /** Request: {} -> {@link ListDirectionsResult}. */
    ListDirections: "interp/listDirections",
    /** Request: {@link SetHookParams} -> {@link SetHookParams} (the hook now active). */
    SetHook: "interp/setHook",
} as const;

// ---- InterpCommands (workspace/executeCommand) -----------------------------------------------------------

export const InterpCommands = {
    /** [id] -> {@link DirectionInfo} */
    SelectDirection: "interp.selectDirection",
    /** [hook] -> {@link SetHookParams} */
    SelectHook: "interp.selectHook",
    /** [path or spec] -> {@link DirectionInfo}; the loaded direction becomes active. */
    LoadDirection: "interp.loadDirection",
    /** [] -> {@link ModelInfoResult} */
    ModelInfo: "interp.modelInfo",
    /** [id] -> {@link DirectionInfo} (details for hover links) */
    DirectionInfo: "interp.directionInfo",
} as const;

export const AllInterpCommands: readonly string[] = Object.values(InterpCommands);

// ---- InterpSemanticTokens --------------------------------------------------------------------------------

/** Semantic token legend: an editor-agnostic view for clients without the extension (VS Code uses decorations). */
export const InterpSemanticTokens = {
    Types: ["activationPositive", "activationNegative"],
    Modifiers: ["level1", "level2", "level3", "level4"],
} as const;

// ---- Types -----------------------------------------------------------------------------------------------

export interface TokenActivationsParams {
    textDocument: lsp.TextDocumentIdentifier;
    /** Only tokens overlapping this range (the visible range); null: the whole document. */
    range?: lsp.Range | null;
    /** Direction ids; null: the active direction. */
    directions?: string[] | null;
}

export interface DirectionScale {
    p01: number;
    p50: number;
    p99: number;
    max: number;
    /** "document" (this version's values) or "corpus". */
    basis: "document" | "corpus" | string;
}

export interface DirectionSummary {
    id: string;
    name: string;
    scale: DirectionScale;
}

export interface TokenActivation {
    range: lsp.Range;
    text: string;
    /** One value per direction, in the order of {@link TokenActivationsResult.directions}. */
    values: number[];
}

export interface TokenActivationsResult {
    version: number;
    hook: string;
    directions: DirectionSummary[];
    tokens: TokenActivation[];
}

export interface ActivationsChangedParams {
    uri: string;
    version: number;
}

export interface ServerStatusParams {
    /** "ok", "warning" or "error". */
    health: "ok" | "warning" | "error";
    quiescent: boolean;
    message?: string | null;
}

export interface SetActiveDirectionParams {
    id: string;
}

export interface SetHookParams {
    hook: string;
}

export interface DirectionInfo {
    id: string;
    name: string;
    hook?: string | null;
    /** "projection", "neuron" or "probe". */
    kind: "projection" | "neuron" | "probe" | string;
    source?: string | null;
    width: number;
    active: boolean;
}

export interface ListDirectionsResult {
    active?: string | null;
    directions: DirectionInfo[];
}

export interface HookInfo {
    name: string;
    width: number;
    layer: number;
    description?: string | null;
}

export interface ModelInfoResult {
    name: string;
    architecture: string;
    layers: number;
    width: number;
    vocabSize: number;
    maxPositions: number;
    loadSeconds: number;
    hook: string;
    hooks: HookInfo[];
}

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

export const InterpSettingsDefaults = {
    DefaultModel: "embedded:all-MiniLM-L6-v2",
    DefaultHook: "blocks.3.hook_resid_post",
} as const;

// ---- Typed messages --------------------------------------------------------------------------------------

export const tokenActivations = new lsp.RequestType<TokenActivationsParams, TokenActivationsResult, void>(
    InterpMethods.TokenActivations,
);
export const activationsChanged = new lsp.NotificationType<ActivationsChangedParams>(InterpMethods.ActivationsChanged);
export const serverStatus = new lsp.NotificationType<ServerStatusParams>(InterpMethods.ServerStatus);
export const setActiveDirection = new lsp.RequestType<SetActiveDirectionParams, DirectionInfo, void>(
    InterpMethods.SetActiveDirection,
);
export const listDirections = new lsp.RequestType<Record<string, never>, ListDirectionsResult, void>(
    InterpMethods.ListDirections,
);
export const setHook = new lsp.RequestType<SetHookParams, SetHookParams, void>(InterpMethods.SetHook);

/** What each command returns, for typed `workspace/executeCommand` calls. */
export interface CommandResults {
    [InterpCommands.SelectDirection]: DirectionInfo;
    [InterpCommands.SelectHook]: SetHookParams;
    [InterpCommands.LoadDirection]: DirectionInfo;
    [InterpCommands.ModelInfo]: ModelInfoResult;
    [InterpCommands.DirectionInfo]: DirectionInfo;
}

/** `window/workDoneProgress/cancel`, which the server honours for the progress of its long commands. */
export const WorkDoneProgressCancelMethod = "window/workDoneProgress/cancel";

/** LSP error codes the client treats specially. */
export const ErrorCodes = {
    InvalidParams: -32602,
    RequestFailed: -32803,
    ContentModified: -32801,
    RequestCancelled: -32800,
} as const;
