// hypothesisInput.ts: the check of a typed hypothesis before it is sent (results are rendered by the server: its
// ExplanationText tests).
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkHypothesis, splitWords } from "../../src/hypothesisInput";

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
