/**
 * The status bar item (as rust-analyzer's status display): model, hook and active direction (from the server's
 * interp/selectionChanged only, via `setSelection`; the settings until the first one), a spinner while
 * the server is busy (interp/serverStatus), the server's health as the item's colour, and the reason when the
 * active document is not highlighted. Clicking it opens the direction picker.
 */
import * as vscode from "vscode";
import type { Config } from "./config";
import type { ServerState } from "./state";
import type { Selection, ServerStatusParams } from "./protocol";
import { shortModelName } from "./modelNames";

export class StatusDisplay implements vscode.Disposable {
    private readonly item: vscode.StatusBarItem;
    private server: ServerState = { kind: "stopped" };
    private status: ServerStatusParams = { health: "ok", quiescent: true, message: null };
    private selection: Selection | undefined;
    private documentProblem: string | undefined;
    private documentNoteOnly = false;
    private highlighting = true;

    constructor(private config: Config) {
        this.item = vscode.window.createStatusBarItem("interp.status", vscode.StatusBarAlignment.Left, 10);
        this.item.name = "InterpLsp";
        this.render();
        this.item.show();
    }

    setConfig(c: Config): void {
        this.config = c;
        this.render();
    }

    setServerState(s: ServerState): void {
        this.server = s;
        if (s.kind !== "running") this.status = { health: "ok", quiescent: true, message: null };
        this.render();
    }

    setServerStatus(s: ServerStatusParams): void {
        this.status = s;
        this.render();
    }

    /** The server's selection (interp/selectionChanged): model, hook, active direction. */
    setSelection(s: Selection): void {
        this.selection = s;
        this.render();
    }

    /** Why the active document is not highlighted, or undefined; "info" for a mere note (unlisted language). */
    setDocumentProblem(p: string | undefined, severity: "warning" | "info" = "warning"): void {
        this.documentProblem = p;
        this.documentNoteOnly = severity === "info";
        this.render();
    }

    setHighlighting(on: boolean): void {
        this.highlighting = on;
        this.render();
    }

    private render(): void {
        const model = shortModelName(this.selection?.model ?? this.config.model);
        const hook = this.selection?.hook ?? this.config.hook;
        const direction = this.selection?.direction?.name ?? undefined;
        const it = this.item;
        const tip = new vscode.MarkdownString(undefined, true);
        it.backgroundColor = undefined;
        it.command = "interp.selectDirection";
        switch (this.server.kind) {
            case "stopped":
                it.text = "$(circle-slash) Interp: stopped";
                tip.appendMarkdown("The InterpLsp server is not running. It starts when a document of a language in `interp.languages` opens.");
                it.command = "interp.restartServer";
                break;
            case "starting":
                it.text = "$(sync~spin) Interp: starting";
                tip.appendMarkdown("Starting the InterpLsp server…");
                break;
            case "failed":
                it.text = "$(error) Interp: server failed";
                it.backgroundColor = new vscode.ThemeColor("statusBarItem.errorBackground");
                tip.appendText(this.server.message);
                tip.appendMarkdown("\n\nClick to show the output.");
                it.command = "interp.showOutput";
                break;
            case "running": {
                const busy = !this.status.quiescent;
                const icon = busy ? "$(sync~spin)" : !this.highlighting ? "$(eye-closed)" : this.documentProblem && !this.documentNoteOnly ? "$(warning)" : "$(symbol-color)";
                it.text = `${icon} ${model} · ${hook} · ${direction ?? "no direction"}`;
                if (this.status.health === "error") it.backgroundColor = new vscode.ThemeColor("statusBarItem.errorBackground");
                else if (this.status.health === "warning" || (this.documentProblem && !this.documentNoteOnly))
                    it.backgroundColor = new vscode.ThemeColor("statusBarItem.warningBackground");
                tip.appendMarkdown(`**InterpLsp** · model \`${model}\` · hook \`${hook}\`\n\n`);
                tip.appendMarkdown(direction ? `Active direction: **${escape(direction)}**\n\n` : "No direction is loaded: run **Interp: Load Direction from File**.\n\n");
                if (this.status.message) tip.appendMarkdown(`Server: ${escape(this.status.message)}${busy ? " (busy)" : ""}\n\n`);
                if (this.documentProblem) tip.appendMarkdown(`This document is not highlighted: ${escape(this.documentProblem)}\n\n`);
                if (!this.highlighting) tip.appendMarkdown("Highlighting is off (**Interp: Toggle Highlighting**).\n\n");
                tip.appendMarkdown("Click to select a direction.");
                break;
            }
        }
        it.tooltip = tip;
    }

    dispose(): void {
        this.item.dispose();
    }
}

function escape(s: string): string {
    return s.replace(/[\\`*_[\]<>|]/g, (c) => "\\" + c);
}
