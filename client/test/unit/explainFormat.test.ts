// explainFormat.ts on hand-built results: scores as "value [lo, hi]" with 2 decimals, "n/a" for what is not a
// finite number, the hypothesis report's verdict, per-side scores, intervals, sample sizes and baselines, the
// summaries, and the check of a typed hypothesis.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
    checkHypothesis,
    coverageWords,
    explanationReport,
    explanationSummary,
    formatBaseline,
    formatCount,
    formatPrimary,
    formatReal,
    formatScore,
    formatShare,
    formatSignificance,
    hypothesisReport,
    hypothesisSummary,
    splitWords,
} from "../../src/explainFormat";
import type { BaselineScores, ExplanationResult, ExplanationRules, HypothesisResult, Real, Score, ScoredCandidate } from "../../src/protocol";

const score = (value: Score["value"], lo: Score["lo"], hi: Score["hi"], n = 1000): Score => ({ value, lo, hi, n });
const base = (iou: Real, f1: Real, auprc: Real, pearson: Real): BaselineScores => ({ iou, f1, auprc, pearson });

const rules: ExplanationRules = {
    split: "s",
    fires: "f",
    quantile: 0.99,
    primary: "p",
    real_valued: "r",
    interval: "i",
    significance: "sig",
    random_directions: 20,
    shuffled: "sh",
    coverage: "c",
    modes: "m",
    verdict: "v",
};

const heat: ScoredCandidate = {
    id: "words:hot|warm|heat|cold",
    label: "hot, warm, heat, cold",
    family: "user",
    scores: { iou: score(0.26, 0.22, 0.3, 12345), f1: score(0.41, 0.36, 0.47, 12345), auprc: score(0.38, 0.31, 0.44, 12345), pearson: score(0.52, 0.48, 0.561, 5000) },
    random_directions: base(0.01, 0.02, 0.015, -0.004),
    shuffled: base(0.003, 0.006, 0.011, 0),
    p: 0.047619,
    significant: true,
    holds: 210,
    hits: 84,
};

const hypothesis: HypothesisResult = {
    direction: "temperature (logistic probe)",
    direction_hash: "abc",
    hook: "blocks.3.hook_resid_post",
    corpus_id: "default",
    kind: "words",
    hypothesis: "hot, warm, heat, cold",
    sides: [
        { side: "positive", candidate: heat, fires_nowhere: base(0, 0, 0.01, "NaN"), fires_everywhere: base(0.01, 0.02, 0.01, "NaN"), rank: 2 },
        {
            side: "negative",
            candidate: { ...heat, scores: { ...heat.scores, f1: score(0.02, 0.004, 0.031) }, p: 0.62, significant: false },
            fires_nowhere: base(0, 0, 0.01, 0),
            fires_everywhere: base(0.01, 0.02, 0.01, 0),
        },
    ],
    verdict: "beats the null on the positive side: F1 0.41 [0.36, 0.47]",
    rules,
    seconds: 0.84,
    warnings: ["a warning"],
};

test("formatReal: 2 decimals by default; n/a for NaN strings, infinities, absent values", () => {
    assert.equal(formatReal(0.4149), "0.41");
    assert.equal(formatReal(0.415, 1), "0.4");
    // what rounds to zero has no sign: -0.004 is "0.00", not "-0.00"
    assert.equal(formatReal(-0.004), "0.00");
    assert.equal(formatReal(-0.006), "-0.01");
    assert.equal(formatReal("NaN"), "n/a");
    assert.equal(formatReal("Infinity"), "n/a");
    assert.equal(formatReal(Number.POSITIVE_INFINITY), "n/a");
    assert.equal(formatReal(undefined), "n/a");
    assert.equal(formatReal(null), "n/a");
});

