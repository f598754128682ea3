/**
 * The direction view's page: the server's HTML (which has no script and escapes everything it shows) with a strict
 * CSP and one small script under a nonce: a click on an example from a workspace file (`a[data-path]`) becomes "open
 * that file at that place", and the page opens scrolled to the section a command asked for (the tested hypothesis, the
 * explanation). No VS Code import, so the unit tests load it.
 */
import * as crypto from "crypto";

/** The sections of the page a command may open it at (the ids the server gives them). */
export type ViewFocus = "hypothesis" | "explanation";

/** The server's HTML with the CSP (inline styles, no remote anything) and the script, under a fresh nonce. */
export function withClickScript(html: string, cspSource: string, focus?: ViewFocus): string {
    const nonce = crypto.randomBytes(16).toString("base64");
    const csp =
        `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; ` +
        `style-src 'unsafe-inline' ${cspSource}; img-src data: ${cspSource}; script-src 'nonce-${nonce}';">`;
    // the id as a JSON string literal, its '<' escaped so that it cannot close the script element
    const scroll = focus
        ? `const f=document.getElementById(${JSON.stringify(focus).replace(/</g, "\\u003c")});if(f)f.scrollIntoView({block:'start'});`
        : "";
    const script =
        `<script nonce="${nonce}">(function(){const vscode=acquireVsCodeApi();${scroll}` +
        `document.addEventListener('click',function(e){const a=e.target&&e.target.closest?e.target.closest('a[data-path]'):null;` +
        `if(!a)return;e.preventDefault();vscode.postMessage({type:'open',path:a.getAttribute('data-path'),` +
        `offset:Number(a.getAttribute('data-offset')||0)});});})();</script>`;
    const head = html.includes("<head>") ? html.replace("<head>", `<head>${csp}`) : `${csp}${html}`;
    return head.includes("</body>") ? head.replace("</body>", `${script}</body>`) : `${head}${script}`;
}
