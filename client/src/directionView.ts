/**
 * The direction view: a webview showing the server's report of one direction (the same HTML that
 * `interp-lsp report DIRECTION -o FILE.html` writes): histogram, top examples, quantile bins, probe report,
 * similar directions. The server's HTML has no script; this adds a strict CSP and one small script that turns
 * a click on an example from a workspace file (`a[data-path]`) into "open that file at that place".
 */
import * as crypto from "crypto";
import * as vscode from "vscode";
import type { Ctx } from "./ctx";
import * as proto from "./protocol";

type OpenMessage = { type: "open"; path: string; offset: number };

export class DirectionViews implements vscode.Disposable {
    private readonly panels = new Map<string, vscode.WebviewPanel>();

    constructor(private readonly ctx: Ctx) {}

    /** Opens (or refreshes) the view of direction `id`. */
    async show(id: string): Promise<void> {
        const view = await this.ctx.run(proto.directionView, { id }, "Interp: preparing the direction view");
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
            p.onDidDispose(() => this.panels.delete(view.id));
            p.webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m));
        }
        panel.title = view.title;
        panel.webview.html = withClickScript(view.html, panel.webview.cspSource);
        panel.reveal(vscode.ViewColumn.Beside, false);
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
    }
}

/** The server's HTML with a CSP (inline styles, no remote anything) and the click script, under a nonce. */
export function withClickScript(html: string, cspSource: string): string {
    const nonce = crypto.randomBytes(16).toString("base64");
    const csp =
        `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; ` +
        `style-src 'unsafe-inline' ${cspSource}; img-src data: ${cspSource}; script-src 'nonce-${nonce}';">`;
    const script =
        `<script nonce="${nonce}">(function(){const vscode=acquireVsCodeApi();` +
        `document.addEventListener('click',function(e){const a=e.target&&e.target.closest?e.target.closest('a[data-path]'):null;` +
        `if(!a)return;e.preventDefault();vscode.postMessage({type:'open',path:a.getAttribute('data-path'),` +
        `offset:Number(a.getAttribute('data-offset')||0)});});})();</script>`;
    const head = html.includes("<head>") ? html.replace("<head>", `<head>${csp}`) : `${csp}${html}`;
    return head.includes("</body>") ? head.replace("</body>", `${script}</body>`) : `${head}${script}`;
}
