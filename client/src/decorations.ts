/**
 * Painting: a fixed set of decoration types (LEVELS per sign, plus two for the overview ruler marks of strong
 * activations), created once per colour setting and shared by all editors. A paint sets every type's ranges in
 * one go, so the previous colours stay until the new ones replace them (no flicker).
 */
import * as vscode from "vscode";
import { bucketColor, bucketOf, isStrong, LEVELS, rulerColor } from "./colors";
import type { Config } from "./config";
import type { TokenActivation, TokenActivationsResult } from "./protocol";

export interface Painted {
    /** Tokens painted, per sign. */
    positive: number;
    negative: number;
    strong: number;
}

export class DecorationPainter implements vscode.Disposable {
    private pos: vscode.TextEditorDecorationType[] = [];
    private neg: vscode.TextEditorDecorationType[] = [];
    private strongPos!: vscode.TextEditorDecorationType;
    private strongNeg!: vscode.TextEditorDecorationType;

    constructor(private config: Config) {
        this.create();
    }

    /** Re-creates the decoration types after a colour change (the caller repaints). */
    setConfig(c: Config): void {
        const recolour = c.positiveText !== this.config.positiveText || c.negativeText !== this.config.negativeText;
        this.config = c;
        if (recolour) {
            this.disposeTypes();
            this.create();
        }
    }

    private create(): void {
        const type = (color: string) =>
            vscode.window.createTextEditorDecorationType({
                backgroundColor: color,
                rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
            });
        this.pos = Array.from({ length: LEVELS }, (_, i) => type(bucketColor(this.config.positive, i + 1)));
        this.neg = Array.from({ length: LEVELS }, (_, i) => type(bucketColor(this.config.negative, i + 1)));
        const ruler = (color: string) =>
            vscode.window.createTextEditorDecorationType({
                overviewRulerColor: color,
                overviewRulerLane: vscode.OverviewRulerLane.Right,
                rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
            });
        this.strongPos = ruler(rulerColor(this.config.positive));
        this.strongNeg = ruler(rulerColor(this.config.negative));
    }

    /** Paints the first direction of `result` on `editor`. */
    paint(editor: vscode.TextEditor, result: TokenActivationsResult): Painted {
        const pos: vscode.Range[][] = this.pos.map(() => []);
        const neg: vscode.Range[][] = this.neg.map(() => []);
        const strongPos: vscode.Range[] = [];
        const strongNeg: vscode.Range[] = [];
        const summary = result.directions[0];
        const counts: Painted = { positive: 0, negative: 0, strong: 0 };
        if (summary) {
            const paint = summary.scale.paint; // the server's paint scale, as is
            const threshold = this.config.threshold;
            for (const t of result.tokens) {
                const v = t.values[0];
                const b = bucketOf(v, paint, threshold);
                if (!b) continue;
                const r = toRange(t);
                (b.sign === "pos" ? pos : neg)[b.level - 1].push(r);
                if (b.sign === "pos") counts.positive++;
                else counts.negative++;
                if (isStrong(v, summary.scale, threshold)) {
                    (v > 0 ? strongPos : strongNeg).push(r);
                    counts.strong++;
                }
            }
        }
        this.pos.forEach((t, i) => editor.setDecorations(t, pos[i]));
        this.neg.forEach((t, i) => editor.setDecorations(t, neg[i]));
        editor.setDecorations(this.strongPos, strongPos);
        editor.setDecorations(this.strongNeg, strongNeg);
        return counts;
    }

    clear(editor: vscode.TextEditor): void {
        for (const t of [...this.pos, ...this.neg, this.strongPos, this.strongNeg]) editor.setDecorations(t, []);
    }

    private disposeTypes(): void {
        for (const t of [...this.pos, ...this.neg, this.strongPos, this.strongNeg]) t?.dispose();
    }

    dispose(): void {
        this.disposeTypes();
    }
}

export function toRange(t: TokenActivation): vscode.Range {
    return new vscode.Range(t.range.start.line, t.range.start.character, t.range.end.line, t.range.end.character);
}
