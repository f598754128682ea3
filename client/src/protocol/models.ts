/**
 * Which models the session can run, and switching between them: server/InterpLsp.Lsp/Protocol/InterpProtocol.Models.cs.
 */
import { messagesOf, opt, req, type Schema, type WorkDoneParams } from "./schema";
import type { DirectionIdParams, Selection } from "./selection";

export interface SelectModelParams extends WorkDoneParams {
    /** A model id or alias, a Hugging Face model folder, or a model of the local cache by its hub name. */
    model: string;
}

export interface ModelList {
    /** The active model's id. */
    active: string;
    models: ModelChoice[];
    /** The Hugging Face cache folder that was searched. */
    cache: string;
}

export interface ModelChoice {
    /** What to pass to interp/selectModel. */
    model: string;
    name: string;
    source: "embedded" | "folder" | "cache" | string;
    path?: string | null;
    architecture?: string | null;
    loaded: boolean;
}

export interface SteerParams extends DirectionIdParams {
    prompt: string;
    alpha: number;
    /** blocks.L.hook_resid_pre or hook_resid_post (default: the direction's hook). */
    hook?: string | null;
    tokens: number;
    /** 0: greedy; above 0: sampled from softmax(logits / T) with `seed`. */
    temperature: number;
    seed: number;
}

export interface SteerResult {
    direction: string;
    hook: string;
    alpha: number;
    prompt: string;
    unsteered: string;
    steered: string;
    /** Why generation stopped. */
    stop: string;
}

/** The continuations so far, after each generated token (interp/steerText). */
export interface SteerTextParams {
    /** The steer request's work-done token. */
    token: string;
    unsteered: string;
    steered: string;
    done: boolean;
}

export interface ModelTypes {
    SelectModelParams: SelectModelParams;
    ModelList: ModelList;
    ModelChoice: ModelChoice;
    SteerParams: SteerParams;
    SteerResult: SteerResult;
    SteerTextParams: SteerTextParams;
}

export const modelSchemas = {
    SelectModelParams: { workDoneToken: opt, model: req } satisfies Schema<SelectModelParams>,
    ModelList: { active: req, models: req, cache: req } satisfies Schema<ModelList>,
    ModelChoice: { model: req, name: req, source: req, path: opt, architecture: opt, loaded: req } satisfies Schema<ModelChoice>,
    SteerParams: { workDoneToken: opt, id: req, prompt: req, alpha: req, hook: opt, tokens: req, temperature: req, seed: req } satisfies Schema<SteerParams>,
    SteerResult: { direction: req, hook: req, alpha: req, prompt: req, unsteered: req, steered: req, stop: req } satisfies Schema<SteerResult>,
    SteerTextParams: { token: req, unsteered: req, steered: req, done: req } satisfies Schema<SteerTextParams>,
} as const satisfies { [N in keyof ModelTypes]: Schema<ModelTypes[N]> };

const m = messagesOf<ModelTypes & { WorkDoneParams: WorkDoneParams; Selection: Selection }>();

/** Continues a prompt with alpha * d added at the direction's residual hook, beside the unsteered continuation. */
export const steer = m.action("steer", "SteerParams", "SteerResult", ["id", "prompt", "alpha"]);
/** Steered generation streaming in. */
export const steerText = m.notification("interp/steerText", "SteerTextParams");
export const modelNotifications = { steerText } as const;

/** The embedded model, the folders of interp.modelFolders and the models of the local Hugging Face cache. */
export const listModels = m.action("listModels", "WorkDoneParams", "ModelList", []);
/** Loads the model (progress) and makes it the one every document is analysed with. */
export const selectModel = m.action("selectModel", "SelectModelParams", "Selection", ["model"]);

export const modelRequests = { listModels, selectModel, steer } as const;
