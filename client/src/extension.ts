/**
 * InterpLsp for VS Code: starts the interp-lsp server (server.ts, preflight.ts, client.ts, ctx.ts), paints each
 * token by its value on the active direction (highlighter.ts, schedule.ts, decorations.ts, colors.ts), shows the
 * state (status.ts) and the commands (commands.ts, navigation.ts). The protocol is mirrored in protocol.ts.
 */
import * as vscode from "vscode";
import { registerCommands } from "./commands";
import { Ctx } from "./ctx";
import { DecorationPainter } from "./decorations";
import { Highlighter } from "./highlighter";

let ctx: Ctx | undefined;

export function activate(extension: vscode.ExtensionContext): void {
    const c = (ctx = new Ctx(extension));
    const painter = new DecorationPainter(c.config);
    const highlighter = new Highlighter(c, painter);
    extension.subscriptions.push(painter, highlighter, ...registerCommands(c, highlighter));

    // Start the server when a document it should look at is (or becomes) visible, not before: a window with no
    // such document costs nothing.
    const maybeStart = () => {
        if (c.state.kind !== "stopped") return;
        if (vscode.window.visibleTextEditors.some((e) => c.wants(e.document))) void c.start();
    };
    extension.subscriptions.push(
        vscode.window.onDidChangeVisibleTextEditors(maybeStart),
        vscode.workspace.onDidOpenTextDocument(() => setTimeout(maybeStart, 0)),
        c.onDidChangeConfig(() => maybeStart()),
    );
    maybeStart();
}

export async function deactivate(): Promise<void> {
    await ctx?.dispose();
    ctx = undefined;
}
