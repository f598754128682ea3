// viewPage.ts: the direction view's page around the server's HTML (the HTML itself, with the tested hypothesis's row,
// its rank, the threshold plot and the marked mode examples, is the server's: HypothesisReportHtmlTests).
import assert from "node:assert/strict";
import { test } from "node:test";
import { withClickScript } from "../../src/viewPage";

const page = `<!DOCTYPE html><html><head><title>t</title></head><body><section class="hypothesis" id="hypothesis"><td>&lt;script&gt;alert(1)&lt;/script&gt;</td></section></body></html>`;

test("the page gets a CSP and one script under a nonce; the server's escaped text stays escaped", () => {
    const html = withClickScript(page, "vscode-webview://x");
    const nonce = /script-src 'nonce-([^']+)'/.exec(html)?.[1];
    assert.ok(nonce);
    assert.match(html, /<head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; /);
    const scripts = [...html.matchAll(/<script( nonce="[^"]*")?>/g)];
    assert.equal(scripts.length, 1);
    assert.equal(scripts[0][1], ` nonce="${nonce}"`);
    assert.ok(html.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert.ok(!html.includes("scrollIntoView"));
    assert.match(html, /<\/script><\/body><\/html>$/);
});

test("a focus scrolls the page to that section (the hypothesis after Test an Explanation, the explanation after Explain)", () => {
    const h = withClickScript(page, "csp", "hypothesis");
    assert.ok(h.includes(`document.getElementById("hypothesis");if(f)f.scrollIntoView({block:'start'});`));
    const e = withClickScript(page, "csp", "explanation");
    assert.ok(e.includes(`document.getElementById("explanation")`));
    // two pages never share a nonce
    assert.notEqual(/nonce-([^']+)/.exec(h)?.[1], /nonce-([^']+)/.exec(e)?.[1]);
});
