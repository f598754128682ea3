/**
 * When to ask the server for activations and what to paint: follows the visible editors, the server's
 * interp/activationsChanged notifications (after each edit's recompute, and exactly one per open document after
 * a change of direction or hook: the commands fetch nothing themselves) and, for large documents, scrolling.
 * Notifications for the same uri and version that arrive while a fetch for it is still pending are coalesced
 * into that fetch. One request per document at a time; a newer need cancels the older request;
 * a result for an older version than the editor's is dropped (the decorations that VS Code moved with the edit
 * stay until the new ones replace them). A failure is remembered for its document version and not retried until
 * the document or the server's state changes, so a bad document cannot make the extension spin.
 */
import * as vscode from "vscode";
import type { Ctx } from "./ctx";
import { errorMessage } from "./util";
import type { DecorationPainter } from "./decorations";
import * as proto from "./protocol";
import { FetchScheduler } from "./schedule";

interface DocState {
    result?: proto.TokenActivationsResult;
    /** The range the result covers; undefined: the whole document. */
    covered?: vscode.Range;
    error?: { version: number; message: string };
    inFlight?: vscode.CancellationTokenSource;
}

export class Highlighter implements vscode.Disposable {
    private readonly docs = new Map<string, DocState>();
    private readonly disposables: vscode.Disposable[] = [];
    private readonly notified = new Set<string>();
    /** The pending fetch of each document (uri); duplicate notifications merge there. */
    private readonly scheduler = new FetchScheduler((uri) => {
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
        if (doc) void this.fetch(doc);
    });
    private enabledValue: boolean;