test('formatScore: "value [lo, hi]"; n/a without a value; without the interval when a bound is not a number', () => {
    assert.equal(formatScore(score(0.41, 0.36, 0.47)), "0.41 [0.36, 0.47]");
    // 0.561 rounds to 0.56 (toFixed(2)), 0.005 to 0.01 (toFixed rounds the binary value 0.005000000000000000104)
    assert.equal(formatScore(score(0.52, 0.005, 0.561)), "0.52 [0.01, 0.56]");
    assert.equal(formatScore(score("NaN", 0.1, 0.2)), "n/a");
    assert.equal(formatScore(score(0.3, "NaN", 0.4)), "0.30");
    assert.equal(formatScore(score(0.3, 0.2, "Infinity")), "0.30");
    assert.equal(formatScore(undefined), "n/a");
});

test("formatPrimary: F1, IoU, AUPRC, Pearson in that order, with n when asked", () => {
    assert.equal(formatPrimary(heat.scores), "F1 0.41 [0.36, 0.47] · IoU 0.26 [0.22, 0.30] · AUPRC 0.38 [0.31, 0.44] · Pearson 0.52 [0.48, 0.56]");
    assert.equal(
        formatPrimary(heat.scores, true),
        "F1 0.41 [0.36, 0.47] (n 12,345) · IoU 0.26 [0.22, 0.30] (n 12,345) · AUPRC 0.38 [0.31, 0.44] (n 12,345) · Pearson 0.52 [0.48, 0.56] (n 5,000)",
    );
});

test("formatBaseline, formatSignificance, formatCount, formatShare, coverageWords", () => {
    assert.equal(formatBaseline(base(0.01, 0.02, 0.015, -0.004)), "F1 0.02 · IoU 0.01 · AUPRC 0.01 · Pearson 0.00");
    assert.equal(formatBaseline(base(0, 0, 0.01, "NaN")), "F1 0.00 · IoU 0.00 · AUPRC 0.01 · Pearson n/a");
    // p with 3 decimals: 0.047619 -> 0.048; below 0.001 "< 0.001"
    assert.equal(formatSignificance(heat), "p 0.048, beats the null");
    assert.equal(formatSignificance({ ...heat, p: 0.62, significant: false }), "p 0.620, does not beat the null");
    assert.equal(formatSignificance({ ...heat, p: 0.0004 }), "p < 0.001, beats the null");
    assert.equal(formatSignificance({ ...heat, p: "NaN" }), "p n/a, beats the null");
    assert.equal(formatCount(1234567), "1,234,567");
    assert.equal(formatShare(0.414), "41%");
    assert.equal(formatShare("NaN"), "n/a");
    // R^2 0.41 -> 41% explained, 100 - 41 = 59% not; a negative R^2 explains 0%; above 1 is clamped to 100%
    assert.equal(coverageWords(score(0.41, 0.3, 0.5)), "explains 41%; 59% unexplained");
    assert.equal(coverageWords(score(-0.2, -0.3, 0)), "explains 0%; 100% unexplained");
    assert.equal(coverageWords(score(1.2, 1, 1.3)), "explains 100%; 0% unexplained");
    assert.equal(coverageWords(score("NaN", 0, 0)), "explains n/a");
});

