/**
 * Interp: Explain Direction (interp.explain [id, corpus]) and Interp: Test an Explanation (interp.testExplanation
 * [id, kind, value]): the palette's and the hover card's way to the server's interp/explain and
 * interp/testExplanation (one id per action). Given their arguments (the link passes the direction's id) they ask
 * nothing; otherwise they ask for what is missing. Each opens its result in the direction view (the server's page:
 * the explanation's candidates, threshold plot and modes; a tested hypothesis as a row of the candidate table above
 * them, with its rank), writes the server's text report (interp/explanationText, the same text as the CLI's) to the
 * output channel, and says the verdict in one short sentence (the server's summary) with a button back to the view:
 * the client does not render results itself.
 */
import * as vscode from "vscode";
import type { Ctx } from "./ctx";
import { pickDirection } from "./directionPick";
import type { DirectionViews, ViewOptions } from "./directionView";
import { checkHypothesis, HYPOTHESIS_KIND_NAMES } from "./hypothesisInput";
import { OPEN_VIEW, SHOW_OUTPUT, verdictNotice } from "./notice";
import * as proto from "./protocol";

/**
 * Explains the direction `id` (asked for when absent) on `corpus` (absent: the server's default; a scan runs
 * first when none is stored: the progress notification shows it and can cancel it), writes the report to the
 * output, opens the direction view at the explanation and says the verdict.
 */
export async function explainDirection(ctx: Ctx, views: DirectionViews, id: string | undefined, corpus?: string): Promise<void> {
    id ??= await pickDirection(ctx, "Interp: Explain Direction");
    if (!id) return;
    // An absent corpus is the server's default sample.
    const r = await ctx.run(proto.explain, { id, corpus: corpus || undefined }, "Interp: explaining the direction");
    if (!r) return;
    const text = await ctx.run(proto.explanationText, { explanation: r });
    for (const line of text.plain.split("\n")) ctx.output.info(line);
    const options: ViewOptions = { focus: "explanation" };
    await views.show(id, options);
    void announce(ctx, views, id, options, text.summary);
}

/** The verdict in one sentence, with the buttons back to the view and to the output's log (the command has ended:
 * a failure to reopen the view is reported here). */
async function announce(ctx: Ctx, views: DirectionViews, id: string, options: ViewOptions, summary: string): Promise<void> {
    const b = await vscode.window.showInformationMessage(verdictNotice(summary), OPEN_VIEW, SHOW_OUTPUT);
    if (b === SHOW_OUTPUT) ctx.output.show(true);
    if (b !== OPEN_VIEW) return;
    try {
        await views.reveal(id, options);
    } catch (e) {
        void vscode.window.showErrorMessage(`InterpLsp: cannot open the direction view: ${(e as Error).message}`);
    }
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
 * not given, opens the direction view at the hypothesis (its scores with their intervals, baselines, p and rank,
 * above the stored explanation's threshold plot and modes), writes the report to the output and says the verdict.
 */
export async function testExplanation(
    ctx: Ctx,
    views: DirectionViews,
    id: string | undefined,
    kind: string | undefined,
    value: string | undefined,
): Promise<void> {
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
    const options: ViewOptions = { hypothesis: r, focus: "hypothesis" };
    await views.show(id, options);
    void announce(ctx, views, id, options, text.summary);
}
