/**
 * The machinery of the typed protocol: run-time schemas of the interfaces (checked against them by the compiler),
 * and the message objects (requests with their command form, notifications) that name their types as the
 * server's manifest does.
 */
import * as lsp from "vscode-languageserver-protocol";

/** The parameters of a request that takes none: `{}`. */
export type NoParams = Record<string, never>;

/** Params that may carry the client's work-done progress token (LSP's `WorkDoneProgressParams`). */
export interface WorkDoneParams {
    workDoneToken?: lsp.ProgressToken | null;
}

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

export const req = { optional: false } as const;
export const opt = { optional: true } as const;

/** An action's command form (`interp.NAME` for the request `interp/NAME`): its positional arguments are fields of the params. */
export interface CommandForm {
    readonly name: string;
    readonly args: readonly string[];
}

/** A request with the names of its parameter and result types, and its command form when it is an action. */
export class InterpRequest<P, R> extends lsp.RequestType<P, R, void> {
    constructor(
        method: string,
        readonly params: string,
        readonly result: string,
        readonly command?: CommandForm,
    ) {
        super(method);
    }
}

/** A notification (server -> client) with the name of its parameter type. */
export class InterpNotification<P> extends lsp.NotificationType<P> {
    constructor(
        method: string,
        readonly params: string,
    ) {
        super(method);
    }
}

/**
 * The message factories of a topic, typed by its map of type names to types `T`: a type name that is not in the
 * map, or a command argument that is not a field of the params, does not compile. An action `NAME` is the request
 * `interp/NAME` and the command `interp.NAME` (one id per action).
 */
export function messagesOf<T>() {
    return {
        request: <P extends keyof T & string, R extends keyof T & string>(method: string, params: P, result: R) =>
            new InterpRequest<T[P], T[R]>(method, params, result),
        action: <P extends keyof T & string, R extends keyof T & string>(name: string, params: P, result: R, args: readonly (keyof T[P] & string)[]) =>
            new InterpRequest<T[P], T[R]>(`interp/${name}`, params, result, { name: `interp.${name}`, args }),
        notification: <P extends keyof T & string>(method: string, params: P) => new InterpNotification<T[P]>(method, params),
    };
}
