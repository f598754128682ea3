/**
 * The extension's state and the server's life: one `Ctx` per window (as rust-analyzer's `ctx.ts`). It owns the
 * language client (its options and middleware: client.ts), starts it after the checks of preflight.ts, restarts
 * it when it crashes (a few times, then stops and says why), and turns the server's notifications into state
 * and events: the selection (interp/selectionChanged) is kept here and shown by the status bar.
 */
import * as vscode from "vscode";
import {
    CloseAction,
    ErrorAction,
    State,
    WorkDoneProgress,
    WorkDoneProgressCancelNotification,
    type CancellationToken,
    type ErrorHandler,
    type LanguageClient,
    type RequestType,
    type ServerOptions,
} from "vscode-languageclient/node";
import { createClient, wants, type MiddlewareHost } from "./client";
import { readConfig, RESTART_KEYS, RESTRICTED_KEYS, SECTION, SERVER_KEYS, toServerSettings, type Config } from "./config";
import { preflight } from "./preflight";
import * as proto from "./protocol";
import { describeExit, RestartPolicy, spawnServer, type SpawnedServer } from "./server";
import type { Exclusions, ServerState } from "./state";
import { StatusDisplay } from "./status";
import { delay, errorMessage } from "./util";

export class Ctx implements vscode.Disposable, MiddlewareHost {
    config: Config;
    readonly output: vscode.LogOutputChannel;
    readonly status: StatusDisplay;
    /** uri -> why it is not analysed (too large, binary). */
    readonly excluded: Exclusions = new Map();
    /** The server's model, hook, active direction and threshold, from interp/selectionChanged only. */
    selection: proto.Selection | undefined;

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
    private readonly steerTextEmitter = new vscode.EventEmitter<proto.SteerTextParams>();
    private readonly configEmitter = new vscode.EventEmitter<{ previous: Config; changed: (key: string) => boolean }>();
    private readonly exclusionEmitter = new vscode.EventEmitter<string>();
    readonly onDidChangeState = this.stateEmitter.event;
    readonly onActivationsChanged = this.activationsEmitter.event;
    /** Steered generation streaming in (interp/steerText). */
    readonly onSteerText = this.steerTextEmitter.event;
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
            this.steerTextEmitter,
            this.configEmitter,
            this.exclusionEmitter,
            vscode.workspace.onDidChangeConfiguration((e) => this.configurationChanged(e)),
            // Trust lets the workspace's interp.server.path and interp.directions count: read them again.
            vscode.workspace.onDidGrantWorkspaceTrust(() => {
                this.log("the workspace is trusted now: reading its restricted settings");
                const restricted: readonly string[] = RESTRICTED_KEYS;
                this.applyConfig((key) => restricted.includes(key));
            }),
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
        return wants(this.config, doc);
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
        const launch = preflight({
            serverPath: this.config.serverPath,
            extensionPath: this.extension.extensionPath,
            workspaceFolder: this.workspaceRoot(),
            env: process.env,
        });
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
        const client = createClient(serverOptions, this, this.output, this.errorHandler());
        client.onNotification(proto.activationsChanged, (p) => this.activationsEmitter.fire(p));
        client.onNotification(proto.serverStatus, (p) => this.status.setServerStatus(p));
        client.onNotification(proto.steerText, (p) => this.steerTextEmitter.fire(p));
        // The one place the selection (and so the status bar's model, hook and direction) is written.
        client.onNotification(proto.selectionChanged, (p) => {
            if (this.client !== client) return;
            this.selection = p;
            this.status.setSelection(p);
        });
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

    /** Connection errors and the end of the server process: restart it (a few times), or say why not. */
    private errorHandler(): ErrorHandler {
        return {
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

    /** The middleware set or lifted the exclusion of a document. */
    exclusionChanged(uri: string): void {
        this.exclusionEmitter.fire(uri);
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
     * An action's request (`interp/NAME`) with the server's work-done progress shown as VS Code's progress
     * notification (with Cancel) when `title` is given: the params carry the progress token, as LSP's
     * `WorkDoneProgressParams` do.
     */
    async run<P extends object, R>(type: proto.InterpRequest<P, R>, params: NoInfer<P>, title?: string): Promise<R> {
        const client = this.requireClient();
        // (By method name: the protocol's message classes come from vscode-languageserver-protocol, the client's from its own copy.)
        if (!title) return client.sendRequest<R>(type.method, params);
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
                    return await client.sendRequest<R>(type.method, { ...params, workDoneToken: token }, cancel);
                } finally {
                    sub.dispose();
                    cancelled.dispose();
                }
            },
        );
    }

    // ---- configuration ---------------------------------------------------------------------------------------

    private loadConfig(): Config {
        const { config, problems, notes } = readConfig(vscode.workspace.getConfiguration(SECTION), vscode.workspace.isTrusted);
        for (const n of notes) this.log(`settings: ${n}`);
        for (const p of problems) {
            this.log(`settings: ${p}`);
            void vscode.window.showWarningMessage(`InterpLsp: ${p}`, "Open Settings").then((b) => this.button(b));
        }
        return config;
    }

    private configurationChanged(e: vscode.ConfigurationChangeEvent): void {
        if (!e.affectsConfiguration(SECTION)) return;
        this.applyConfig((key) => e.affectsConfiguration(`${SECTION}.${key}`));
    }

    /** Reads the settings again; `changed` says which keys (below `interp.`) may have changed. */
    private applyConfig(changed: (key: string) => boolean): void {
        const previous = this.config;
        this.config = this.loadConfig();
        this.status.setConfig(this.config);
        if (RESTART_KEYS.some(changed)) {
            this.log("settings changed: restarting the server");
            void this.restart();
        } else if (SERVER_KEYS.some(changed) && this.client && this.running) {
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