test("hypothesisReport: the verdict, per side the scores with intervals and n, significance, rank and every baseline", () => {
    const lines = hypothesisReport(hypothesis);
    assert.deepEqual(lines, [
        "Test an explanation: word list “hot, warm, heat, cold” on temperature (logistic probe) (blocks.3.hook_resid_post, corpus default, 0.8 s)",
        "  verdict: beats the null on the positive side: F1 0.41 [0.36, 0.47]",
        "  positive side, would rank 2 among the stored candidates:",
        "    hot, warm, heat, cold (user): F1 0.41 [0.36, 0.47] (n 12,345) · IoU 0.26 [0.22, 0.30] (n 12,345) · AUPRC 0.38 [0.31, 0.44] (n 12,345) · Pearson 0.52 [0.48, 0.56] (n 5,000)",
        "      p 0.048, beats the null; holds on 210 held-out tokens, 84 of them where the direction fires",
        "      baseline, random directions at the same hook: F1 0.02 · IoU 0.01 · AUPRC 0.01 · Pearson 0.00",
        "      baseline, shuffled within texts: F1 0.01 · IoU 0.00 · AUPRC 0.01 · Pearson 0.00",
        "    baseline, fires nowhere: F1 0.00 · IoU 0.00 · AUPRC 0.01 · Pearson n/a",
        "    baseline, fires everywhere: F1 0.02 · IoU 0.01 · AUPRC 0.01 · Pearson n/a",
        "  negative side:",
        "    hot, warm, heat, cold (user): F1 0.02 [0.00, 0.03] (n 1,000) · IoU 0.26 [0.22, 0.30] (n 12,345) · AUPRC 0.38 [0.31, 0.44] (n 12,345) · Pearson 0.52 [0.48, 0.56] (n 5,000)",
        "      p 0.620, does not beat the null; holds on 210 held-out tokens, 84 of them where the direction fires",
        "      baseline, random directions at the same hook: F1 0.02 · IoU 0.01 · AUPRC 0.01 · Pearson 0.00",
        "      baseline, shuffled within texts: F1 0.01 · IoU 0.00 · AUPRC 0.01 · Pearson 0.00",
        "    baseline, fires nowhere: F1 0.00 · IoU 0.00 · AUPRC 0.01 · Pearson 0.00",
        "    baseline, fires everywhere: F1 0.02 · IoU 0.01 · AUPRC 0.01 · Pearson 0.00",
        "  warning: a warning",
    ]);
});

test("hypothesisSummary: the verdict and each side's F1 with its interval; free text: the embedding AUROC", () => {
    assert.equal(
        hypothesisSummary(hypothesis),
        "Interp: word list “hot, warm, heat, cold” — beats the null on the positive side: F1 0.41 [0.36, 0.47] · positive F1 0.41 [0.36, 0.47] · negative F1 0.02 [0.00, 0.03]",
    );
    const text: HypothesisResult = {
        ...hypothesis,
        kind: "text",
        hypothesis: "temperature",
        sides: [],
        embedding: { auroc: score(0.71, 0.64, 0.78, 300), activating: 200, non_activating: 100, rule: "cosine" },
        verdict: "the embedding scorer separates activating contexts: AUROC 0.71 [0.64, 0.78]",
        warnings: [],
    };
    assert.equal(
        hypothesisSummary(text),
        "Interp: free text “temperature” — the embedding scorer separates activating contexts: AUROC 0.71 [0.64, 0.78] · embedding AUROC 0.71 [0.64, 0.78]",
    );
    const lines = hypothesisReport(text);
    assert.equal(lines[2], "  embedding scorer: AUROC 0.71 [0.64, 0.78] (200 activating, 100 non-activating contexts)");
    assert.equal(lines.length, 4);
});

