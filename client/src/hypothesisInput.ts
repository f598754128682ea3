/**
 * The check of a typed hypothesis before it is sent (Interp: Test an Explanation's input box). The server's rules
 * decide (HypothesisInput); results are rendered by the server (interp/explanationText), not here. No VS Code in
 * here (the unit tests load it).
 */
import type { HypothesisKind } from "./protocol";

/** How the user's hypothesis kinds are named in the pick list and in the reports. */
export const HYPOTHESIS_KIND_NAMES: Record<HypothesisKind, string> = { words: "word list", regex: "regex", text: "free text" };

function kindName(kind: string): string {
    return kind in HYPOTHESIS_KIND_NAMES ? HYPOTHESIS_KIND_NAMES[kind as HypothesisKind] : kind;
}

/**
 * The words of a word list: split at commas, semicolons and white space, empty pieces dropped — the server's rule
 * (`HypothesisInput.SplitWords`), which decides; this copy only lets the input box refuse a list without a word.
 */
export function splitWords(value: string): string[] {
    return value.split(/[\s,;]+/).filter((w) => w.length > 0);
}

/**
 * Checks a typed hypothesis before it is sent: `error` when it cannot be sent (empty; a word list without a
 * word), `warning` when JavaScript cannot compile a regex (only a hint: the server compiles it as a .NET regex
 * and is the judge, and .NET accepts patterns JavaScript does not, such as inline `(?i)`).
 */
export function checkHypothesis(kind: HypothesisKind, value: string): { error?: string; warning?: string } {
    if (!value.trim()) return { error: `Enter a ${kindName(kind)}` };
    if (kind === "words" && splitWords(value).length === 0) return { error: "Enter at least one word (separated by commas or spaces)" };
    if (kind === "regex") {
        try {
            new RegExp(value);
        } catch (e) {
            return { warning: `JavaScript does not compile this (${(e as Error).message}); the server's .NET regex may still: it decides` };
        }
    }
    return {};
}
