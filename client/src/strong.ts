/**
 * Strong activations (overview ruler marks, Next/Previous Strong Activation), pure: which tokens are strong and
 * which one comes next from the cursor.
 */
import { isStrong } from "./colors";
import type { TokenActivation, TokenActivationsResult } from "./protocol";

/** The strong tokens of a result's first direction, in document order. */
export function strongTokens(result: TokenActivationsResult, threshold: number): TokenActivation[] {
    const summary = result.directions[0];
    if (!summary) return [];
    return result.tokens.filter((t) => isStrong(t.values[0], summary.scale, threshold));
}

export interface Pos {
    line: number;
    character: number;
}

function compare(a: Pos, b: Pos): number {
    return a.line - b.line || a.character - b.character;
}

/**
 * Index of the next strong token after `cursor` (direction 1) or before it (-1), wrapping around the document;
 * -1 when there are none. A token that starts at the cursor counts as the current one and is skipped.
 */
export function nextStrong(tokens: readonly TokenActivation[], cursor: Pos, direction: 1 | -1): number {
    if (tokens.length === 0) return -1;
    if (direction === 1) {
        const i = tokens.findIndex((t) => compare(t.range.start, cursor) > 0);
        return i >= 0 ? i : 0;
    }
    for (let i = tokens.length - 1; i >= 0; i--) if (compare(tokens[i].range.start, cursor) < 0) return i;
    return tokens.length - 1;
}
