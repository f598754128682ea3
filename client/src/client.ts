/**
 * The language client and its options (as rust-analyzer's `client.ts`): the document selector and settings sent
 * to the server, the output, and the middleware that keeps documents the server should not see (too large,
 * binary) away from it. The server's life (start, stop, crashes) is `ctx.ts`'s.
 */
import * as readline from "readline";
import * as vscode from "vscode";
import {
    ExecuteCommandRequest,
    LanguageClient,
    type ErrorHandler,
    type LanguageClientOptions,
    type ServerOptions,
} from "vscode-languageclient/node";
import { documentSelector, languageEnabled, toServerSettings, type Config } from "./config";
import * as proto from "./protocol";
import type { Exclusions } from "./state";

/** What the middleware needs from the extension's state. */
export interface MiddlewareHost {
    readonly config: Config;
    readonly excluded: Exclusions;
    /** The document's exclusion was set or lifted. */
    exclusionChanged(uri: string): void;
    log(line: string): void;
}

/** Whether the highlighting and the server look at this document at all (language, scheme). */
export function wants(config: Config, doc: vscode.TextDocument): boolean {
    return (doc.uri.scheme === "file" || doc.uri.scheme === "untitled") && languageEnabled(config, doc.languageId);
}

/** Why a document is not sent to the server (too large, binary), or undefined. */
export function exclusionReason(config: Config, doc: vscode.TextDocument): string | undefined {
    if (!wants(config, doc)) return undefined;
    const length = doc.offsetAt(new vscode.Position(doc.lineCount, 0));
    if (length > config.maxChars)
        return `it is too large (${length.toLocaleString("en-US")} characters; interp.maxChars is ${config.maxChars.toLocaleString("en-US")})`;
    const head = doc.getText(new vscode.Range(0, 0, Math.min(doc.lineCount, 200), 0));
    if (head.includes("\u0000")) return "it looks binary (it contains NUL characters)";
    return undefined;
}

export function createClient(
    serverOptions: ServerOptions,
    host: MiddlewareHost,
    output: vscode.LogOutputChannel,
    errorHandler: ErrorHandler,
): LanguageClient {
    const client = new InterpLanguageClient("interp", "InterpLsp", serverOptions, clientOptions(host, output, errorHandler));
    // The server's commands (interp.selectDirection, ...) are this extension's own VS Code commands (they add
    // pickers and progress), so the client must not register them a second time.
    client.getFeature(ExecuteCommandRequest.method).register = () => undefined;
    return client;
}

function clientOptions(host: MiddlewareHost, output: vscode.LogOutputChannel, errorHandler: ErrorHandler): LanguageClientOptions {
    const config = host.config;
    return {
        stdioOptions: { stdout: () => undefined, stderr: (input, channel) => pipeServerStderr(input, channel) },
        documentSelector: documentSelector(config),
        initializationOptions: toServerSettings(config),
        outputChannel: output,
        revealOutputChannelOn: 4 /* RevealOutputChannelOn.Never */,
        errorHandler,
        initializationFailedHandler: () => false,
        markdown: {
            // Hover cards link to this extension's commands only (the server's, and Interp: Explain Direction).
            isTrusted: { enabledCommands: [...proto.AllInterpCommands] },
            supportHtml: false,
        },
        middleware: {
            didOpen: (doc, next) => {
                const uri = doc.uri.toString();
                const why = exclusionReason(host.config, doc);
                if (why) {
                    host.excluded.set(uri, why);
                    host.log(`${uri} not analysed: ${why}`);
                    host.exclusionChanged(uri);
                    return Promise.resolve();
                }
                if (host.excluded.delete(uri)) host.exclusionChanged(uri);
                return next(doc);
            },
            didChange: (e, next) => (host.excluded.has(e.document.uri.toString()) ? Promise.resolve() : next(e)),
            didClose: (doc, next) => {
                if (host.excluded.delete(doc.uri.toString())) return Promise.resolve();
                return next(doc);
            },
            provideHover: (doc, pos, token, next) => (host.excluded.has(doc.uri.toString()) ? undefined : next(doc, pos, token)),
            // The server's semantic tokens are for editors without this extension; here the decorations show the
            // same values, so VS Code need not ask for them.
            provideDocumentSemanticTokens: () => undefined,
            provideDocumentRangeSemanticTokens: () => undefined,
            provideDocumentSemanticTokensEdits: () => undefined,
        },
    };
}

/**
 * The server's stderr into the output: its formatted log lines ("[hh:mm:ss.fff] level: text") repeat what it
 * also sends as window/logMessage, so they go at trace level (debug lines, which only stderr has, at debug);
 * anything else (the .NET host's errors, a crash's stack trace) at error level.
 */
function pipeServerStderr(input: NodeJS.ReadableStream, channel: vscode.LogOutputChannel): void {
    readline.createInterface({ input, crlfDelay: Infinity, terminal: false }).on("line", (line) => {
        const m = /^\[\d\d:\d\d:\d\d\.\d+\] (debug|info|warning|error): /.exec(line);
        if (!m) channel.error(line);
        else if (m[1] === "debug") channel.debug(line);
        else channel.trace(line);
    });
}

/**
 * The language client, except that its own error notifications ("couldn't create connection to server",
 * "connection to server is erroring") only go to the output: the Ctx reports start failures and crashes itself,
 * once, with the reason (the process's exit and last stderr line) and buttons.
 */
class InterpLanguageClient extends LanguageClient {
    override error(message: string, data?: unknown, _showNotification?: boolean | "force"): void {
        super.error(message, data, false);
    }
}
