/**
 * The activations a document's tokens have on the loaded directions, and the notifications that say they changed:
 * server/InterpLsp.Lsp/Protocol/InterpProtocol.Activations.cs.
 */
import type * as lsp from "vscode-languageserver-protocol";
import { messagesOf, opt, req, type NoParams, type Schema } from "./schema";
import type { DirectionInfo, Selection } from "./selection";

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
    /** True when some values are provisional; the exact ones follow in later notifications for the same version. */
    provisional?: boolean | null;
    /** With provisional: the ranges whose values are already exact (the visible windows are recomputed first). */
    exact?: lsp.Range[] | null;
}

export interface ServerStatusParams {
    health: "ok" | "warning" | "error";
    quiescent: boolean;
    message?: string | null;
}

/** The activation types by the names the manifest gives them. */
export interface ActivationTypes {
    TokenActivationsParams: TokenActivationsParams;
    TokenActivationsResult: TokenActivationsResult;
    DirectionSummary: DirectionSummary;
    DirectionScale: DirectionScale;
    TokenActivation: TokenActivation;
    ListDirectionsResult: ListDirectionsResult;
    ActivationsChangedParams: ActivationsChangedParams;
    ServerStatusParams: ServerStatusParams;
}

/** The fields of the activation types at run time (checked against the interfaces by the compiler). */
export const activationSchemas = {
    TokenActivationsParams: { textDocument: req, range: opt, directions: opt } satisfies Schema<TokenActivationsParams>,
    TokenActivationsResult: { version: req, model: req, hook: req, directions: req, tokens: req } satisfies Schema<TokenActivationsResult>,
    DirectionSummary: { id: req, name: req, scale: req } satisfies Schema<DirectionSummary>,
    DirectionScale: { p01: req, p50: req, p99: req, max: req, paint: req, basis: req } satisfies Schema<DirectionScale>,
    TokenActivation: { range: req, text: req, values: req } satisfies Schema<TokenActivation>,
    ListDirectionsResult: { active: opt, directions: req, library: opt, libraryError: opt } satisfies Schema<ListDirectionsResult>,
    ActivationsChangedParams: { uri: req, version: req, provisional: opt, exact: opt } satisfies Schema<ActivationsChangedParams>,
    ServerStatusParams: { health: req, quiescent: req, message: opt } satisfies Schema<ServerStatusParams>,
} as const satisfies { [N in keyof ActivationTypes]: Schema<ActivationTypes[N]> };

const m = messagesOf<ActivationTypes & { NoParams: NoParams; Selection: Selection }>();

/** The tokens' values on the directions (the active one by default). */
export const tokenActivations = m.request("interp/tokenActivations", "TokenActivationsParams", "TokenActivationsResult");
/** The loaded directions, for pick lists. */
export const listDirections = m.request("interp/listDirections", "NoParams", "ListDirectionsResult");

export const activationRequests = { tokenActivations, listDirections } as const;

/** The document's activations changed (an edit's recompute; exactly one per open document after a selection change). */
export const activationsChanged = m.notification("interp/activationsChanged", "ActivationsChangedParams");
/** The server's health and whether it is busy. */
export const serverStatus = m.notification("interp/serverStatus", "ServerStatusParams");
/** After `initialized` and whenever the model, hook, active direction or threshold changes. */
export const selectionChanged = m.notification("interp/selectionChanged", "Selection");

export const activationNotifications = { activationsChanged, serverStatus, selectionChanged } as const;
