/**
 * The extension's state and the server's life: one `Ctx` per window (as rust-analyzer's `ctx.ts`). It owns the
 * language client, starts it after checking what it needs (a server, a .NET runtime), restarts it when it
 * crashes (a few times, then stops and says why), and turns the server's notifications into events.
 */
import * as childProcess from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as readline from "readline";
import * as vscode from "vscode";
import {
    CloseAction,
    ErrorAction,
    ExecuteCommandRequest,
    LanguageClient,
    State,
    WorkDoneProgress,
    WorkDoneProgressCancelNotification,
    type CancellationToken,
    type ErrorHandler,
    type LanguageClientOptions,
    type RequestType,
    type ServerOptions,
} from "vscode-languageclient/node";
import { documentSelector, languageEnabled, readConfig, toServerSettings, SECTION, type Config } from "./config";
import * as proto from "./protocol";
import {
    checkRuntimes,
    describeExit,
    findDotnet,
    findServer,
    launchFor,
    requiredFramework,
    RestartPolicy,
    spawnServer,
    type Launch,
    type SpawnedServer,
} from "./server";
import { StatusDisplay } from "./status";

export type ServerState =
    | { kind: "stopped" }
    | { kind: "starting" }
    | { kind: "running" }
    | { kind: "failed"; message: string };

/** Documents not sent to the server, with the reason shown to the user. */
export type Exclusions = Map<string, string>;

export class Ctx implements vscode.Disposable {
    config: Config;
    readonly output: vscode.LogOutputChannel;
    readonly status: StatusDisplay;
    /** uri -> why it is not analysed (too large, binary). */
    readonly excluded: Exclusions = new Map();

    private client: LanguageClient | undefined;
    private spawned: SpawnedServer | undefined;
    private stateValue: ServerState = { kind: "stopped" };
    private stopping = false;
    /** Whether the current client got through `initialize` once (crashes after that are restarted). */
    private startedOnce = false;
    private queue: Promise<unknown> = Promise.resolve();
    private readonly restarts = new RestartPolicy(4, 3 * 60_000);
    private readonly disposables: vscode.Disposable[] = [];

    private readonly stateEmitter = new vscode.EventEmitter<ServerState>();
    private readonly activationsEmitter = new vscode.EventEmitter<proto.ActivationsChangedParams>();
    private readonly configEmitter = new vscode.EventEmitter<{ previous: Config; changed: (key: string) => boolean }>();
    private readonly exclusionEmitter = new vscode.EventEmitter<string>();
    readonly onDidChangeState = this.stateEmitter.event;
    readonly onActivationsChanged = this.activationsEmitter.event;
    readonly onDidChangeConfig = this.configEmitter.event;
    readonly onDidChangeExclusions = this.exclusionEmitter.event;

    constructor(readonly extension: vscode.ExtensionContext) {
        this.output = vscode.window.createOutputChannel("InterpLsp", { log: true });
        this.config = this.loadConfig();
        this.status = new StatusDisplay(this.config);
        this.disposables.push(
            this.output,
            this.status,
            this.stateEmitter,
            this.activationsEmitter,
            this.configEmitter,
            this.exclusionEmitter,
            vscode.workspace.onDidChangeConfiguration((e) => this.configurationChanged(e)),
        );
    }

    get state(): ServerState {
        return this.stateValue;
    }

    get running(): boolean {
        return this.stateValue.kind === "running" && this.client !== undefined;
    }

    /** Whether the highlighting and the server look at this document at all (language, scheme). */
    wants(doc: vscode.TextDocument): boolean {
        return (doc.uri.scheme === "file" || doc.uri.scheme === "untitled") && languageEnabled(this.config, doc.languageId);
    }

    // ---- lifecycle -------------------------------------------------------------------------------------------

    /** Starts the server if it is not running. Calls are serialised. */
    start(): Promise<void> {
        return this.serial(() => this.doStart());
    }

    stop(): Promise<void> {
        return this.serial(() => this.doStop());
    }

    restart(): Promise<void> {
        return this.serial(async () => {
            this.restarts.reset();
            await this.doStop();
            await this.doStart();
        });
    }

    private serial<T>(f: () => Promise<T>): Promise<T> {
        const next = this.queue.then(f, f);
        this.queue = next.catch(() => undefined);
        return next;
    }

