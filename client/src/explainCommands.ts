/**
 * Interp: Explain Direction (interp.explain [id, corpus]) and Interp: Test an Explanation (interp.testExplanation
 * [id, kind, value]): the palette's and the hover card's way to the server's interp/explain and
 * interp/testExplanation (one id per action). Given their arguments (the link passes the direction's id) they ask
 * nothing; otherwise they ask for what is missing. The report and the one-sentence summary are the server's
 * rendering (interp/explanationText, the same text as the CLI's), written to the output channel and an
 * information message: the client does not render results itself.
 */
import * as vscode from "vscode";
import type { Ctx } from "./ctx";
import { pickDirection } from "./directionPick";
import type { DirectionViews } from "./directionView";
import { checkHypothesis, HYPOTHESIS_KIND_NAMES } from "./hypothesisInput";
import * as proto from "./protocol";

/**
 * Explains the direction `id` (asked for when absent) on `corpus` (absent: the server's default; a scan runs
 * first when none is stored: the progress notification shows it and can cancel it), writes the report to the
 * output, opens the direction view (which shows the full table) and says the verdict.
 */
export async function explainDirection(ctx: Ctx, views: DirectionViews, id: string | undefined, corpus?: string): Promise<void> {
    id ??= await pickDirection(ctx, "Interp: Explain Direction");
    if (!id) return;
    // An absent corpus is the server's default sample.
    const r = await ctx.run(proto.explain, { id, corpus: corpus || undefined }, "Interp: explaining the direction");
    if (!r) return;
    const text = await ctx.run(proto.explanationText, { explanation: r });
    for (const line of text.plain.split("\n")) ctx.output.info(line);
    await views.show(id);
    const b = await vscode.window.showInformationMessage(`Interp: ${text.summary}`, "Show Output");
    if (b) ctx.output.show(true);
}

const KIND_PICKS: (vscode.QuickPickItem & { hypothesisKind: proto.HypothesisKind })[] = [
    { label: "Word list", detail: "words separated by commas or spaces: holds on a token that is one of them (WordPiece pieces merged into words)", hypothesisKind: "words" },
    { label: "Regular expression", detail: "a .NET regex: holds on the tokens its matches overlap", hypothesisKind: "regex" },
    { label: "Free text", detail: "a description, scored with delphi's embedding scorer (the embedded sentence model)", hypothesisKind: "text" },
];

function asKind(k: string): proto.HypothesisKind {
    const kind = proto.HypothesisKinds.find((x) => x === k);
    if (!kind) throw new Error(`unknown hypothesis kind "${k}": one of ${proto.HypothesisKinds.join(", ")}`);
    return kind;
}

/**
 * Scores the user's hypothesis on the direction `id`: asks for the direction, the kind and the text when they are
 * not given, writes the scores with their intervals and baselines to the output (shown at once) and a summary to
 * an information message.
 */
export async function testExplanation(ctx: Ctx, id: string | undefined, kind: string | undefined, value: string | undefined): Promise<void> {
    let chosen = kind === undefined ? undefined : asKind(kind);
    id ??= await pickDirection(ctx, "Interp: Test an Explanation");
    if (!id) return;
    if (!chosen) {
        const pick = await vscode.window.showQuickPick(KIND_PICKS, { title: "Interp: Test an Explanation", placeHolder: "What kind of hypothesis" });
        if (!pick) return;
        chosen = pick.hypothesisKind;
    }
    const hypothesisKind: proto.HypothesisKind = chosen;
    if (value === undefined) {
        value = await vscode.window.showInputBox({
            title: `Interp: Test an Explanation (${HYPOTHESIS_KIND_NAMES[hypothesisKind]})`,
            prompt:
                hypothesisKind === "words"
                    ? "Words, separated by commas or spaces"
                    : hypothesisKind === "regex"
                      ? "A .NET regular expression (the server compiles it, with a time limit)"
                      : "A description of what the direction responds to",
            placeHolder: hypothesisKind === "words" ? "hot, warm, heat, cold" : hypothesisKind === "regex" ? "\\b(hot|warm)\\w*" : "words about temperature",
            validateInput: (v) => {
                const c = checkHypothesis(hypothesisKind, v);
                if (c.error) return c.error;
                if (c.warning) return { message: c.warning, severity: vscode.InputBoxValidationSeverity.Warning };
                return undefined;
            },
        });
        if (value === undefined) return;
    }
    const problem = checkHypothesis(hypothesisKind, value).error;
    if (problem) throw new Error(problem);
    // A regex is sent as typed (its spaces may matter); words and text trimmed.
    const sent = hypothesisKind === "regex" ? value : value.trim();
    const r = await ctx.run(proto.testExplanation, { id, kind: hypothesisKind, value: sent }, `Interp: testing the ${HYPOTHESIS_KIND_NAMES[hypothesisKind]}`);
    if (!r) return;
    const text = await ctx.run(proto.explanationText, { hypothesis: r });
    // what was asked (the client's line), then the server's report
    ctx.output.info(`Test an explanation: ${HYPOTHESIS_KIND_NAMES[hypothesisKind]} “${sent}” on ${id}`);
    for (const line of text.plain.split("\n")) ctx.output.info(line);
    ctx.output.show(true);
    void vscode.window.showInformationMessage(`Interp: ${text.summary}`);
}