test("explanationReport and explanationSummary: verdicts, the best candidates, R^2 in words, modes and the cover", () => {
    const other: ScoredCandidate = { ...heat, id: "wn:mixing", label: "WordNet: mix.v.01", family: "wordnet", significant: true };
    const r: ExplanationResult = {
        version: 1,
        direction: "temperature (logistic probe)",
        direction_hash: "abc",
        hook: "blocks.3.hook_resid_post",
        model_id: "embedded:all-MiniLM-L6-v2",
        corpus_id: "default",
        corpus_hash: "h",
        scan_id: 7,
        documents: 20000,
        tokens: 300000,
        propose_documents: 10012,
        heldout_documents: 9988,
        verdict: "a mixture of familiar concepts",
        sides: [
            {
                side: "positive",
                threshold: 1.5,
                tokens: 150000,
                documents: 9988,
                fires: 1500,
                tried: 812,
                candidates: [heat, other],
                fires_nowhere: base(0, 0, 0.01, 0),
                fires_everywhere: base(0.01, 0.02, 0.01, 0),
                null_best_iou: [0.01, 0.02],
                coverage: { terms: ["a", "b"], labels: ["hot, warm, heat, cold", "WordNet: mix.v.01"], coefficients: [1, 2], intercept: 0, r2: score(0.41, 0.36, 0.46), mean: 0.2 },
                modes: [
                    { index: 0, share: 0.6, size: 240, examples: [], candidates: [heat] },
                    { index: 1, share: 0.4, size: 160, examples: [], candidates: [] },
                ],
                cover: {
                    union_id: "u",
                    union_label: "hot OR mix",
                    union_iou: score(0.3, 0.25, 0.35),
                    single_id: "s",
                    single_label: "WordNet: change.n.01",
                    single_iou: score(0.1, 0.08, 0.12),
                    covers: false,
                    tried: ["s"],
                },
                verdict_kind: "mixture",
                verdict: "a mixture: heat words and mixing",
            },
        ],
        rules,
        seconds: 8.25,
        timings: { evidence: 3.1, "positive.score": 1.5 },
        warnings: [],
    };
    const lines = explanationReport(r, 1);
    assert.equal(
        lines[0],
        "Explain direction: temperature (logistic probe) (blocks.3.hook_resid_post, corpus default: 20,000 texts, 10,012 to propose, 9,988 held out; 8.3 s)",
    );
    assert.equal(lines[1], "  verdict: a mixture of familiar concepts");
    assert.equal(lines[2], "  positive side: a mixture: heat words and mixing (fires on 1,500 of 150,000 held-out tokens; 812 candidates tried)");
    // top 1: only the first candidate's four lines, then the two trivial baselines
    assert.ok(lines[3].startsWith("    hot, warm, heat, cold (user): F1 0.41 [0.36, 0.47]"));
    assert.ok(!lines.some((l) => l.includes("mix.v.01 (wordnet)")));
    assert.equal(lines[7], "    baseline, fires nowhere: F1 0.00 · IoU 0.00 · AUPRC 0.01 · Pearson 0.00");
    assert.equal(lines[9], "    explains 41%; 59% unexplained (hot, warm, heat, cold + WordNet: mix.v.01): R^2 0.41 [0.36, 0.46]");
    assert.equal(lines[10], "    mode 1 (60% of the firing tokens): hot, warm, heat, cold");
    assert.equal(lines[11], "    mode 2 (40% of the firing tokens): no candidate");
    assert.equal(
        lines[12],
        "    one concept for the modes: WordNet: change.n.01 IoU 0.10 [0.08, 0.12] against the modes' hot OR mix IoU 0.30 [0.25, 0.35]: does not cover them",
    );
    assert.equal(lines.length, 13);
    assert.equal(explanationSummary(r), "Interp: temperature (logistic probe): a mixture of familiar concepts");
});

test("splitWords and checkHypothesis: empty input is refused; a JavaScript regex error is only a warning", () => {
    assert.deepEqual(splitWords(" hot, warm,heat  cold ,"), ["hot", "warm", "heat", "cold"]);
    assert.deepEqual(splitWords(" , "), []);
    assert.deepEqual(splitWords("hot; warm ;;cold"), ["hot", "warm", "cold"]); // the server splits at ';' too
    assert.deepEqual(splitWords(" ; , "), []);
    assert.deepEqual(checkHypothesis("words", "hot, warm, heat, cold"), {});
    assert.equal(checkHypothesis("words", "   ").error, "Enter a word list");
    assert.equal(checkHypothesis("words", " , ,").error, "Enter at least one word (separated by commas or spaces)");
    assert.equal(checkHypothesis("text", "").error, "Enter a free text");
    assert.deepEqual(checkHypothesis("regex", "\\b(hot|warm)\\w*"), {});
    const bad = checkHypothesis("regex", "(hot");
    assert.equal(bad.error, undefined);
    assert.match(bad.warning ?? "", /^JavaScript does not compile this \(.+\); the server's \.NET regex may still: it decides$/);
    // .NET's inline option (?i) is not JavaScript: a warning, not an error
    assert.equal(checkHypothesis("regex", "(?i)hot").error, undefined);
    assert.ok(checkHypothesis("regex", "(?i)hot").warning);
});
