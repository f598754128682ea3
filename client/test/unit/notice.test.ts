// notice.ts: the notification that ends Explain Direction and Test an Explanation is one short sentence (the server's
// summary: its ExplanationSummaryTests check the sentences it builds; here the client's guard, also for a server that
// sends the long summaries of before) with a button to the direction view.
import assert from "node:assert/strict";
import { test } from "node:test";
import { NOTICE_MAX, OPEN_VIEW, verdictNotice } from "../../src/notice";

/** One sentence: within the limit, ending with a sentence's end, no sentence end inside. */
function oneShortSentence(s: string): void {
    assert.ok(s.length <= NOTICE_MAX, `${s.length} characters: ${s}`);
    assert.match(s, /[.!?…]$/, s);
    assert.doesNotMatch(s.slice(0, -1), /[.!?] /, s);
    assert.ok(s.startsWith("Interp: "), s);
}

test("the server's summaries (explained, unexplained, a tested hypothesis) are shown whole, as one sentence", () => {
    const summaries = [
        "temperature: positive side well explained by warm (F1 0.71); negative side unexplained.",
        "neuron 7: positive side unexplained.",
        "temperature: positive side a mixture of 2 familiar concepts.",
        "word list “hot, warm, heat, cold” on temperature: beats the null on the positive side, not on the negative.",
        "free text “things that are hot” on neuron 7: embedding AUROC 0.71 (chance 0.50).",
    ];
    for (const s of summaries) {
        const n = verdictNotice(s);
        assert.equal(n, `Interp: ${s}`);
        oneShortSentence(n);
    }
    // a summary without a full stop gets one
    assert.equal(verdictNotice("t: positive side unexplained"), "Interp: t: positive side unexplained.");
});

test("a long summary ends at the last clause that fits, with a full stop, never inside a word", () => {
    // the summaries of before: the whole verdict with every number
    const explained =
        "temperature: positive side: well explained by hot, warm, heat: F1 0.71 [0.66, 0.75] (random directions 0.02); explains 41% of the values, 59% unexplained; fires above 2.5 (the top 1 % of the proposing half's tokens, chosen on that half from 5 thresholds tried)";
    const unexplained =
        "neuron 7: positive side: no candidate explains it: the best, kettle (IoU 0.08 [0.01, 0.15]), is matched by the best candidate of 12 of 20 random-direction sides (p 0.62); perhaps a concept outside our candidates";
    const hypothesis =
        "word list “hot, warm, heat, cold” on temperature: positive side: beats the random-direction null (p 0.048): F1 0.41 [0.36, 0.47], IoU 0.26 [0.21, 0.31] (random directions 0.02, shuffled 0.03) · positive F1 0.41 [0.36, 0.47]";
    for (const s of [explained, unexplained, hypothesis]) {
        const n = verdictNotice(s);
        oneShortSentence(n);
        assert.ok(n.endsWith("."), n);
        // what is kept is the summary's beginning, up to a clause boundary
        assert.ok(`Interp: ${s}`.startsWith(n.slice(0, -1)), n);
    }
    assert.equal(verdictNotice(explained), "Interp: temperature: positive side: well explained by hot, warm, heat: F1 0.71 [0.66, 0.75] (random directions 0.02).");
    // no boundary at all: the last whole word and an ellipsis
    const words = verdictNotice("Interp " + "word ".repeat(60));
    oneShortSentence(words);
    assert.match(words, /word…$/);
    assert.equal(OPEN_VIEW, "Open in Direction View");
});
