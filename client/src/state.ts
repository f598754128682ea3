/**
 * The server's life as the rest of the extension sees it (its own module, so that `status.ts` and `ctx.ts` need
 * not import each other).
 */
export type ServerState =
    | { kind: "stopped" }
    | { kind: "starting" }
    | { kind: "running" }
    | { kind: "failed"; message: string };

/** Documents not sent to the server (uri -> the reason shown to the user: too large, binary). */
export type Exclusions = Map<string, string>;
