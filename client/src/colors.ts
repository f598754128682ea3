/**
 * The colour math of the highlighting, pure (no VS Code): a diverging map (positive / negative colour) whose
 * intensity is |value| against the direction's paint scale (`scale.paint`, computed by the server and used as
 * is), quantised into a fixed number of buckets so that the editor needs 2 x LEVELS decoration types however
 * many tokens there are. The buckets are the server's semantic-token levels (the protocol's one paint rule):
 *   intensity = min(1, |value| / paint); not painted when intensity == 0 or intensity < threshold;
 *   otherwise level = clamp(ceil(LEVELS * intensity - 1e-9), 1, LEVELS).
 */
import type { DirectionScale } from "./protocol";

/** Buckets per sign. Each is one decoration type; its background alpha is `alphaOf(level)`. */
export const LEVELS = 8;
/** Alpha of the strongest bucket (the text must stay readable on it). */
export const MAX_ALPHA = 0.7;
/** A token is "strong" (overview ruler mark, navigation) when it reaches this fraction of its sign's extreme. */
export const STRONG_FRACTION = 0.6;

export type Sign = "pos" | "neg";

export interface Rgb {
    r: number;
    g: number;
    b: number;
}

export interface Bucket {
    sign: Sign;
    /** 1..LEVELS */
    level: number;
}

/** Parses `#rgb`, `#rrggbb`, `#rrggbbaa` (alpha ignored), `rgb(r, g, b)` or `rgba(r, g, b, a)`. */
export function parseColor(text: string): Rgb | undefined {
    const s = text.trim().toLowerCase();
    let m = /^#([0-9a-f]{3})$/.exec(s);
    if (m) {
        const [r, g, b] = [...m[1]].map((c) => parseInt(c + c, 16));
        return { r, g, b };
    }
    m = /^#([0-9a-f]{6})([0-9a-f]{2})?$/.exec(s);
    if (m) {
        const h = m[1];
        return { r: parseInt(h.slice(0, 2), 16), g: parseInt(h.slice(2, 4), 16), b: parseInt(h.slice(4, 6), 16) };
    }
    m = /^rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*(?:,\s*[\d.]+\s*)?\)$/.exec(s);
    if (m) {
        const [r, g, b] = [m[1], m[2], m[3]].map(Number);
        if (r <= 255 && g <= 255 && b <= 255) return { r, g, b };
    }
    return undefined;
}

/** |value| / paint scale, clamped to [0, 1]; 0 for NaN. */
export function intensity(value: number, scale: number): number {
    if (!Number.isFinite(value) || !(scale > 0)) return 0;
    return Math.min(1, Math.abs(value) / scale);
}

/**
 * The bucket of a value against the paint scale (`scale.paint`), or undefined when it is not painted (intensity
 * below the threshold, or zero). Level k covers intensities in ((k-1)/LEVELS, k/LEVELS]: the colour is proportional to |value|/scale,
 * not re-stretched above the threshold, so a value's colour does not change when the threshold does.
 */
export function bucketOf(value: number, scale: number, threshold: number, levels = LEVELS): Bucket | undefined {
    const i = intensity(value, scale);
    if (i === 0 || i < threshold) return undefined;
    const level = Math.min(levels, Math.max(1, Math.ceil(i * levels - 1e-9)));
    return { sign: value > 0 ? "pos" : "neg", level };
}

/** Background alpha of a level: evenly spaced up to MAX_ALPHA, rounded to 3 decimals (distinct per level). */
export function alphaOf(level: number, levels = LEVELS): number {
    return Math.round((MAX_ALPHA * level * 1000) / levels) / 1000;
}

/** The CSS colour of a bucket: `rgba(r, g, b, alpha)`. */
export function bucketColor(rgb: Rgb, level: number, levels = LEVELS): string {
    return `rgba(${rgb.r}, ${rgb.g}, ${rgb.b}, ${alphaOf(level, levels)})`;
}

/** Colour of the overview ruler marks for strong activations (opaque). */
export function rulerColor(rgb: Rgb): string {
    return `rgba(${rgb.r}, ${rgb.g}, ${rgb.b}, 0.9)`;
}

/**
 * Strong activations: painted, and at least STRONG_FRACTION of their own sign's extreme (p99 for positive
 * values, p01 for negative ones, else the paint scale). Per sign, so that a direction whose positive side is
 * weaker than its negative side still shows where it fires most. Whether a token is painted at all follows
 * the one paint rule, with the server's `scale.paint`.
 */
export function isStrong(value: number, scale: DirectionScale, threshold: number): boolean {
    if (!bucketOf(value, scale.paint, threshold)) return false;
    let extreme = scale.paint;
    const e = value > 0 ? scale.p99 : scale.p01;
    if (Number.isFinite(e) && Math.sign(e) === Math.sign(value) && e !== 0) extreme = Math.abs(e);
    return Math.abs(value) >= STRONG_FRACTION * extreme;
}

/** Parses a CSS `rgb()`/`rgba()` string (as `getComputedStyle` returns it) into colour and alpha. */
export function parseCssRgba(text: string): { rgb: Rgb; alpha: number } | undefined {
    const m = /^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*([\d.]+)\s*)?\)$/.exec(text.trim());
    if (!m) return undefined;
    return { rgb: { r: +m[1], g: +m[2], b: +m[3] }, alpha: m[4] === undefined ? 1 : +m[4] };
}

/** Which bucket a painted background is (by colour, then by the nearest alpha), for tests and diagnostics. */
export function bucketOfCss(css: string, positive: Rgb, negative: Rgb, levels = LEVELS): Bucket | undefined {
    const c = parseCssRgba(css);
    if (!c || c.alpha === 0) return undefined;
    const same = (a: Rgb, b: Rgb) => a.r === b.r && a.g === b.g && a.b === b.b;
    const sign: Sign | undefined = same(c.rgb, positive) ? "pos" : same(c.rgb, negative) ? "neg" : undefined;
    if (!sign) return undefined;
    let best = 1;
    for (let k = 1; k <= levels; k++) if (Math.abs(alphaOf(k, levels) - c.alpha) < Math.abs(alphaOf(best, levels) - c.alpha)) best = k;
    return { sign, level: best };
}
