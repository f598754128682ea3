import assert from "node:assert/strict";
import { test } from "node:test";
import type { TokenActivation, TokenActivationsResult } from "../../src/protocol";
import { nextStrong, strongTokens } from "../../src/strong";

const tok = (line: number, character: number, value: number, text = "w"): TokenActivation => ({
    range: { start: { line, character }, end: { line, character: character + text.length } },
    text,
    values: [value],
});

test("strongTokens keeps the painted tokens near their sign's extreme, in order", () => {
    const result: TokenActivationsResult = {
        version: 3,
        model: "embedded:all-MiniLM-L6-v2",
        hook: "blocks.3.hook_resid_post",
        directions: [{ id: "d", name: "d", scale: { p01: -10, p50: 0, p99: 10, max: 10, paint: 10, basis: "document" } }],
        tokens: [tok(0, 0, 9), tok(0, 5, 1), tok(1, 0, -8), tok(2, 0, 5)],
    };
    assert.deepEqual(
        strongTokens(result, 0.25).map((t) => t.values[0]),
        [9, -8],
    );
    assert.deepEqual(strongTokens({ ...result, directions: [] }, 0.25), []);
    // painted against the server's paint scale: with paint 40, 9/40 < 0.25 is not painted, so not strong
    const wide = { ...result, directions: [{ ...result.directions[0], scale: { ...result.directions[0].scale, paint: 40 } }] };
    assert.deepEqual(
        strongTokens(wide, 0.2).map((t) => t.values[0]),
        [9, -8],
    );
    assert.deepEqual(strongTokens(wide, 0.25), []);
});

test("nextStrong moves forward and back from the cursor and wraps around", () => {
    const ts = [tok(0, 4, 1), tok(2, 0, 1), tok(2, 10, 1)];
    assert.equal(nextStrong(ts, { line: 0, character: 0 }, 1), 0);
    assert.equal(nextStrong(ts, { line: 0, character: 4 }, 1), 1); // on a token: go to the next one
    assert.equal(nextStrong(ts, { line: 2, character: 5 }, 1), 2);
    assert.equal(nextStrong(ts, { line: 9, character: 0 }, 1), 0); // wraps
    assert.equal(nextStrong(ts, { line: 2, character: 10 }, -1), 1);
    assert.equal(nextStrong(ts, { line: 0, character: 0 }, -1), 2); // wraps
    assert.equal(nextStrong([], { line: 0, character: 0 }, 1), -1);
});
