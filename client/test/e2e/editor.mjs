// Reading and driving VS Code's workbench (Monaco) from Playwright.
//
// How a token's colour is read: each bucket is a decoration type whose only style is a background colour, and VS
// Code renders such decorations as <div class="cdr ced-..."> boxes in the editor's `.view-overlays` layer, apart
// from the text. So for every `ced-` box the page computes (1) its computed background colour, which names the
// bucket exactly (colour = sign, alpha = level; colors.ts `bucketOfCss`), and (2) which characters of the line
// lie under it, by measuring each character of the `.view-line` with a DOM Range. The result is a list of
// {line, start, end, bg}: what is painted where, as the user sees it. Adjacent tokens of the same bucket come
// back as one box (Monaco merges touching decorations of one class); a token counts as painted when a box covers
// it.

/** Painted boxes of the active editor: [{line (0-based), start, end (columns), bg, text}]. */
export async function paintedTokens(page) {
    return page.evaluate(() => {
        const ed = document.querySelector(".editor-group-container.active .monaco-editor") ?? document.querySelector(".monaco-editor");
        if (!ed) return [];
        const numbers = [...ed.querySelectorAll(".margin-view-overlays .line-numbers")].map((el) => ({
            n: parseInt(el.textContent.trim(), 10),
            r: el.getBoundingClientRect(),
        }));
        const lines = [...ed.querySelectorAll(".view-lines .view-line")].map((el) => {
            const r = el.getBoundingClientRect();
            const cy = r.top + r.height / 2;
            const num = numbers.find((x) => cy >= x.r.top && cy <= x.r.bottom);
            return { el, r, n: num ? num.n : undefined };
        });
        const rectsCache = new Map();
        const charRects = (el) => {
            if (rectsCache.has(el)) return rectsCache.get(el);
            const out = [];
            const range = document.createRange();
            const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode())
                for (let i = 0; i < n.length; i++) {
                    range.setStart(n, i);
                    range.setEnd(n, i + 1);
                    const cr = range.getBoundingClientRect();
                    out.push([cr.left, cr.right]);
                }
            rectsCache.set(el, out);
            return out;
        };
        const out = [];
        for (const d of ed.querySelectorAll('.view-overlays [class*="ced-"]')) {
            const bg = getComputedStyle(d).backgroundColor;
            if (!bg || bg === "transparent" || /^rgba\(\d+, \d+, \d+, 0\)$/.test(bg)) continue;
            const r = d.getBoundingClientRect();
            if (r.width < 1) continue;
            const cy = r.top + r.height / 2;
            const line = lines.find((l) => cy >= l.r.top && cy <= l.r.bottom);
            if (!line || line.n === undefined) continue;
            let s = -1;
            let e = -1;
            charRects(line.el).forEach(([a, b], i) => {
                const c = (a + b) / 2;
                if (c > r.left && c < r.right) {
                    if (s < 0) s = i;
                    e = i + 1;
                }
            });
            if (s >= 0) out.push({ line: line.n - 1, start: s, end: e, bg, text: line.el.textContent.slice(s, e).replace(/\u00a0/g, " ") });
        }
        return out;
    });
}

/** Screen position of the middle of columns [start, end) of a 0-based line of the active editor. */
export async function positionOf(page, line, start, end) {
    return page.evaluate(
        ({ line, start, end }) => {
            const ed = document.querySelector(".editor-group-container.active .monaco-editor") ?? document.querySelector(".monaco-editor");
            const numbers = [...ed.querySelectorAll(".margin-view-overlays .line-numbers")];
            const num = numbers.find((el) => parseInt(el.textContent.trim(), 10) === line + 1);
            if (!num) return undefined;
            const nr = num.getBoundingClientRect();
            const cy = nr.top + nr.height / 2;
            const el = [...ed.querySelectorAll(".view-lines .view-line")].find((l) => {
                const r = l.getBoundingClientRect();
                return cy >= r.top && cy <= r.bottom;
            });
            if (!el) return undefined;
            const rects = [];
            const range = document.createRange();
            const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode())
                for (let i = 0; i < n.length; i++) {
                    range.setStart(n, i);
                    range.setEnd(n, i + 1);
                    rects.push(range.getBoundingClientRect());
                }
            const a = rects[start];
            const b = rects[end - 1];
            if (!a || !b) return undefined;
            return { x: (a.left + b.right) / 2, y: (a.top + a.bottom) / 2 };
        },
        { line, start, end },
    );
}

