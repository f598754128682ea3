/**
 * Which models the session can run, and switching between them: server/InterpLsp.Lsp/Protocol/InterpProtocol.Models.cs.
 */
import { messagesOf, opt, req, type Schema, type WorkDoneParams } from "./schema";
import type { Selection } from "./selection";

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

export interface ModelTypes {
    SelectModelParams: SelectModelParams;
    ModelList: ModelList;
    ModelChoice: ModelChoice;
}

export const modelSchemas = {
    SelectModelParams: { workDoneToken: opt, model: req } satisfies Schema<SelectModelParams>,
    ModelList: { active: req, models: req, cache: req } satisfies Schema<ModelList>,
    ModelChoice: { model: req, name: req, source: req, path: opt, architecture: opt, loaded: req } satisfies Schema<ModelChoice>,
} as const satisfies { [N in keyof ModelTypes]: Schema<ModelTypes[N]> };

const m = messagesOf<ModelTypes & { WorkDoneParams: WorkDoneParams; Selection: Selection }>();

/** The embedded model, the folders of interp.modelFolders and the models of the local Hugging Face cache. */
export const listModels = m.action("listModels", "WorkDoneParams", "ModelList", []);
/** Loads the model (progress) and makes it the one every document is analysed with. */
export const selectModel = m.action("selectModel", "SelectModelParams", "Selection", ["model"]);

export const modelRequests = { listModels, selectModel } as const;