    private setState(s: ServerState): void {
        this.stateValue = s;
        this.status.setServerState(s);
        this.stateEmitter.fire(s);
    }

    private async doStart(): Promise<void> {
        if (this.client) return;
        this.setState({ kind: "starting" });
        const launch = this.preflight();
        if (typeof launch === "string") {
            this.fail(launch, ["Open Settings", "Show Output"]);
            return;
        }
        this.log(`starting ${launch.command} ${launch.args.join(" ")} (server from ${launch.location.source})`);

        const serverOptions: ServerOptions = async () => {
            const s = spawnServer(launch, this.workspaceRoot(), process.env);
            this.spawned = s;
            const pid = s.process.pid;
            void s.exited.then(({ code, signal }) => this.log(`server process ${pid ?? "?"} ended: ${describeExit(code, signal)}`));
            return s.process;
        };
        const client = new InterpLanguageClient("interp", "InterpLsp", serverOptions, this.clientOptions());
        // The server's commands (interp.selectDirection, ...) are this extension's own VS Code commands (they
        // add pickers and progress), so the client must not register them a second time.
        client.getFeature(ExecuteCommandRequest.method).register = () => undefined;
        client.onNotification(proto.activationsChanged, (p) => this.activationsEmitter.fire(p));
        client.onNotification(proto.serverStatus, (p) => this.status.setServerStatus(p));
        client.onDidChangeState((e) => {
            if (this.client !== client) return;
            if (e.newState === State.Running) {
                this.setState({ kind: "running" });
            } else if (e.newState === State.Starting) {
                this.setState({ kind: "starting" });
            }
        });
        this.client = client;
        this.startedOnce = false;
        try {
            await client.start();
            this.startedOnce = true;
            this.setState({ kind: "running" });
        } catch (e) {
            const s = this.spawned;
            const exit = s ? await Promise.race([s.exited, delay(3000).then(() => undefined)]) : undefined;
            const reason = s?.stderr.reason() ?? (exit ? "it ended before answering `initialize`" : errorMessage(e));
            const how = exit ? ` (${describeExit(exit.code, exit.signal)})` : "";
            this.client = undefined;
            await client.dispose(2000).catch(() => undefined);
            this.killProcess();
            this.fail(`The server failed to start${how}: ${reason}`, ["Show Output", "Open Settings"]);
        }
    }

    private async doStop(): Promise<void> {
        const client = this.client;
        if (!client) {
            this.setState({ kind: "stopped" });
            return;
        }
        this.stopping = true;
        this.client = undefined;
        try {
            await client.stop(3000);
        } catch (e) {
            this.log(`stop: ${errorMessage(e)}`);
        } finally {
            await client.dispose(1000).catch(() => undefined);
            this.killProcess();
            this.stopping = false;
            this.setState({ kind: "stopped" });
        }
    }

    private killProcess(): void {
        const p = this.spawned?.process;
        if (p && p.exitCode === null && p.signalCode === null) p.kill("SIGKILL");
        this.spawned = undefined;
    }

    /** Everything that can be checked before starting: the server, .NET, the runtime version. */
    private preflight(): Launch | string {
        const found = findServer({
            configuredPath: this.config.serverPath,
            extensionPath: this.extension.extensionPath,
            workspaceFolder: this.workspaceRoot(),
        });
        if (!found.ok) return found.message;
        const location = found.value;
        if (!location.isDll) return launchFor(location, undefined);
        const dotnet = findDotnet(process.env);
        if (!dotnet.ok) return dotnet.message;
        const rc = path.join(path.dirname(location.path), path.basename(location.path, ".dll") + ".runtimeconfig.json");
        const required = fs.existsSync(rc) ? requiredFramework(fs.readFileSync(rc, "utf8")) : undefined;
        if (required) {
            const r = childProcess.spawnSync(dotnet.value, ["--list-runtimes"], { encoding: "utf8", timeout: 15_000 });
            if (r.error || r.status !== 0) return `${dotnet.value} --list-runtimes failed: ${r.error?.message ?? r.stderr.trim()}`;
            const problem = checkRuntimes(r.stdout, required);
            if (problem) return `${problem} (${dotnet.value})`;
        }
        return launchFor(location, dotnet.value);
    }

    private fail(message: string, buttons: string[]): void {
        this.log(`error: ${message}`);
        this.setState({ kind: "failed", message });
        void vscode.window.showErrorMessage(`InterpLsp: ${message}`, ...buttons).then((b) => this.button(b));
    }