export async function waitFor(what, f, timeoutMs, intervalMs = 250) {
    const deadline = Date.now() + timeoutMs;
    let last;
    for (;;) {
        try {
            last = await f();
            if (last) return last;
        } catch (e) {
            last = e;
        }
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ""}`);
        await new Promise((r) => setTimeout(r, intervalMs));
    }
}

export async function waitForWorkbench(page) {
    await page.waitForSelector(".monaco-workbench .part.statusbar", { timeout: 90_000 });
}

/** Opens a file of the workspace through Quick Open. */
export async function openFile(page, name) {
    await page.keyboard.press("Control+P");
    await page.waitForSelector(".quick-input-widget:not([style*='display: none']) input", { timeout: 15_000 });
    await page.keyboard.type(name, { delay: 20 });
    await waitFor(`"${name}" first in Quick Open`, async () => (await quickRows(page))[0]?.includes(name), 15_000);
    await page.keyboard.press("Enter");
    await waitFor(
        `the editor tab of ${name}`,
        async () => (await page.title()).includes(name),
        45_000,
    );
}

export async function quickRows(page) {
    return page.$$eval(".quick-input-widget .monaco-list-row", (rows) => rows.map((r) => r.innerText.replace(/\s+/g, " ").trim()));
}

/** Runs a palette command by its title (F1, type, Enter). */
export async function runCommand(page, title) {
    await page.keyboard.press("F1");
    await page.waitForSelector(".quick-input-widget:not([style*='display: none']) input", { timeout: 15_000 });
    await page.keyboard.type(title, { delay: 15 });
    await waitFor(`"${title}" first in the command palette`, async () => (await quickRows(page))[0]?.includes(title), 15_000);
    await page.keyboard.press("Enter");
}

/** Picks the item of an open quick pick whose text includes `text`. */
export async function pickItem(page, text) {
    await waitFor(`"${text}" in the quick pick`, async () => (await quickRows(page)).some((t) => t.includes(text)), 20_000);
    await page.keyboard.type(text, { delay: 15 });
    await waitFor(`"${text}" first in the quick pick`, async () => (await quickRows(page))[0]?.includes(text), 10_000);
    await page.keyboard.press("Enter");
}

/** Types `text` into the input box whose prompt contains `prompt` and presses Enter. The input box reuses the quick
 * pick's widget, and keystrokes sent while it switches go elsewhere (into the editor, or lost): so this waits for the
 * prompt, focuses the field itself, and checks what the field holds before Enter, retyping until it holds `text`. */
export async function fillInputBox(page, prompt, text) {
    const field = ".quick-input-widget:not([style*='display: none']) input";
    await waitFor(`the input box "${prompt}"`, async () =>
        (await page.$$eval(".quick-input-widget:not([style*='display: none'])", (w) => w.map((e) => e.innerText).join(" "))).includes(prompt), 15_000);
    await waitFor(`"${text}" in the input box`, async () => {
        if ((await page.$eval(field, (e) => e.value).catch(() => "")) === text) return true;
        await page.focus(field).catch(() => undefined);
        await page.keyboard.press("Control+A");
        await page.keyboard.type(text, { delay: 15 });
        return false;
    }, 20_000);
    await page.keyboard.press("Enter");
}

export async function notificationTexts(page) {
    return page.$$eval(".notifications-toasts .notification-list-item-message, .notifications-center .notification-list-item-message", (els) =>
        els.map((e) => e.innerText.trim()),
    );
}

export async function hoverText(page) {
    return page.$$eval(".monaco-hover", (els) =>
        els
            .filter((e) => !e.classList.contains("hidden") && e.getBoundingClientRect().height > 0)
            .map((e) => e.innerText)
            .join("\n"),
    );
}

export async function statusBarText(page) {
    return page.$$eval(".part.statusbar .statusbar-item", (els) => els.map((e) => e.innerText.trim()).filter(Boolean));
}
