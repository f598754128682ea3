/**
 * The session's selection (model, hook, active direction) and what describes them: server/InterpLsp.Lsp/Protocol/InterpProtocol.Selection.cs.
 */
import { messagesOf, opt, req, type Schema, type WorkDoneParams } from "./schema";

export type { WorkDoneParams } from "./schema";

/** An action on one loaded direction (its id, as `interp/listDirections` gives it). */
export interface DirectionIdParams extends WorkDoneParams {
    id: string;
}

export interface SelectHookParams extends WorkDoneParams {
    hook: string;
}

export interface LoadDirectionParams extends WorkDoneParams {
    /** A direction file's path, a neuron spec (`neuron:HOOK:INDEX`) or a library name. */
    spec: string;
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
    kind: "projection" | "neuron" | "probe" | "saefeature" | string;
    source?: string | null;
    /** For an SAE feature: how its value is read (input convention; units). */
    reading?: string | null;
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
    /** libtorch's threads and OpenMP wait policy, chosen from the cores available. */
    threads?: string | null;
    hooks: HookInfo[];
}

export interface HookInfo {
    name: string;
    width: number;
    layer: number;
    description?: string | null;
}

/** The selection types by the names the manifest gives them. */
export interface SelectionTypes {
    WorkDoneParams: WorkDoneParams;
    DirectionIdParams: DirectionIdParams;
    SelectHookParams: SelectHookParams;
    LoadDirectionParams: LoadDirectionParams;
    Selection: Selection;
    DirectionInfo: DirectionInfo;
    ModelInfo: ModelInfo;
    HookInfo: HookInfo;
}

/** The fields of the selection types at run time (checked against the interfaces by the compiler). */
export const selectionSchemas = {
    WorkDoneParams: { workDoneToken: opt } satisfies Schema<WorkDoneParams>,
    DirectionIdParams: { workDoneToken: opt, id: req } satisfies Schema<DirectionIdParams>,
    SelectHookParams: { workDoneToken: opt, hook: req } satisfies Schema<SelectHookParams>,
    LoadDirectionParams: { workDoneToken: opt, spec: req } satisfies Schema<LoadDirectionParams>,
    Selection: { model: req, hook: req, direction: opt, threshold: req } satisfies Schema<Selection>,
    DirectionInfo: {
        id: req,
        name: req,
        hook: req,
        model: req,
        width: req,
        kind: req,
        source: opt,
        reading: opt,
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
        threads: opt,
        hooks: req,
    } satisfies Schema<ModelInfo>,
    HookInfo: { name: req, width: req, layer: req, description: opt } satisfies Schema<HookInfo>,
} as const satisfies { [N in keyof SelectionTypes]: Schema<SelectionTypes[N]> };

const m = messagesOf<SelectionTypes>();

export const selectDirection = m.action("selectDirection", "DirectionIdParams", "Selection", ["id"]);
export const selectHook = m.action("selectHook", "SelectHookParams", "Selection", ["hook"]);
/** The loaded direction becomes active. */
export const loadDirection = m.action("loadDirection", "LoadDirectionParams", "Selection", ["spec"]);
export const modelInfo = m.action("modelInfo", "WorkDoneParams", "ModelInfo", []);
export const directionInfo = m.action("directionInfo", "DirectionIdParams", "DirectionInfo", ["id"]);

export const selectionRequests = { selectDirection, selectHook, loadDirection, modelInfo, directionInfo } as const;