    private button(b: string | undefined): void {
        if (b === "Show Output") this.output.show(true);
        else if (b === "Open Settings") void vscode.commands.executeCommand("workbench.action.openSettings", "interp.");
        else if (b === "Restart Server") void this.restart();
    }

    private clientOptions(): LanguageClientOptions {
        const errorHandler: ErrorHandler = {
            error: (error, _message, count) => {
                this.log(`connection error ${count ?? ""}: ${error.message}`);
                return count !== undefined && count <= 3
                    ? { action: ErrorAction.Continue, handled: true }
                    : { action: ErrorAction.Shutdown, handled: true };
            },
            closed: () => {
                // Stopped on purpose, or never started (doStart reports that failure): no restart.
                if (this.stopping || !this.startedOnce) return { action: CloseAction.DoNotRestart, handled: true };
                const { restart, count } = this.restarts.crashed(Date.now());
                const dying = this.spawned;
                void this.explainCrash(dying, restart, count);
                if (!restart) {
                    const client = this.client;
                    this.client = undefined;
                    this.setState({ kind: "failed", message: `the server crashed ${count} times in 3 minutes` });
                    setTimeout(() => void client?.dispose(1000).catch(() => undefined), 0);
                }
                return { action: restart ? CloseAction.Restart : CloseAction.DoNotRestart, handled: true };
            },
        };
        return {
            stdioOptions: { stdout: () => undefined, stderr: (input, channel) => pipeServerStderr(input, channel) },
            documentSelector: documentSelector(this.config),
            initializationOptions: toServerSettings(this.config),
            outputChannel: this.output,
            revealOutputChannelOn: 4 /* RevealOutputChannelOn.Never */,
            errorHandler,
            initializationFailedHandler: () => false,
            markdown: {
                // Hover cards link to this extension's commands only.
                isTrusted: { enabledCommands: [...proto.AllInterpCommands] },
                supportHtml: false,
            },
            middleware: {
                didOpen: (doc, next) => {
                    const why = this.exclusionReason(doc);
                    if (why) {
                        this.excluded.set(doc.uri.toString(), why);
                        this.log(`${doc.uri.toString()} not analysed: ${why}`);
                        this.exclusionEmitter.fire(doc.uri.toString());
                        return Promise.resolve();
                    }
                    if (this.excluded.delete(doc.uri.toString())) this.exclusionEmitter.fire(doc.uri.toString());
                    return next(doc);
                },
                didChange: (e, next) => (this.excluded.has(e.document.uri.toString()) ? Promise.resolve() : next(e)),
                didClose: (doc, next) => {
                    if (this.excluded.delete(doc.uri.toString())) return Promise.resolve();
                    return next(doc);
                },
                provideHover: (doc, pos, token, next) =>
                    this.excluded.has(doc.uri.toString()) ? undefined : next(doc, pos, token),
                // The server's semantic tokens are for editors without this extension; here the decorations show
                // the same values, so VS Code need not ask for them.
                provideDocumentSemanticTokens: () => undefined,
                provideDocumentRangeSemanticTokens: () => undefined,
                provideDocumentSemanticTokensEdits: () => undefined,
            },
        };
    }

    private async explainCrash(dying: SpawnedServer | undefined, restarting: boolean, count: number): Promise<void> {
        const exit = dying ? await Promise.race([dying.exited, delay(2000).then(() => undefined)]) : undefined;
        const how = exit ? describeExit(exit.code, exit.signal) : "its connection closed";
        const detail = dying?.stderr.reason();
        const why = `The InterpLsp server stopped unexpectedly: ${how}${detail && !exit?.signal ? ` (${detail})` : ""}.`;
        this.log(why);
        if (restarting) {
            void vscode.window
                .showWarningMessage(`${why} Restarting it (${count} of ${this.restarts.max} restarts allowed in 3 minutes).`, "Show Output")
                .then((b) => this.button(b));
        } else {
            void vscode.window
                .showErrorMessage(`${why} It crashed ${count} times in 3 minutes and will not be restarted automatically.`, "Restart Server", "Show Output")
                .then((b) => this.button(b));
            this.killProcess();
        }
    }

