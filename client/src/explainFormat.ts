/**
 * Candidate explanations and tested hypotheses in words, for the output channel and the information messages of
 * Interp: Explain Direction and Interp: Test an Explanation, and the check of a typed hypothesis before it is
 * sent. No VS Code in here (the unit tests load it).
 *
 * Rules: a number is written with 2 decimals (`toFixed(2)`; what rounds to zero without a sign); a value that is not a finite number (the server
 * writes NaN as the string "NaN") is written "n/a"; a score is "value [lo, hi]", its bootstrap 95% interval;
 * the primary scores are listed F1, IoU, AUPRC, Pearson, each with its interval and its sample size n. As the
 * server's ExplanationFormat writes them (CLI, hover card, direction view): an interval that is not finite is left
 * out, a p-value has 3 decimals ("< 0.001" below that).
 */
import type {
    BaselineScores,
    ExplanationResult,
    ExplanationSide,
    HypothesisKind,
    HypothesisResult,
    HypothesisSide,
    PrimaryScores,
    Real,
    Score,
    ScoredCandidate,
} from "./protocol";

/** A number with `digits` decimals ("-0.00" written "0.00"); "n/a" when it is not a finite number (absent, "NaN", "Infinity"). */
export function formatReal(v: Real | null | undefined, digits = 2): string {
    if (typeof v !== "number" || !Number.isFinite(v)) return "n/a";
    const s = v.toFixed(digits);
    return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/** "0.41 [0.36, 0.47]": the value and its 95% interval ("0.41" when a bound is not finite); "n/a" without a value. */
export function formatScore(s: Score | null | undefined, digits = 2): string {
    if (!s || !finite(s.value)) return "n/a";
    const value = formatReal(s.value, digits);
    return finite(s.lo) && finite(s.hi) ? `${value} [${formatReal(s.lo, digits)}, ${formatReal(s.hi, digits)}]` : value;
}

const finite = (v: Real): v is number => typeof v === "number" && Number.isFinite(v);

/** A count with thousands separators (en-US): 12345 -> "12,345". */
export function formatCount(n: number): string {
    return Math.round(n).toLocaleString("en-US");
}

/** The primary scores in their order, each as "F1 0.41 [0.36, 0.47]", with " (n 1,234)" when `withN`. */
export function formatPrimary(p: PrimaryScores, withN = false): string {
    const one = (name: string, s: Score) => `${name} ${formatScore(s)}${withN ? ` (n ${formatCount(s.n)})` : ""}`;
    return [one("F1", p.f1), one("IoU", p.iou), one("AUPRC", p.auprc), one("Pearson", p.pearson)].join(" · ");
}

/** A baseline's four scores (no intervals): "F1 0.02 · IoU 0.01 · AUPRC 0.01 · Pearson 0.00". */
export function formatBaseline(b: BaselineScores): string {
    return `F1 ${formatReal(b.f1)} · IoU ${formatReal(b.iou)} · AUPRC ${formatReal(b.auprc)} · Pearson ${formatReal(b.pearson)}`;
}

/** "p 0.048, beats the null" / "p < 0.001, ..." / "p 0.310, does not beat the null" (as the server decided it). */
export function formatSignificance(c: ScoredCandidate): string {
    const p = !finite(c.p) ? "n/a" : c.p < 0.001 ? "< 0.001" : c.p.toFixed(3);
    return `p ${p}, ${c.significant ? "beats the null" : "does not beat the null"}`;
}

/** How the user's hypothesis kinds are named in the pick list and in the reports. */
export const HYPOTHESIS_KIND_NAMES: Record<HypothesisKind, string> = { words: "word list", regex: "regex", text: "free text" };

function kindName(kind: string): string {
    return kind in HYPOTHESIS_KIND_NAMES ? HYPOTHESIS_KIND_NAMES[kind as HypothesisKind] : kind;
}

/** The lines of one candidate: its label, the primary scores with n, significance, holds and hits, baselines. */
function candidateLines(c: ScoredCandidate, indent: string): string[] {
    return [
        `${indent}${c.label} (${c.family}): ${formatPrimary(c.scores, true)}`,
        `${indent}  ${formatSignificance(c)}; holds on ${formatCount(c.holds)} held-out tokens, ${formatCount(c.hits)} of them where the direction fires`,
        `${indent}  baseline, random directions at the same hook: ${formatBaseline(c.random_directions)}`,
        `${indent}  baseline, shuffled within texts: ${formatBaseline(c.shuffled)}`,
    ];
}

function trivialLines(s: { fires_nowhere: BaselineScores; fires_everywhere: BaselineScores }, indent: string): string[] {
    return [
        `${indent}baseline, fires nowhere: ${formatBaseline(s.fires_nowhere)}`,
        `${indent}baseline, fires everywhere: ${formatBaseline(s.fires_everywhere)}`,
    ];
}

/** The output channel's report of a tested hypothesis: verdict, then per side the scores, intervals, baselines. */
export function hypothesisReport(r: HypothesisResult): string[] {
    const lines = [
        `Test an explanation: ${kindName(r.kind)} “${r.hypothesis}” on ${r.direction} (${r.hook}, corpus ${r.corpus_id}, ${formatReal(r.seconds, 1)} s)`,
        `  verdict: ${r.verdict}`,
    ];
    for (const s of r.sides) lines.push(...hypothesisSideLines(s));
    if (r.embedding) {
        const e = r.embedding;
        lines.push(
            `  embedding scorer: AUROC ${formatScore(e.auroc)} (${formatCount(e.activating)} activating, ${formatCount(e.non_activating)} non-activating contexts)`,
            `    ${e.rule}`,
        );
    }
    for (const w of r.warnings) lines.push(`  warning: ${w}`);
    return lines;
}

function hypothesisSideLines(s: HypothesisSide): string[] {
    const rank = s.rank == null ? "" : `, would rank ${s.rank} among the stored candidates`;
    return [`  ${s.side} side${rank}:`, ...candidateLines(s.candidate, "    "), ...trivialLines(s, "    ")];
}

/**
 * The information message of a tested hypothesis: the server's verdict and, per side, F1 with its interval
 * ("Interp: word list “hot, warm” — verdict · positive F1 0.41 [0.36, 0.47] · negative F1 0.02 [0.01, 0.03]").
 */
export function hypothesisSummary(r: HypothesisResult): string {
    const sides = r.sides.map((s) => `${s.side} F1 ${formatScore(s.candidate.scores.f1)}`);
    const embedding = r.embedding ? [`embedding AUROC ${formatScore(r.embedding.auroc)}`] : [];
    return [`Interp: ${kindName(r.kind)} “${r.hypothesis}” — ${r.verdict}`, ...sides, ...embedding].join(" · ");
}

/** The output channel's report of an explanation: the verdict, then per side its verdict, best candidates, R^2, modes. */
export function explanationReport(r: ExplanationResult, top = 3): string[] {
    const lines = [
        `Explain direction: ${r.direction} (${r.hook}, corpus ${r.corpus_id}: ${formatCount(r.documents)} texts, ` +
            `${formatCount(r.propose_documents)} to propose, ${formatCount(r.heldout_documents)} held out; ${formatReal(r.seconds, 1)} s)`,
        `  verdict: ${r.verdict}`,
    ];
    for (const s of r.sides) lines.push(...sideLines(s, top));
    for (const w of r.warnings) lines.push(`  warning: ${w}`);
    return lines;
}

function sideLines(s: ExplanationSide, top: number): string[] {
    const lines = [
        `  ${s.side} side: ${s.verdict} (fires on ${formatCount(s.fires)} of ${formatCount(s.tokens)} held-out tokens; ${formatCount(s.tried)} candidates tried)`,
    ];
    for (const c of s.candidates.slice(0, top)) lines.push(...candidateLines(c, "    "));
    lines.push(...trivialLines(s, "    "));
    if (s.coverage) lines.push(`    ${coverageWords(s.coverage.r2)} (${s.coverage.labels.join(" + ")}): R^2 ${formatScore(s.coverage.r2)}`);
    if (s.modes.length > 1)
        for (const m of s.modes)
            lines.push(`    mode ${m.index + 1} (${formatShare(m.share)} of the firing tokens): ${m.candidates[0]?.label ?? "no candidate"}`);
    if (s.cover)
        lines.push(
            `    one concept for the modes: ${s.cover.single_label} IoU ${formatScore(s.cover.single_iou)} against the modes' ` +
                `${s.cover.union_label} IoU ${formatScore(s.cover.union_iou)}: ${s.cover.covers ? "covers them" : "does not cover them"}`,
        );
    return lines;
}

/**
 * "explains 41%; 59% unexplained" from a held-out R^2 (clamped to [0, 1], rounded to whole percents; a negative
 * R^2 explains 0%); "explains n/a" when it is not a number.
 */
export function coverageWords(r2: Score): string {
    if (typeof r2.value !== "number" || !Number.isFinite(r2.value)) return "explains n/a";
    const pct = Math.round(Math.min(1, Math.max(0, r2.value)) * 100);
    return `explains ${pct}%; ${100 - pct}% unexplained`;
}

/** A share in [0, 1] as whole percents: 0.414 -> "41%"; "n/a" when it is not a number. */
export function formatShare(share: Real): string {
    return typeof share === "number" && Number.isFinite(share) ? `${Math.round(share * 100)}%` : "n/a";
}

/** The information message of an explanation: "Interp: NAME: verdict". */
export function explanationSummary(r: ExplanationResult): string {
    return `Interp: ${r.direction}: ${r.verdict}`;
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
