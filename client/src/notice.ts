/**
 * The notification that ends Interp: Explain Direction and Interp: Test an Explanation: the server's one-sentence
 * summary (interp/explanationText's `summary`, at most 110 characters by its rule) after "Interp: ", with a button
 * that reveals the direction view, where the result is shown in full. A guard keeps the message one short sentence
 * even from a server that sends a longer one: it ends at the last clause boundary that fits, with a full stop, and is
 * never cut inside a word. No VS Code import, so the unit tests load it.
 */

/** Characters of a notification's message. */
export const NOTICE_MAX = 120;

/** The button that reveals the direction view. */
export const OPEN_VIEW = "Open in Direction View";
/** The button that shows the output channel's log. */
export const SHOW_OUTPUT = "Show Output";

const END = /[.!?…]$/;
/** Where a clause ends: "; ", " · ", ", ", " (" and ": " (the text before the boundary is kept). */
const BOUNDARY = /; | · |, | \(|: /g;

/** `Interp: SUMMARY` as one sentence of at most `max` characters that ends with a sentence's end. */
export function verdictNotice(summary: string, max = NOTICE_MAX): string {
    const text = `Interp: ${summary.replace(/\s+/g, " ").trim()}`;
    const whole = END.test(text) ? text : `${text}.`;
    if (whole.length <= max) return whole;
    // the last clause boundary that leaves room for the full stop, after "Interp: " and the first word
    let cut = -1;
    for (const m of text.matchAll(BOUNDARY)) if (m.index > 8 && m.index + 1 <= max) cut = m.index;
    if (cut > 0) return `${text.slice(0, cut).replace(/[\s,;:·(]+$/, "")}.`;
    // no boundary: the last whole word, then an ellipsis
    const space = text.lastIndexOf(" ", max - 1);
    return `${text.slice(0, space > 8 ? space : max - 1).trimEnd()}…`;
}
