/** Interp: Next / Previous Strong Activation: moves the selection to the next strong token, wrapping around. */
import * as vscode from "vscode";
import type { Ctx } from "./ctx";
import { errorMessage } from "./util";
import type { Highlighter } from "./highlighter";
import { nextStrong, strongTokens } from "./strong";

export async function gotoStrong(ctx: Ctx, highlighter: Highlighter, direction: 1 | -1): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !ctx.wants(editor.document)) {
        void vscode.window.showInformationMessage("InterpLsp: open a document of a language in interp.languages first.");
        return;
    }
    let result;
    try {
        result = await highlighter.whole(editor.document);
    } catch (e) {
        void vscode.window.showWarningMessage(`InterpLsp: ${errorMessage(e)}`);
        return;
    }
    if (!result) {
        void vscode.window.showInformationMessage("InterpLsp: the activations of this version are not ready yet; try again.");
        return;
    }
    const direction0 = result.directions[0];
    if (!direction0) {
        void vscode.window.showInformationMessage("InterpLsp: no direction is active (Interp: Select Direction).");
        return;
    }
    const strong = strongTokens(result, ctx.config.threshold);
    const i = nextStrong(strong, editor.selection.active, direction);
    if (i < 0) {
        void vscode.window.showInformationMessage(`InterpLsp: no strong activations of ${direction0.name} in this document.`);
        return;
    }
    const t = strong[i];
    const r = new vscode.Range(t.range.start.line, t.range.start.character, t.range.end.line, t.range.end.character);
    editor.selection = new vscode.Selection(r.start, r.end);
    editor.revealRange(r, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    vscode.window.setStatusBarMessage(
        `Interp: strong activation ${i + 1} of ${strong.length}: “${t.text}” = ${t.values[0].toPrecision(4)}`,
        5000,
    );
}
