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
    paintScale,
    parseColor,
    parseCssRgba,
} from "../../src/colors";
import type { DirectionScale } from "../../src/protocol";

const scale = (p01: number, p99: number, max = p99, p50 = 0): DirectionScale => ({ p01, p50, p99, max, basis: "document" });

test("parseColor reads #rgb, #rrggbb, #rrggbbaa, rgb() and rgba(), and rejects the rest", () => {
    assert.deepEqual(parseColor("#fff"), { r: 255, g: 255, b: 255 });
    assert.deepEqual(parseColor("#2563EB"), { r: 0x25, g: 0x63, b: 0xeb });
    assert.deepEqual(parseColor("#2563eb80"), { r: 0x25, g: 0x63, b: 0xeb });
    assert.deepEqual(parseColor(" rgb(1, 2, 3) "), { r: 1, g: 2, b: 3 });
    assert.deepEqual(parseColor("rgba(10,20,30,0.5)"), { r: 10, g: 20, b: 30 });
    for (const bad of ["", "blue", "#12", "#12345", "rgb(300, 0, 0)", "rgb(1,2)", "hsl(1,2%,3%)"]) assert.equal(parseColor(bad), undefined, bad);
});

test("paintScale is max(|p01|, |p99|), with fallbacks for degenerate scales", () => {
    assert.equal(paintScale(scale(-16, 6)), 16);
    assert.equal(paintScale(scale(-2, 9)), 9);
    assert.equal(paintScale(scale(0, 0, 5)), 5);
    assert.equal(paintScale(scale(0, 0, 0)), 1);
    assert.equal(paintScale(scale(NaN, NaN, NaN)), 1);
    assert.equal(paintScale(undefined), 1);
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
