/**
 * The interp/* protocol, client side: every custom request (each action with its command form) and notification,
 * each as ONE typed message object that names its method and its parameter / result types, as the server declares
 * them once in `server/InterpLsp.Lsp/Protocol/InterpProtocol*.cs` (and as rust-analyzer's `lsp_ext.ts` mirrors its
 * server's `lsp/ext.rs`). The declarations live in `protocol/` by topic, as the server's partial files do: a new
 * request of a topic is its descriptor and types in that topic's file.
 *
 * The server's xunit test writes its view of the protocol to `client/test/unit/fixtures/protocol-manifest.json`;
 * `client/test/unit/protocol.test.ts` checks this module against it: the message objects' names and type names,
 * and {@link TypeSchemas}, whose agreement with the interfaces the compiler checks (see {@link Schema}).
 *
 * Imports only `vscode-languageserver-protocol`, so the unit tests can load it without VS Code.
 */
import { activationNotifications, activationRequests, activationSchemas, type ActivationTypes } from "./protocol/activations";
import { explanationRequests, explanationSchemas, type ExplanationTypes } from "./protocol/explanations";
import { modelNotifications, modelRequests, modelSchemas, type ModelTypes } from "./protocol/models";
import { probeRunRequests, probeRunSchemas, type ProbeRunTypes } from "./protocol/probeRuns";
import type { NoParams } from "./protocol/schema";
import { selectionRequests, selectionSchemas, type SelectionTypes } from "./protocol/selection";

export * from "./protocol/activations";
export * from "./protocol/explanations";
export * from "./protocol/models";
export * from "./protocol/probeRuns";
export * from "./protocol/schema";
export * from "./protocol/selection";
export * from "./protocol/settings";

/** The protocol's types by the names the manifest gives them. */
export interface Types extends ActivationTypes, SelectionTypes, ProbeRunTypes, ExplanationTypes, ModelTypes {
    NoParams: NoParams;
}
export type TypeName = keyof Types;

/** Every interp type (not NoParams, not LSP's own types) with its fields. */
export const TypeSchemas = { ...activationSchemas, ...selectionSchemas, ...probeRunSchemas, ...explanationSchemas, ...modelSchemas } as const;

export const requests = { ...activationRequests, ...selectionRequests, ...probeRunRequests, ...explanationRequests, ...modelRequests } as const;
export const notifications = { ...activationNotifications, ...modelNotifications } as const;

/** The actions: the requests that a client without the extension (neovim, a hover card's link) may run as commands. */
export const actions = Object.values(requests).filter((r) => r.command !== undefined);

/** The names of the server's commands (hover cards may link to these; the extension registers each under the same id). */
export const AllInterpCommands: readonly string[] = actions.map((r) => r.command!.name);
