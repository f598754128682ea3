import assert from "node:assert/strict";
import { test } from "node:test";
import {
    alphaOf,
    bucketColor,
    bucketOf,
    bucketOfCss,
    intensity,
    isStrong,
    LEVELS,
    MAX_ALPHA,
    parseColor,
    parseCssRgba,
} from "../../src/colors";
import type { DirectionScale } from "../../src/protocol";

/** A scale as the server sends it: `paint` is the server's (max(|p01|, |p99|) unless given). */
const scale = (p01: number, p99: number, paint = Math.max(Math.abs(p01), Math.abs(p99)), max = p99, p50 = 0): DirectionScale => ({
    p01,
    p50,
    p99,
    max,
    paint,
    basis: "document",
});

test("parseColor reads #rgb, #rrggbb, #rrggbbaa, rgb() and rgba(), and rejects the rest", () => {
    assert.deepEqual(parseColor("#fff"), { r: 255, g: 255, b: 255 });
    assert.deepEqual(parseColor("#2563EB"), { r: 0x25, g: 0x63, b: 0xeb });
    assert.deepEqual(parseColor("#2563eb80"), { r: 0x25, g: 0x63, b: 0xeb });
    assert.deepEqual(parseColor(" rgb(1, 2, 3) "), { r: 1, g: 2, b: 3 });
    assert.deepEqual(parseColor("rgba(10,20,30,0.5)"), { r: 10, g: 20, b: 30 });
    for (const bad of ["", "blue", "#12", "#12345", "rgb(300, 0, 0)", "rgb(1,2)", "hsl(1,2%,3%)"]) assert.equal(parseColor(bad), undefined, bad);
});

test("intensity is |value| / scale clamped to [0, 1]", () => {
    assert.equal(intensity(5, 10), 0.5);
    assert.equal(intensity(-5, 10), 0.5);
    assert.equal(intensity(50, 10), 1);
    assert.equal(intensity(NaN, 10), 0);
    assert.equal(intensity(1, 0), 0);
});

test("bucketOf: nothing under the threshold, sign by value, level proportional to intensity", () => {
    assert.equal(bucketOf(2, 10, 0.25), undefined);
    assert.equal(bucketOf(0, 10, 0), undefined);
    assert.deepEqual(bucketOf(2.5, 10, 0.25), { sign: "pos", level: Math.ceil(0.25 * LEVELS) });
    assert.deepEqual(bucketOf(-10, 10, 0.25), { sign: "neg", level: LEVELS });
    assert.deepEqual(bucketOf(1e9, 10, 0.25), { sign: "pos", level: LEVELS });
    assert.deepEqual(bucketOf(0.01, 10, 0), { sign: "pos", level: 1 });
    // every level is reachable and levels never decrease with |value|
    let prev = 0;
    for (let v = 0.05; v <= 10; v += 0.05) {
        const b = bucketOf(v, 10, 0)!;
        assert.ok(b.level >= prev && b.level >= 1 && b.level <= LEVELS);
        prev = b.level;
    }
    assert.equal(prev, LEVELS);
    // the colour of a value does not depend on the threshold (only whether it is painted)
    assert.deepEqual(bucketOf(6, 10, 0.1), bucketOf(6, 10, 0.5));
});

test("each level has its own alpha, rising to MAX_ALPHA, so a painted background names its bucket", () => {
    const alphas = Array.from({ length: LEVELS }, (_, i) => alphaOf(i + 1));
    assert.equal(new Set(alphas).size, LEVELS);
    assert.deepEqual([...alphas].sort((a, b) => a - b), alphas);
    assert.equal(alphas[LEVELS - 1], MAX_ALPHA);
    const pos = { r: 37, g: 99, b: 235 };
    const neg = { r: 220, g: 38, b: 38 };
    for (let k = 1; k <= LEVELS; k++) {
        assert.deepEqual(bucketOfCss(bucketColor(pos, k), pos, neg), { sign: "pos", level: k });
        assert.deepEqual(bucketOfCss(bucketColor(neg, k), pos, neg), { sign: "neg", level: k });
    }
    assert.equal(bucketOfCss("rgba(0, 0, 0, 0)", pos, neg), undefined);
    assert.equal(bucketOfCss("rgb(1, 2, 3)", pos, neg), undefined);
    assert.deepEqual(parseCssRgba("rgb(1, 2, 3)"), { rgb: { r: 1, g: 2, b: 3 }, alpha: 1 });
});

test("isStrong is per sign: a fraction of p99 for positive values, of p01 for negative ones", () => {
    const s = scale(-16, 6);
    assert.ok(isStrong(6, s, 0.25));
    assert.ok(isStrong(4, s, 0.25)); // 4 >= 0.6 * 6, and 4/16 = 0.25 is painted
    assert.ok(!isStrong(3.5, s, 0.25)); // not painted: 3.5/16 < 0.25
    assert.ok(isStrong(-12, s, 0.25));
    assert.ok(!isStrong(-8, s, 0.25)); // -8 > 0.6 * -16
    assert.ok(!isStrong(6, s, 0.5)); // under the threshold: never strong
});

test("isStrong paints with the server's scale.paint, not a paint scale of its own", () => {
    // paint 32 (e.g. corpus-wide): 6/32 < 0.25 is not painted, so not strong although it is p99
    assert.ok(!isStrong(6, scale(-16, 6, 32), 0.25));
    assert.ok(isStrong(-16, scale(-16, 6, 32), 0.25));
    // a degenerate scale: p01 = p99 = 0, the server's paint is |max|; the extreme falls back to it
    assert.ok(isStrong(5, scale(0, 0, 5, 5), 0.25));
    assert.ok(!isStrong(2, scale(0, 0, 5, 5), 0.25)); // 2 < 0.6 * 5
    // a non-positive paint paints nothing (the client does not repair the server's scale)
    assert.ok(!isStrong(5, scale(-16, 6, 0), 0));
});

test("the one paint rule: level = clamp(ceil(8 * intensity - 1e-9), 1, 8), absolute (the threshold never re-stretches)", () => {
    assert.equal(LEVELS, 8);
    const cases: [number, number | undefined][] = [
        [0, undefined],
        [0.124, undefined], // under the threshold 0.125
        [0.125, 1],
        [0.1250000000001, 1], // the 1e-9 slack: float noise above a boundary stays in the lower level
        [0.2, 2],
        [0.25, 2],
        [0.26, 3],
        [0.5, 4],
        [0.51, 5],
        [0.99, 8],
        [1, 8],
        [3, 8], // clamped at 1
    ];
    for (const [i, level] of cases) {
        const b = bucketOf(i * 10, 10, 0.125);
        assert.equal(b?.level, level, `intensity ${i}`);
        assert.equal(bucketOf(-i * 10, 10, 0.125)?.sign, level === undefined ? undefined : "neg");
    }
});