    /** Why a document is not sent to the server (too large, binary), or undefined. */
    exclusionReason(doc: vscode.TextDocument): string | undefined {
        if (!this.wants(doc)) return undefined;
        const length = doc.offsetAt(new vscode.Position(doc.lineCount, 0));
        if (length > this.config.maxChars)
            return `it is too large (${length.toLocaleString("en-US")} characters; interp.maxChars is ${this.config.maxChars.toLocaleString("en-US")})`;
        const head = doc.getText(new vscode.Range(0, 0, Math.min(doc.lineCount, 200), 0));
        if (head.includes("\u0000")) return "it looks binary (it contains NUL characters)";
        return undefined;
    }

    // ---- requests --------------------------------------------------------------------------------------------

    private requireClient(): LanguageClient {
        if (!this.client || this.stateValue.kind !== "running") {
            const s = this.stateValue;
            throw new Error(
                s.kind === "failed" ? `the server is not running: ${s.message}` : `the server is not running (${s.kind})`,
            );
        }
        return this.client;
    }

    request<P, R, E>(type: RequestType<P, R, E>, params: P, token?: CancellationToken): Promise<R> {
        const client = this.requireClient();
        // (With a string method, an undefined token would be sent as a second positional parameter.)
        return token ? client.sendRequest<R>(type.method, params, token) : client.sendRequest<R>(type.method, params);
    }

    /**
     * `workspace/executeCommand` with the server's work-done progress shown as VS Code's progress notification
     * (with Cancel) when `title` is given.
     */
    async executeCommand<K extends keyof proto.CommandResults>(
        command: K,
        args: unknown[],
        title?: string,
    ): Promise<proto.CommandResults[K] | undefined> {
        const client = this.requireClient();
        if (!title) return client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
        return vscode.window.withProgress(
            { location: vscode.ProgressLocation.Notification, title, cancellable: true },
            async (progress, cancel) => {
                const token = `interp-client-${Date.now()}-${Math.random().toString(36).slice(2)}`;
                const sub = client.onProgress(WorkDoneProgress.type, token, (v) => {
                    if ((v.kind === "begin" || v.kind === "report") && v.message) progress.report({ message: v.message });
                });
                const cancelled = cancel.onCancellationRequested(
                    () => void client.sendNotification(WorkDoneProgressCancelNotification.type, { token }).catch(() => undefined),
                );
                try {
                    return await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args, workDoneToken: token }, cancel);
                } finally {
                    sub.dispose();
                    cancelled.dispose();
                }
            },
        );
    }

    // ---- configuration ---------------------------------------------------------------------------------------

    private loadConfig(): Config {
        const { config, problems } = readConfig(vscode.workspace.getConfiguration(SECTION));
        for (const p of problems) {
            this.log(`settings: ${p}`);
            void vscode.window.showWarningMessage(`InterpLsp: ${p}`, "Open Settings").then((b) => this.button(b));
        }
        return config;
    }

    private configurationChanged(e: vscode.ConfigurationChangeEvent): void {
        if (!e.affectsConfiguration(SECTION)) return;
        const previous = this.config;
        this.config = this.loadConfig();
        this.status.setConfig(this.config);
        const changed = (key: string) => e.affectsConfiguration(`${SECTION}.${key}`);
        if (["server.path", "languages", "maxChars"].some(changed)) {
            this.log("settings changed: restarting the server");
            void this.restart();
        } else if (["model", "hook", "directions", "cache.maxMegabytes", "threshold", "debounceMs"].some(changed) && this.client && this.running) {
            void this.client
                .sendNotification("workspace/didChangeConfiguration", { settings: { interp: toServerSettings(this.config) } })
                .catch((err) => this.log(`didChangeConfiguration: ${errorMessage(err)}`));
        }
        this.configEmitter.fire({ previous, changed });
    }

    workspaceRoot(): string | undefined {
        return vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === "file")?.uri.fsPath;
    }

    log(line: string): void {
        this.output.info(`[client] ${line}`);
    }

    async dispose(): Promise<void> {
        await this.stop();
        for (const d of this.disposables) d.dispose();
    }
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

export function errorMessage(e: unknown): string {
    if (e instanceof Error) return e.message;
    if (e && typeof e === "object" && "message" in e) return String((e as { message: unknown }).message);
    return String(e);
}

export function delay(ms: number): Promise<void> {
    return new Promise((r) => setTimeout(r, ms));
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