    constructor(
        private readonly ctx: Ctx,
        private readonly painter: DecorationPainter,
    ) {
        this.enabledValue = ctx.config.highlightingEnabled;
        ctx.status.setHighlighting(this.enabledValue);
        this.disposables.push(
            ctx.onDidChangeState((s) => {
                if (s.kind === "running") {
                    this.refreshAll();
                } else {
                    this.forgetAll();
                }
            }),
            ctx.onActivationsChanged((p) => this.activationsChanged(p)),
            ctx.onDidChangeExclusions(() => this.updateStatus()),
            ctx.onDidChangeConfig(({ changed }) => {
                this.painter.setConfig(ctx.config);
                if (changed("highlighting.enabled")) this.setEnabled(ctx.config.highlightingEnabled);
                else this.repaintAll();
            }),
            vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.show(e))),
            vscode.window.onDidChangeActiveTextEditor(() => this.updateStatus()),
            vscode.window.onDidChangeTextEditorVisibleRanges((e) => {
                if (this.isLarge(e.textEditor.document) && !this.covers(e.textEditor)) this.schedule(e.textEditor.document, 100);
            }),
            vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc.uri.toString())),
            vscode.workspace.onDidChangeTextDocument((e) => {
                if (e.document === vscode.window.activeTextEditor?.document) this.updateStatus();
            }),
        );
    }

    get enabled(): boolean {
        return this.enabledValue;
    }

    setEnabled(on: boolean): void {
        this.enabledValue = on;
        this.ctx.status.setHighlighting(on);
        if (on) this.refreshAll();
        else for (const e of vscode.window.visibleTextEditors) this.painter.clear(e);
    }

    /** The latest result for the document's current version, if any. */
    current(doc: vscode.TextDocument): proto.TokenActivationsResult | undefined {
        const r = this.docs.get(doc.uri.toString())?.result;
        return r && r.version === doc.version ? r : undefined;
    }

    /** All tokens of the document (asks the server when only a range is painted). */
    async whole(doc: vscode.TextDocument): Promise<proto.TokenActivationsResult | undefined> {
        const s = this.docs.get(doc.uri.toString());
        if (s?.result && s.result.version === doc.version && !s.covered) return s.result;
        const r = await this.ctx.request(proto.tokenActivations, { textDocument: { uri: doc.uri.toString() }, range: null });
        return r.version === doc.version ? r : undefined;
    }

    private state(uri: string): DocState {
        let s = this.docs.get(uri);
        if (!s) this.docs.set(uri, (s = {}));
        return s;
    }

    private editorsOf(uri: string): vscode.TextEditor[] {
        return vscode.window.visibleTextEditors.filter((e) => e.document.uri.toString() === uri);
    }

    private isLarge(doc: vscode.TextDocument): boolean {
        return doc.lineCount > this.ctx.config.fullDocumentLines;
    }

    /** Whether the painted result of the editor's document covers what the editor shows. */
    private covers(editor: vscode.TextEditor): boolean {
        const s = this.docs.get(editor.document.uri.toString());
        if (!s?.result) return false;
        if (!s.covered) return true;
        return editor.visibleRanges.every((r) => s.covered!.contains(r));
    }

    private activationsChanged(p: proto.ActivationsChangedParams): void {
        const editors = this.editorsOf(p.uri);
        if (editors.length === 0) return;
        if (p.version < editors[0].document.version) return; // a newer version's notification follows
        const s = this.state(p.uri);
        s.error = undefined;
        // A duplicate of a notification whose fetch has not started yet merges into it: that fetch answers both.
        this.scheduler.notified(p.uri, p.version);
    }

    private show(editor: vscode.TextEditor): void {
        const doc = editor.document;
        if (!this.enabledValue || !this.ctx.wants(doc)) return;
        const s = this.docs.get(doc.uri.toString());
        if (s?.result && s.result.version === doc.version && this.covers(editor)) this.painter.paint(editor, s.result);
        else this.schedule(doc, 0);
        this.updateStatus();
    }

    refreshAll(): void {
        for (const e of vscode.window.visibleTextEditors) this.show(e);
        this.updateStatus();
    }

    private repaintAll(): void {
        for (const e of vscode.window.visibleTextEditors) {
            const r = this.current(e.document);
            if (!this.enabledValue || !this.ctx.wants(e.document)) this.painter.clear(e);
            else if (r) this.painter.paint(e, r);
            else this.schedule(e.document, 0);
        }
        this.updateStatus();
    }

    /** One fetch for the document after `ms` (replacing a pending one). */
    private schedule(doc: vscode.TextDocument, ms: number): void {
        this.scheduler.schedule(doc.uri.toString(), ms);
    }

    private async fetch(doc: vscode.TextDocument): Promise<void> {
        const uri = doc.uri.toString();
        const editors = this.editorsOf(uri);
        if (editors.length === 0 || doc.isClosed) return;
        if (!this.enabledValue || !this.ctx.running || !this.ctx.wants(doc) || this.ctx.excluded.has(uri)) return;
        const s = this.state(uri);
        if (s.error && s.error.version === doc.version) return;
        s.inFlight?.cancel();
        const cts = (s.inFlight = new vscode.CancellationTokenSource());
        const version = doc.version;

        let range: vscode.Range | undefined;
        if (this.isLarge(doc)) {
            let first = Number.MAX_SAFE_INTEGER;
            let last = 0;
            for (const e of editors)
                for (const r of e.visibleRanges) {
                    first = Math.min(first, r.start.line);
                    last = Math.max(last, r.end.line);
                }
            const margin = Math.max(50, last - first);
            range = new vscode.Range(Math.max(0, first - margin), 0, Math.min(doc.lineCount, last + margin + 1), 0);
        }
        try {
            const result = await this.ctx.request(
                proto.tokenActivations,
                {
                    textDocument: { uri },
                    range: range
                        ? { start: { line: range.start.line, character: 0 }, end: { line: range.end.line, character: 0 } }
                        : null,
                },
                cts.token,
            );
            if (cts.token.isCancellationRequested || doc.isClosed) return;
            if (result.version !== doc.version) return; // stale: the notification for the newer version follows
            s.result = result;
            s.covered = range;
            s.error = undefined;
            if (this.enabledValue) for (const e of this.editorsOf(uri)) this.painter.paint(e, result);
        } catch (e) {
            if (cts.token.isCancellationRequested || !this.ctx.running) return;
            const code = (e as { code?: number }).code;
            if (code === proto.ErrorCodes.RequestCancelled || code === proto.ErrorCodes.ContentModified) return;
            const message = errorMessage(e);
            s.error = { version, message };
            s.result = undefined;
            for (const ed of this.editorsOf(uri)) this.painter.clear(ed);
            this.ctx.log(`activations for ${uri} (version ${version}): ${message}`);
            this.notifyOnce(uri, `InterpLsp cannot highlight ${baseName(doc)}: ${message}`);
        } finally {
            if (s.inFlight === cts) s.inFlight = undefined;
            cts.dispose();
            this.updateStatus();
        }
    }

    private notifyOnce(uri: string, message: string): void {
        const key = `${uri}\n${message}`;
        if (this.notified.has(key)) return;
        this.notified.add(key);
        void vscode.window.showWarningMessage(message, "Show Output").then((b) => {
            if (b) this.ctx.output.show(true);
        });
    }

    /** The status bar's note on the active document. */
    updateStatus(): void {
        const doc = vscode.window.activeTextEditor?.document;
        if (!doc) return this.ctx.status.setDocumentProblem(undefined);
        const uri = doc.uri.toString();
        const excluded = this.ctx.excluded.get(uri);
        if (excluded) {
            this.notifyOnce(uri, `InterpLsp does not analyse ${baseName(doc)}: ${excluded}.`);
            return this.ctx.status.setDocumentProblem(`not analysed: ${excluded}`);
        }
        if (!this.ctx.wants(doc))
            return this.ctx.status.setDocumentProblem(
                doc.uri.scheme === "file" || doc.uri.scheme === "untitled"
                    ? `its language (${doc.languageId}) is not in interp.languages`
                    : undefined,
                "info",
            );
        const e = this.docs.get(uri)?.error;
        this.ctx.status.setDocumentProblem(e && e.version === doc.version ? e.message : undefined);
    }

    private forget(uri: string): void {
        this.scheduler.cancel(uri);
        const s = this.docs.get(uri);
        if (!s) return;
        s.inFlight?.cancel();
        this.docs.delete(uri);
        for (const k of [...this.notified]) if (k.startsWith(uri + "\n")) this.notified.delete(k);
    }

    /** The server stopped: its results mean nothing any more. */
    private forgetAll(): void {
        for (const uri of [...this.docs.keys()]) this.forget(uri);
        for (const e of vscode.window.visibleTextEditors) this.painter.clear(e);
        this.updateStatus();
    }

    dispose(): void {
        this.forgetAll();
        this.scheduler.dispose();
        for (const d of this.disposables) d.dispose();
    }
}

function baseName(doc: vscode.TextDocument): string {
    const p = doc.uri.path;
    return p.slice(p.lastIndexOf("/") + 1) || p;
}
