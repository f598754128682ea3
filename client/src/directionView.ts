/**
 * The direction view: a webview showing the server's report of one direction (the same HTML that
 * `interp-lsp report DIRECTION -o FILE.html` writes): histogram, top examples, quantile bins, probe report, the
 * stored explanation (candidates, baselines, threshold plot, modes), similar directions; and, after Interp: Test an
 * Explanation, the tested hypothesis above the explanation. The page (CSP, the click and scroll script) is
 * {@link withClickScript}'s.
 */
import * as vscode from "vscode";
import type { Ctx } from "./ctx";
import * as proto from "./protocol";
import { withClickScript, type ViewFocus } from "./viewPage";


/** What a view shows besides the direction: a tested hypothesis, and the section it opens at. */
export interface ViewOptions {
    hypothesis?: proto.HypothesisResult;
    focus?: ViewFocus;
}

type OpenMessage = { type: "open"; path: string; offset: number };

export class DirectionViews implements vscode.Disposable {
    private readonly panels = new Map<string, vscode.WebviewPanel>();
    /** What each open view shows (the options it was last shown with). */
    private readonly shown = new Map<string, ViewOptions>();

    constructor(private readonly ctx: Ctx) {}

    /** Opens (or refreshes) the view of direction `id`, with a tested hypothesis when given, scrolled to `focus`. */
    async show(id: string, options: ViewOptions = {}): Promise<void> {
        const view = await this.ctx.run(proto.directionView, { id, hypothesis: options.hypothesis }, "Interp: preparing the direction view");
        if (!view) return;
        let panel = this.panels.get(view.id);
        if (!panel) {
            panel = vscode.window.createWebviewPanel("interp.directionView", view.title, vscode.ViewColumn.Beside, {
                enableScripts: true,
                enableFindWidget: true,
                retainContextWhenHidden: false,
                localResourceRoots: [],
            });
            const p = panel;
            this.panels.set(view.id, p);
            p.onDidDispose(() => {
                this.panels.delete(view.id);
                this.shown.delete(view.id);
            });
            p.webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m));
        }
        panel.title = view.title;
        panel.webview.html = withClickScript(view.html, panel.webview.cspSource, options.focus);
        this.shown.set(view.id, options);
        panel.reveal(vscode.ViewColumn.Beside, false);
    }

    /** Brings the view of `id` to the front as `options` showed it: the open panel when it still shows that, else
     * shown again (it was closed, or shows something else since). */
    async reveal(id: string, options: ViewOptions = {}): Promise<void> {
        const panel = this.panels.get(id);
        if (panel && this.shown.get(id) === options) panel.reveal(vscode.ViewColumn.Beside, false);
        else await this.show(id, options);
    }

    private async onMessage(m: unknown): Promise<void> {
        const msg = m as Partial<OpenMessage>;
        if (msg?.type !== "open" || typeof msg.path !== "string" || typeof msg.offset !== "number") return;
        try {
            const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(msg.path));
            const at = doc.positionAt(Math.max(0, msg.offset));
            const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preview: true });
            editor.selection = new vscode.Selection(at, at);
            editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenter);
        } catch (e) {
            void vscode.window.showErrorMessage(`InterpLsp: cannot open ${msg.path}: ${(e as Error).message}`);
        }
    }

    dispose(): void {
        for (const p of this.panels.values()) p.dispose();
        this.panels.clear();
        this.shown.clear();
    }
}
