// End-to-end test in a real editor: code-server (VS Code's workbench) + Debian Chromium + playwright-core.
//
//   node client/test/e2e/run.mjs [--vsix FILE] [--cache DIR] [--keep]
//
// Installs the freshly built .vsix (default: the newest dist/*.vsix, built by client/scripts/package.sh when
// there is none) into a fresh extensions folder, opens a fixture workspace (the sample text, the sample
// direction and its negation) and checks:
//   (a) tokens whose value on the direction (known from `interp-lsp activations --json`) is painted carry the
//       bucket colors.ts assigns them (sign and level), and weak tokens carry none;
//   (b) hovering a token shows the server's card with that token's value;
//   (c) Interp: Select Direction from the palette switches the colours (to the negated direction: signs flip);
//   (d) an edit recolours the edited words (values known from the CLI on the edited text);
//   (e) killing the server shows the failure, the automatic restart brings the colours back, and so does
//       Interp: Restart Server;
//   (f) bad input: a 10 MB file and a direction that fails to load each give a message, the editor stays usable;
//   (g)-(i) scrolling, long documents, the palette's navigation and info commands;
//   (j) probe runs: two selections become examples, Interp: Train Probe (mass-mean) stores and activates the probe,
//       Interp: Scan Corpus scans the workspace, Interp: Open Direction View shows the scan and the probe report;
//   (k) explanations: Interp: Explain Direction on the sample direction (scanning the default corpus first when
//       no scan is stored) opens the direction view at its candidates and says its verdict in one short sentence;
//       the hover card over a heat word then shows its candidate explanations (a verdict line, a candidate's F1);
//       Interp: Test an Explanation with the word list "hot, warm, heat, cold" opens the view at the hypothesis's
//       row (F1 with its interval, p, rank), says its verdict in one short sentence whose button reopens the view,
//       and writes its scores to the output's log.
// Screenshots go to client/test/e2e/screenshots/ (the highlighting, the hover card and the explanation hover card
// also to docs/screenshots/).
// code-server runs in its own process group, killed at the end whatever happens. Prints "N passed, N failed".
import * as cp from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import { chromium } from "playwright-core";
import {
    cmdline,
    descendants,
    freePort,
    installCodeServer,
    installExtension,
    repoRoot,
    seedUserSettings,
    startCodeServer,
} from "./codeserver.mjs";
import {
    fillInputBox,
    hoverText,
    notificationTexts,
    openFile,
    paintedTokens,
    pickItem,
    positionOf,
    quickRows,
    runCommand,
    statusBarText,
    waitFor,
    waitForWorkbench,
} from "./editor.mjs";

const argv = process.argv.slice(2);
const opt = (name, def) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : def;
};
const keep = argv.includes("--keep");
const cache = path.resolve(opt("--cache", process.env.INTERP_CACHE ?? path.join(os.homedir(), ".cache/interp-lsp")));
const shots = path.join(repoRoot, "client/test/e2e/screenshots");
const THRESHOLD = 0.15; // the fixture workspace's interp.threshold
const MARGIN = 0.02; // tokens this close to the threshold or to a level boundary are not judged
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const say = (s) => console.log(`[e2e ${elapsed()}] ${s}`);

// ---- the colour math, from the extension's own source -------------------------------------------------------
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "interp-e2e-"));
await esbuild.build({ entryPoints: [path.join(repoRoot, "client/src/colors.ts")], bundle: true, format: "esm", outfile: path.join(tmp, "colors.mjs"), logLevel: "error" });
const colors = await import(pathToFileURL(path.join(tmp, "colors.mjs")).href);
const POSITIVE = colors.parseColor("#2563eb");
const NEGATIVE = colors.parseColor("#dc2626");

// ---- the .vsix -------------------------------------------------------------------------------------------------
function newestVsix() {
    const dist = path.join(repoRoot, "dist");
    if (!fs.existsSync(dist)) return undefined;
    const all = fs.readdirSync(dist).filter((f) => f.endsWith(".vsix")).map((f) => path.join(dist, f));
    return all.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
}
let vsix = opt("--vsix", undefined) ?? newestVsix();
if (!vsix) {
    say("no .vsix in dist/: building one (client/scripts/package.sh)");
    const r = cp.spawnSync("bash", [path.join(repoRoot, "client/scripts/package.sh")], { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
    if (r.status !== 0) throw new Error("package.sh failed");
    vsix = r.stdout.trim().split("\n").pop();
}
vsix = path.resolve(vsix);
say(`vsix ${vsix} (${(fs.statSync(vsix).size / 1e6).toFixed(1)} MB)`);

// ---- checks bookkeeping ------------------------------------------------------------------------------------------
const results = [];
async function check(name, f) {
    const start = Date.now();
    try {
        const detail = await f();
        results.push({ name, ok: true });
        say(`PASS ${name}${detail ? `: ${detail}` : ""} (${((Date.now() - start) / 1000).toFixed(1)} s)`);
    } catch (e) {
        results.push({ name, ok: false });
        say(`FAIL ${name}: ${e instanceof Error ? e.message : e}`);
        if (page) await page.screenshot({ path: path.join(shots, `fail-${name.slice(0, 3).replace(/\W/g, "")}.png`) }).catch(() => {});
    }
}

// ---- expected values from the CLI --------------------------------------------------------------------------------
function cliActivations(dll, file, direction) {
    const r = cp.spawnSync("dotnet", [dll, "activations", file, "--direction", direction, "--json"], { encoding: "utf8", maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`interp-lsp activations failed: ${r.stderr}`);
    return JSON.parse(r.stdout);
}

function quantile(sorted, q) {
    const pos = q * (sorted.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

/** DirectionScale.paint as protocol v2 defines it: max(|p01|, |p99|), else |max|, else 1. */
function paintOf(p01, p99, max) {
    const s = Math.max(Math.abs(p01), Math.abs(p99));
    if (Number.isFinite(s) && s > 0) return s;
    const m = Math.abs(max);
    return Number.isFinite(m) && m > 0 ? m : 1;
}

/** Tokens with line/column, value, and the bucket the extension should paint (undefined: none), or "skip". */
function expectations(text, cli, sign = 1) {
    const lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
    const lineOf = (off) => {
        let l = 0;
        while (l + 1 < lineStarts.length && lineStarts[l + 1] <= off) l++;
        return l;
    };
    const values = cli.tokens.map((t) => sign * t.value);
    const sorted = [...values].sort((a, b) => a - b);
    // The document scale the server sends, with its paint scale by the protocol's rule (the CLI prints values
    // only): the extension paints with the server's `paint` as is, so this is what it should show.
    const p01 = quantile(sorted, 0.01);
    const p99 = quantile(sorted, 0.99);
    const s = paintOf(p01, p99, sorted[sorted.length - 1]);
    return cli.tokens.map((t, i) => {
        const v = values[i];
        const line = lineOf(t.start);
        const inten = colors.intensity(v, s);
        const nearEdge = Math.abs(inten - THRESHOLD) < MARGIN;
        return {
            text: t.text,
            value: v,
            line,
            start: t.start - lineStarts[line],
            end: t.end - lineStarts[line],
            intensity: inten,
            expected: nearEdge ? "skip" : colors.bucketOf(v, s, THRESHOLD),
        };
    });
}

/** Compares what is painted with what should be; returns mismatches (and counts). */
function compare(painted, expected, lines) {
    const bad = [];
    let judged = 0;
    let paintedCount = 0;
    for (const e of expected) {
        if (lines && !lines.includes(e.line)) continue;
        if (e.expected === "skip") continue;
        const box = painted.find((p) => p.line === e.line && p.start <= e.start && e.end <= p.end);
        const got = box ? colors.bucketOfCss(box.bg, POSITIVE, NEGATIVE) : undefined;
        judged++;
        if (got) paintedCount++;
        if (!e.expected) {
            if (got) bad.push(`"${e.text}" (line ${e.line + 1}, value ${e.value.toFixed(2)}) should be unpainted, is ${got.sign}${got.level}`);
        } else if (!got || got.sign !== e.expected.sign || Math.abs(got.level - e.expected.level) > 1) {
            bad.push(
                `"${e.text}" (line ${e.line + 1}, value ${e.value.toFixed(2)}) should be ${e.expected.sign}${e.expected.level}, is ${got ? got.sign + got.level : "unpainted"}`,
            );
        }
    }
    return { bad, judged, paintedCount };
}

/** Polls until what is painted matches `expected` (or `ms` pass); returns the last comparison. */
async function settled(expected, ms = 10_000, lines = undefined) {
    const deadline = Date.now() + ms;
    for (;;) {
        const c = compare(await paintedTokens(page), expected, lines);
        if (c.bad.length === 0 || Date.now() > deadline) return c;
        await new Promise((r) => setTimeout(r, 300));
    }
}

function bucketAt(painted, e) {
    const box = painted.find((p) => p.line === e.line && p.start <= e.start && e.end <= p.end);
    return box ? colors.bucketOfCss(box.bg, POSITIVE, NEGATIVE) : undefined;
}

// ---- the run -----------------------------------------------------------------------------------------------------
let server;
let context;
let workspaceSettingsFile;
const workspaceSettings = {
    "interp.directions": ["directions/temperature.json", "directions/temperature-negated.json"],
    "interp.threshold": THRESHOLD,
    "interp.highlighting.fullDocumentLines": 100,
};
let page;
/** The sample direction's name (from samples/directions/temperature.json). */
let SAMPLE = "temperature";
const cleanup = () => {
    try {
        server?.stop();
    } catch {}
};
process.on("exit", cleanup);
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(130));

/** Debian's chromium (the browser playwright-core drives); installed with apt when missing. */
function ensureChromium() {
    const exe = process.env.CHROMIUM ?? "/usr/bin/chromium";
    if (fs.existsSync(exe)) return exe;
    if (process.env.CHROMIUM || !fs.existsSync("/usr/bin/apt-get")) throw new Error(`no browser at ${exe}: install Debian's chromium (or set CHROMIUM)`);
    say("installing chromium (apt-get)");
    const sudo = process.getuid?.() === 0 ? [] : ["sudo"];
    const run = (args) => cp.spawnSync(sudo.length ? "sudo" : args[0], sudo.length ? args : args.slice(1), { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    run(["apt-get", "update", "-qq"]);
    if (run(["apt-get", "install", "-y", "-qq", "chromium"]).status !== 0 || !fs.existsSync(exe)) throw new Error("could not install chromium");
    return exe;
}

try {
    fs.mkdirSync(shots, { recursive: true });
    const chromiumExe = ensureChromium();
    const cs = installCodeServer(cache);
    say(`code-server ${cs.entry}`);
    const extDir = path.join(tmp, "ext");
    const userDir = path.join(tmp, "user");
    const ws = path.join(tmp, "workspace");
    fs.mkdirSync(path.join(ws, "directions"), { recursive: true });
    workspaceSettingsFile = path.join(ws, ".vscode/settings.json");
    fs.mkdirSync(path.join(ws, ".vscode"), { recursive: true });
    const textName = "heat-and-disorder.txt";
    const text = fs.readFileSync(path.join(repoRoot, "samples", textName), "utf8");
    fs.writeFileSync(path.join(ws, textName), text);
    const dir = JSON.parse(fs.readFileSync(path.join(repoRoot, "samples/directions/temperature.json"), "utf8"));
    SAMPLE = dir.name; // "temperature (logistic probe)"
    fs.writeFileSync(path.join(ws, "directions/temperature.json"), JSON.stringify(dir));
    fs.writeFileSync(
        path.join(ws, "directions/temperature-negated.json"),
        // a probe's value is h . w + b: negating it negates both
        JSON.stringify({ ...dir, name: "temperature (negated)", vector: dir.vector.map((x) => -x), ...(dir.bias !== undefined ? { bias: -dir.bias } : {}) }),
    );
    fs.writeFileSync(
        path.join(ws, ".vscode/settings.json"),
        JSON.stringify(workspaceSettings, null, 2),
    );
    // A long text for (h): painted around the visible range only (interp.highlighting.fullDocumentLines is 100).
    const longText = Array.from({ length: 12 }, () => text).join("\n");
    fs.writeFileSync(path.join(ws, "long.txt"), longText);
    // Bad input for (f): a 10 MB text, a file in a language not in interp.languages, a direction of the wrong width.
    // Two lines to select for (j): one about heat, one not.
    fs.writeFileSync(path.join(ws, "probe-examples.txt"), "The soup was boiling hot and the oven was scorching.\nThe committee postponed its decision until the next meeting.\n");
    fs.writeFileSync(path.join(ws, "notes.py"), "# The kettle was warm and the night was cold.\nprint('cold')\n");
    fs.writeFileSync(path.join(ws, "big.txt"), "The kettle was warm when she came back into the kitchen.\n".repeat(180_000));
    fs.writeFileSync(path.join(ws, "directions/broken.json"), '{"name": "broken", "hook": "blocks.3.hook_resid_post", "vector": [1, 2, 3]}');
    seedUserSettings(userDir, { "editor.hover.delay": 150, "workbench.secondarySideBar.defaultVisibility": "hidden", "workbench.colorTheme": "Default Light Modern", "editor.fontSize": 15 });

    let t = Date.now();
    const installed = installExtension(cs, vsix, extDir, userDir);
    say(`installed the extension in ${((Date.now() - t) / 1000).toFixed(1)} s: ${installed.split("\n").pop()}`);
    const extFolder = fs.readdirSync(extDir).find((d) => d.startsWith("interplsp.interp-lsp"));
    if (!extFolder) throw new Error(`the extension is not in ${extDir}`);
    const dll = path.join(extDir, extFolder, "client/server-bin/interp-lsp.dll");

    // Expected values, from the CLI of the very server the extension runs (in parallel with code-server's start).
    const editedText = text.replace("The kettle was warm", "The kettle was late");
    fs.writeFileSync(path.join(tmp, "edited.txt"), editedText);
    const port = await freePort();
    t = Date.now();
    server = await startCodeServer(cs, { port, userDataDir: userDir, extensionsDir: extDir, folder: ws, logFile: path.join(tmp, "code-server.log") });
    say(`code-server on ${server.url} (pgid ${server.pgid}) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    const cliOriginal = cliActivations(dll, path.join(ws, textName), path.join(ws, "directions/temperature.json"));
    const cliEdited = cliActivations(dll, path.join(tmp, "edited.txt"), path.join(ws, "directions/temperature.json"));
    const expOriginal = expectations(text, cliOriginal);
    const expEdited = expectations(editedText, cliEdited);
    const expNegated = expectations(editedText, cliEdited, -1);
    const expLong = expectations(longText, cliActivations(dll, path.join(ws, "long.txt"), path.join(ws, "directions/temperature.json")));
    say(`CLI: ${cliOriginal.tokens.length} tokens; the fixture's values are known`);

    context = await chromium.launchPersistentContext(path.join(tmp, "chromium"), {
        executablePath: chromiumExe,
        headless: true,
        viewport: { width: 1500, height: 900 },
        args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
    });
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${server.url}/?folder=${encodeURIComponent(ws)}`);
    await waitForWorkbench(page);
    say("workbench rendered");
    await openFile(page, textName);
    say(`opened ${textName}`);

    const strongPositive = expOriginal
        .filter((e) => e.expected && e.expected !== "skip" && e.expected.sign === "pos")
        .sort((a, b) => b.value - a.value)
        .slice(0, 5);

    await check("(a) painted buckets match the CLI's values; weak tokens unpainted", async () => {
        const painted = await waitFor("the highlighting", async () => {
            const p = await paintedTokens(page);
            return strongPositive.every((e) => bucketAt(p, e)?.sign === "pos") ? p : undefined;
        }, 120_000);
        const { bad, judged, paintedCount } = await settled(expOriginal);
        await page.screenshot({ path: path.join(shots, "01-highlighting.png") });
        if (bad.length) throw new Error(`${bad.length} of ${judged} tokens wrong:\n  ${bad.slice(0, 12).join("\n  ")}`);
        return `${judged} tokens judged (${paintedCount} painted, ${judged - paintedCount} unpainted); strongest positive ${strongPositive.map((e) => e.text).join(", ")} all blue; ${painted.length} boxes`;
    });

    await check("(b) hover shows the card with the token's value", async () => {
        const target = expOriginal.find((e) => e.text === "cold") ?? strongPositive[0];
        const pos = await positionOf(page, target.line, target.start, target.end);
        if (!pos) throw new Error(`"${target.text}" is not on screen`);
        // The card must be the target's: on a slow machine the editor may show the card of a token the pointer passed
        // on its way (a CI run got "melt", the next line's word), so the pointer leaves and comes back straight to it.
        let text;
        for (let attempt = 0; attempt < 3 && text === undefined; attempt++) {
            await page.mouse.move(pos.x - 40, pos.y + 60);
            await page.mouse.move(pos.x, pos.y, { steps: attempt === 0 ? 4 : 1 });
            text = await waitFor("the hover card", async () => {
                const h = await hoverText(page);
                return h.includes("temperature") && (h.includes(`“${target.text}”`) || h.includes(target.text)) ? h : undefined;
            }, 10_000).catch(() => undefined);
        }
        if (text === undefined) throw new Error(`no hover card naming "${target.text}" after 3 tries: ${await hoverText(page)}`);
        await page.screenshot({ path: path.join(shots, "02-hover.png") });
        const m = new RegExp(`${SAMPLE.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\s*(-?[\\d.]+(?:[eE][-+]?\\d+)?)`).exec(text);
        if (!text.includes(`“${target.text}”`) && !text.includes(target.text)) throw new Error(`the card does not name "${target.text}": ${text}`);
        if (!m) throw new Error(`no value in the card: ${text}`);
        const shown = parseFloat(m[1]);
        if (Math.abs(shown - target.value) > 5e-3 * Math.max(1, Math.abs(target.value)))
            throw new Error(`card says ${shown}, the CLI ${target.value}`);
        // The card's command: links work: switch to the negated direction from the card, and back.
        const hoverAndClick = async (name) => {
            await page.mouse.move(pos.x - 40, pos.y + 60);
            await page.mouse.move(pos.x, pos.y, { steps: 4 });
            const link = page.locator(".monaco-hover a", { hasText: name }).first();
            await link.waitFor({ state: "visible", timeout: 20_000 });
            await link.click();
        };
        await hoverAndClick("temperature (negated)");
        await waitFor("the negated colours after the card's link", async () => bucketAt(await paintedTokens(page), target)?.sign === "neg", 30_000);
        await hoverAndClick(SAMPLE);
        await waitFor("the original colours after the card's link", async () => bucketAt(await paintedTokens(page), target)?.sign === "pos", 30_000);
        await page.mouse.move(5, 5);
        await page.keyboard.press("Escape");
        return `"${target.text}": card ${shown}, CLI ${target.value.toFixed(4)}; the card's direction links switched the colours and back`;
    });

    await check("(d) an edit recolours the edited words", async () => {
        const warm = expOriginal.find((e) => e.text === "warm" && e.line === 0);
        const before = bucketAt(await paintedTokens(page), warm);
        const pos = await positionOf(page, warm.line, warm.start, warm.end);
        const othersBefore = (await paintedTokens(page)).filter((b) => b.line > 0).length;
        await page.mouse.dblclick(pos.x, pos.y);
        await page.keyboard.type("late", { delay: 40 });
        // No flicker: while the edit is recomputed and repainted, the other lines keep their colours.
        let fewest = othersBefore;
        const sampleUntil = Date.now() + 2500;
        while (Date.now() < sampleUntil) fewest = Math.min(fewest, (await paintedTokens(page)).filter((b) => b.line > 0).length);
        if (fewest < othersBefore * 0.8) throw new Error(`flicker: the other lines dropped from ${othersBefore} to ${fewest} painted boxes during the repaint`);
        const late = expEdited.find((e) => e.text === "late" && e.line === 0);
        if (before?.sign !== "pos" || !late || late.expected !== undefined)
            throw new Error(`not a decisive edit: "warm" is ${before?.sign}, the CLI gives "late" ${late?.value}`);
        const firstLine = await waitFor("the edited line recoloured", async () => {
            const p = await paintedTokens(page);
            return compare(p, expEdited, [0]).bad.length === 0 ? p : undefined;
        }, 30_000).catch(async (e) => {
            const { bad } = compare(await paintedTokens(page), expEdited, [0]);
            throw new Error(`${e.message}\n  ${bad.join("\n  ")}`);
        });
        const after = bucketAt(firstLine, late);
        const whole = await settled(expEdited);
        await page.screenshot({ path: path.join(shots, "03-edited.png") });
        if (whole.bad.length) throw new Error(`after the edit, ${whole.bad.length} tokens wrong:\n  ${whole.bad.slice(0, 10).join("\n  ")}`);
        return `"warm" (${warm.value.toFixed(2)}) was ${before.sign}${before.level}; typed "late" (CLI ${late.value.toFixed(2)}) is ${after ? after.sign + after.level : "unpainted"}; all ${whole.judged} judged tokens match the edited text; no flicker (other lines kept ${fewest} of ${othersBefore} boxes throughout)`;
    });

    await check("(c) Interp: Select Direction from the palette switches the colours", async () => {
        await runCommand(page, "Interp: Select Direction");
        await waitFor("the direction picker", async () => (await quickRows(page)).some((r) => r.includes(SAMPLE)), 20_000);
        await page.screenshot({ path: path.join(shots, "04-select-direction.png") });
        await pickItem(page, "temperature (negated)");
        const cold = expNegated.find((e) => e.text === "cold");
        await waitFor("the negated colours", async () => bucketAt(await paintedTokens(page), cold)?.sign === "neg", 30_000);
        const { bad, judged } = await settled(expNegated);
        await page.screenshot({ path: path.join(shots, "05-negated.png") });
        if (bad.length) throw new Error(`${bad.length} of ${judged} tokens wrong:\n  ${bad.slice(0, 10).join("\n  ")}`);
        const status = (await statusBarText(page)).find((s) => s.includes("temperature"));
        if (!status?.includes("negated")) throw new Error(`the status bar does not show the new direction: ${status}`);
        return `${judged} tokens match the negated direction; status bar "${status}"`;
    });

    await check("(e) killing the server shows the failure; restarts bring the colours back", async () => {
        const serverPid = () => descendants(server.pgid).find((p) => cmdline(p).some((a) => a.endsWith("interp-lsp.dll")) && cmdline(p).includes("serve"));
        const pid = await waitFor("the language server process", async () => serverPid(), 10_000);
        process.kill(pid, "SIGKILL");
        const note = await waitFor("the failure notification", async () => (await notificationTexts(page)).find((n) => n.includes("stopped unexpectedly")), 20_000);
        await page.screenshot({ path: path.join(shots, "06-crash-notification.png") });
        // After the restart the settings' first direction (temperature) is active again.
        const cold = expEdited.find((e) => e.text === "cold");
        await waitFor("the colours after the automatic restart", async () => bucketAt(await paintedTokens(page), cold)?.sign === "pos", 90_000);
        const pid2 = serverPid();
        if (!pid2 || pid2 === pid) throw new Error("no new server process");
        const auto = await settled(expEdited);
        if (auto.bad.length) throw new Error(`after the restart ${auto.bad.length} tokens wrong:\n  ${auto.bad.slice(0, 8).join("\n  ")}`);
        await runCommand(page, "Interp: Restart Server");
        await waitFor("a third server process", async () => {
            const p = serverPid();
            return p && p !== pid2;
        }, 30_000);
        await waitFor("the colours after Interp: Restart Server", async () => compare(await paintedTokens(page), expEdited).bad.length === 0, 90_000);
        await page.screenshot({ path: path.join(shots, "07-restarted.png") });
        return `notification "${note.slice(0, 110)}…"; server ${pid} -> ${pid2} (automatic) -> ${serverPid()} (command); colours back both times`;
    });

    await check("(f) bad input: a 10 MB file and a broken direction give messages; the editor stays usable", async () => {
        await openFile(page, "big.txt");
        // VS Code itself may ask before opening a file this large.
        await page.getByRole("button", { name: "Open Anyway" }).click({ timeout: 3000 }).catch(() => undefined);
        const note = await waitFor("the too-large message", async () => (await notificationTexts(page)).find((n) => n.includes("big.txt") && n.includes("too large")), 30_000);
        const boxes = await paintedTokens(page);
        if (boxes.length) throw new Error("the 10 MB file is painted");
        // The editor still edits: type at the start of the big file.
        await page.keyboard.press("Control+Home");
        await page.keyboard.type("Still usable. ");
        await waitFor(
            "the typed text",
            async () => (await page.$$eval(".editor-group-container.active .view-line", (ls) => ls.map((l) => l.textContent.replace(/\u00a0/g, " ")))).some((t) => t.includes("Still usable")),
            10_000,
        );
        await openFile(page, "notes.py");
        await new Promise((r) => setTimeout(r, 3000));
        if ((await paintedTokens(page)).length) throw new Error("notes.py (python, not in interp.languages) is painted");
        if ((await notificationTexts(page)).some((n) => n.includes("notes.py"))) throw new Error("a notification about notes.py");
        await runCommand(page, "Interp: Load Direction from File");
        await pickItem(page, "From a spec");
        await waitFor("the spec input box", async () => (await page.$$eval(".quick-input-widget", (w) => w.map((e) => e.innerText).join(" "))).includes("A direction spec"), 15_000);
        await page.keyboard.type("directions/broken.json");
        await page.keyboard.press("Enter");
        const err = await waitFor("the load error", async () => (await notificationTexts(page)).find((n) => n.includes("broken.json")), 30_000);
        await page.screenshot({ path: path.join(shots, "08-bad-input.png") });
        return `"${note.slice(0, 100)}"; "${err.slice(0, 140)}"`;
    });

    await check("(g) a wrong interp.server.path is named in a message; fixing it brings the colours back", async () => {
        await page.keyboard.press("Escape");
        await runCommand(page, "Notifications: Clear All Notifications").catch(() => undefined);
        await openFile(page, "heat-and-disorder.txt");
        fs.writeFileSync(workspaceSettingsFile, JSON.stringify({ ...workspaceSettings, "interp.server.path": "/nonexistent/interp-lsp.dll" }, null, 2));
        const note = await waitFor("the server path message", async () => (await notificationTexts(page)).find((n) => n.includes("interp.server.path")), 30_000);
        await waitFor("no colours without a server", async () => (await paintedTokens(page)).length === 0, 15_000);
        const status = await waitFor("the failed status", async () => (await statusBarText(page)).find((t) => t.includes("server failed")), 10_000);
        await page.screenshot({ path: path.join(shots, "09-wrong-server-path.png") });
        fs.writeFileSync(workspaceSettingsFile, JSON.stringify(workspaceSettings, null, 2));
        const cold = expEdited.find((e) => e.text === "cold");
        await waitFor("the colours after fixing the setting", async () => bucketAt(await paintedTokens(page), cold)?.sign === "pos", 90_000);
        return `"${note.slice(0, 120)}"; status "${status}"; colours back after the fix`;
    });

    await check("(h) a long document is painted around the visible range and follows scrolling", async () => {
        await openFile(page, "long.txt");
        const visible = async () => page.$$eval(".editor-group-container.active .margin-view-overlays .line-numbers", (els) => els.map((e) => parseInt(e.textContent.trim(), 10) - 1));
        await waitFor("colours at the top", async () => {
            const p = await paintedTokens(page);
            return p.length > 20 && compare(p, expLong, await visible()).bad.length === 0;
        }, 120_000);
        await page.keyboard.press("Control+End");
        const lastLine = expLong[expLong.length - 1].line;
        await waitFor("colours at the end", async () => {
            const p = await paintedTokens(page);
            const lines = await visible();
            return lines.includes(lastLine) && p.some((b) => b.line > lastLine - 20) && compare(p, expLong, lines).bad.length === 0;
        }, 60_000).catch(async (e) => {
            const { bad } = compare(await paintedTokens(page), expLong, await visible());
            throw new Error(`${e.message}\n  ${bad.slice(0, 8).join("\n  ")}`);
        });
        await page.screenshot({ path: path.join(shots, "10-long-scrolled.png") });
        return `${lastLine + 1} lines; the top and, after Ctrl+End, the bottom are painted as the CLI says`;
    });

    await check("(i) palette: Next Strong Activation, Toggle Highlighting, Show Model Info", async () => {
        await openFile(page, "heat-and-disorder.txt");
        await page.keyboard.press("Control+Home");
        await runCommand(page, "Interp: Next Strong Activation");
        const msg = await waitFor("the strong-activation message", async () => (await statusBarText(page)).find((t) => t.includes("strong activation")), 15_000);
        const m = /strong activation 1 of (\d+): “(.+)” = (-?[\d.]+)/.exec(msg);
        if (!m) throw new Error(`unexpected message: ${msg}`);
        const token = expEdited.find((e) => e.text === m[2]);
        if (!token || Math.abs(token.value - parseFloat(m[3])) > 0.01 * Math.max(1, Math.abs(token.value)))
            throw new Error(`the first strong activation "${m[2]}" = ${m[3]} is not the CLI's (${token?.value})`);
        const boxes = (await paintedTokens(page)).length;
        await runCommand(page, "Interp: Toggle Highlighting");
        await waitFor("no colours", async () => (await paintedTokens(page)).length === 0, 10_000);
        await runCommand(page, "Interp: Toggle Highlighting");
        await waitFor("the colours again", async () => (await paintedTokens(page)).length >= boxes * 0.9, 30_000);
        await runCommand(page, "Interp: Show Model Info");
        const info = await waitFor("the model info tab", async () => (await page.$$eval(".tab", (ts) => ts.map((t) => t.innerText.trim()))).find((t) => t.includes("Model info")), 30_000);
        await new Promise((r) => setTimeout(r, 1500));
        await page.screenshot({ path: path.join(shots, "11-model-info.png") });
        return `first of ${m[1]} strong activations: "${m[2]}" = ${m[3]}; toggled off and on (${boxes} boxes); model info tab "${info}"`;
    });

    await check("(j) probe runs: two selections train a probe, a scan of the workspace, the direction view", async () => {
        // big.txt (10 MB, for (f)) would make the workspace corpus a long scan; this check scans the rest.
        fs.rmSync(path.join(ws, "big.txt"), { force: true });
        await page.keyboard.press("Escape");
        // focus may still be in the model info preview (a webview): close every editor, then open the examples
        await runCommand(page, "View: Close All Editors").catch(() => page.keyboard.press("Escape"));
        await waitFor("no editor open", async () => (await page.$$(".tab")).length === 0, 15_000).catch(() => undefined);
        await openFile(page, "probe-examples.txt");
        const selectLine = async (n) => {
            await page.keyboard.press("Control+G");
            await page.waitForSelector(".quick-input-widget:not([style*='display: none']) input", { timeout: 15_000 });
            await page.keyboard.type(String(n), { delay: 20 });
            await page.keyboard.press("Enter");
            await page.keyboard.press("Home");
            await page.keyboard.press("Shift+End");
        };
        const notice = (what, f, ms) =>
            waitFor(what, async () => {
                const texts = await notificationTexts(page);
                const bad = texts.find((t) => t.startsWith("InterpLsp:"));
                if (bad) throw new Error(bad);
                return texts.find(f);
            }, ms);
        await selectLine(1);
        await runCommand(page, "Interp: Add Selection as Positive Example");
        await notice("the example count", (t) => t.includes("1 positive and 0 negative"), 60_000);
        await selectLine(2);
        await runCommand(page, "Interp: Add Selection as Negative Example");
        const set = await notice("the example count", (t) => t.includes("1 positive and 1 negative"), 30_000);
        const jsonl = path.join(ws, ".interp/datasets/examples.jsonl");
        const rows = fs.readFileSync(jsonl, "utf8").trim().split("\n").map((l) => JSON.parse(l));
        if (rows.length !== 2 || rows[0].label !== 1 || rows[1].label !== 0 || !rows[0].text.includes("boiling"))
            throw new Error(`unexpected example set: ${JSON.stringify(rows)}`);
        await runCommand(page, "Notifications: Clear All Notifications").catch(() => undefined);

        await runCommand(page, "Interp: Train Probe");
        await pickItem(page, "mass-mean");
        await fillInputBox(page, "Name in the workspace's direction library", "e2e-probe");
        const trained = await notice("the trained probe", (t) => t.includes("e2e-probe trained"), 120_000);
        await waitFor("the probe in the status bar", async () => (await statusBarText(page)).find((t) => t.includes("e2e-probe")), 30_000);
        await runCommand(page, "Notifications: Clear All Notifications").catch(() => undefined);

        await runCommand(page, "Interp: Scan Corpus");
        await pickItem(page, "workspace");
        const scanned = await notice("the scan", (t) => t.includes("Interp: scanned"), 300_000);
        const m = /(\d[\d,]*) texts, (\d[\d,]*) tokens/.exec(scanned);
        if (!m || Number(m[2].replace(/,/g, "")) < 100) throw new Error(`unexpected scan summary: ${scanned}`);
        await runCommand(page, "Notifications: Clear All Notifications").catch(() => undefined);

        await runCommand(page, "Interp: Open Direction View");
        await pickItem(page, "e2e-probe");
        const view = await waitFor("the direction view with the scan", async () => {
            for (const f of page.frames()) {
                const body = await f.evaluate(() => document.body?.innerText ?? "").catch(() => "");
                if (body.includes("Top activations") && body.includes("e2e-probe")) return body;
            }
            return undefined;
        }, 60_000);
        if (!view.includes("Probe report") || view.includes("Not scanned yet")) throw new Error(`the view lacks the probe report or the scan:\n${view.slice(0, 400)}`);
        await new Promise((r) => setTimeout(r, 1000));
        await page.screenshot({ path: path.join(shots, "12-direction-view.png") });
        return `${set}; ${trained.slice(0, 120)}; ${scanned.slice(0, 100)}; the view shows the scan and the probe report`;
    });

    await check("(k) explanations: Explain Direction, the hover's candidates, Test an Explanation", async () => {
        const notice = (what, f, ms) =>
            waitFor(what, async () => {
                const texts = await notificationTexts(page);
                const bad = texts.find((t) => t.startsWith("InterpLsp:"));
                if (bad) throw new Error(bad);
                return texts.find(f);
            }, ms);
        // the webview's text: the first frame whose body passes `pred`
        const frameBody = async (pred) => {
            for (const f of page.frames()) {
                const body = await f.evaluate(() => document.body?.innerText ?? "").catch(() => "");
                if (pred(body)) return body;
            }
            return undefined;
        };
        const viewText = (what, pred) => waitFor(what, () => frameBody(pred), 60_000);
        const oneShortSentence = (t) => {
            if (t.length > 120 || !/[.…]$/.test(t) || /[.!?] /.test(t.slice(0, -1))) throw new Error(`not one short sentence (${t.length} characters): "${t}"`);
        };
        const clickNotificationButton = async (message, label) => {
            const button = () =>
                page.locator(".notifications-toasts .notification-list-item, .notifications-center .notification-list-item", { hasText: message.slice(0, 40) })
                    .locator(".monaco-button", { hasText: label }).first();
            if (!(await button().isVisible().catch(() => false))) await runCommand(page, "Notifications: Show Notifications");
            await button().click({ timeout: 15_000 });
        };
        await page.keyboard.press("Escape");
        await runCommand(page, "Notifications: Clear All Notifications").catch(() => undefined);
        await runCommand(page, "View: Close All Editors").catch(() => page.keyboard.press("Escape"));
        await waitFor("no editor open", async () => (await page.$$(".tab")).length === 0, 15_000).catch(() => undefined);

        // The sample direction has no scan yet ((j) scanned the probe): the server scans the default corpus first.
        const started = Date.now();
        await runCommand(page, "Interp: Explain Direction");
        await pickItem(page, SAMPLE);
        const verdict = await notice("the explanation's verdict", (x) => x.startsWith(`Interp: ${SAMPLE}:`), 300_000);
        const explainS = (Date.now() - started) / 1000;
        oneShortSentence(verdict);
        await viewText("the direction view at the explanation", (b) => b.includes("Candidate explanations") && b.includes("Verdict:") && !b.includes("Not explained yet"));
        await runCommand(page, "Notifications: Clear All Notifications").catch(() => undefined);

        // The hover over a heat word, with the sample direction active (after (j) the probe is).
        await runCommand(page, "View: Close All Editors").catch(() => page.keyboard.press("Escape"));
        await openFile(page, "heat-and-disorder.txt");
        await runCommand(page, "Interp: Select Direction");
        await pickItem(page, SAMPLE);
        await waitFor("the sample direction in the status bar", async () => (await statusBarText(page)).find((x) => x.includes("temperature") && !x.includes("negated")), 30_000);
        await page.keyboard.press("Control+Home");
        const heatWords = ["cold", "Heat", "warmer", "colder", "hotter", "heat", "frost"];
        // (the hover does not depend on the paint: with the scan stored the paint scale is the corpus's now)
        const candidates = expEdited.filter((e) => heatWords.includes(e.text) && e.value > 0).sort((a, b) => b.value - a.value);
        let target;
        let pos;
        for (const e of candidates) {
            pos = await positionOf(page, e.line, e.start, e.end);
            if (pos) {
                target = e;
                break;
            }
        }
        if (!target) throw new Error(`no heat word with a positive value on screen (candidates: ${candidates.map((e) => e.text).join(", ")})`);
        const hover = await waitFor("the hover card with the candidate explanations", async () => {
            await page.mouse.move(pos.x - 40, pos.y + 60);
            await page.mouse.move(pos.x, pos.y, { steps: 4 });
            await new Promise((r) => setTimeout(r, 600));
            const h = await hoverText(page);
            return h.includes("Candidate explanations") ? h : undefined;
        }, 30_000);
        const lines = hover.split("\n").map((l) => l.trim());
        const heading = lines.find((l) => l.includes("Candidate explanations") && l.includes(SAMPLE)) ?? lines.find((l) => l.includes("Candidate explanations"));
        if (/not computed/i.test(heading)) throw new Error(`the card has no stored explanation after Explain Direction: "${heading}"`);
        const verdictLine = /:\s*(\S.{3,})$/.exec(heading);
        if (!verdictLine) throw new Error(`no verdict in the card's explanation line: "${heading}"`);
        const scoreLine = lines.find((l) => /\bF1 \d+\.\d\d\b/.test(l));
        if (!scoreLine) throw new Error(`no candidate's F1 in the card:\n${hover}`);
        await page.screenshot({ path: path.join(shots, "13-explain-hover.png") });
        await page.mouse.move(5, 5);
        await page.keyboard.press("Escape");

        // A hypothesis typed by hand: the view opens at its row, the notification says the verdict, the log has the report.
        await runCommand(page, "View: Close All Editors").catch(() => page.keyboard.press("Escape"));
        await runCommand(page, "Interp: Test an Explanation");
        await pickItem(page, SAMPLE);
        await pickItem(page, "Word list");
        await fillInputBox(page, "separated by commas", "hot, warm, heat, cold");
        const summary = await notice("the hypothesis summary", (x) => x.includes("word list “hot, warm, heat, cold”"), 120_000);
        oneShortSentence(summary);
        const hypothesisRow = (b) => b.includes("Your hypothesis") && /rank among the stored candidates/.test(b) && /\b\d\.\d\d \[\d\.\d\d, \d\.\d\d\]/.test(b);
        const panel = await viewText("the direction view at the hypothesis's row", hypothesisRow);
        // the button reopens the view once it is closed
        await runCommand(page, "View: Close All Editors").catch(() => page.keyboard.press("Escape"));
        await waitFor("the view closed", async () => !(await frameBody(hypothesisRow)), 15_000);
        await clickNotificationButton(summary, "Open in Direction View");
        await viewText("the direction view reopened by the notification's button", hypothesisRow);
        // The whole report, from the output channel's log file (the panel shows only its last lines).
        const report = await waitFor("the report in the InterpLsp log", async () => {
            const logs = path.join(tmp, "user/logs");
            const file = cp.spawnSync("bash", ["-c", `find "${logs}" -name '*InterpLsp*' | head -1`], { encoding: "utf8" }).stdout.trim();
            const log = file ? fs.readFileSync(file, "utf8") : "";
            const at = log.lastIndexOf("Test an explanation: word list “hot, warm, heat, cold”");
            if (at < 0) return undefined;
            const tail = log.slice(at);
            return /positive side[^\n]*\n[^\n]*F1 \d+\.\d\d \[\d+\.\d\d, \d+\.\d\d\][^\n]*\bn [\d,]+/.test(tail) ? tail : undefined;
        }, 15_000);
        await page.screenshot({ path: path.join(shots, "14-test-explanation.png") });
        const f1 = /positive side[^\n]*\n[^\n]*?(F1 [^·]+)/.exec(report)[1].trim();
        return (
            `explained in ${explainS.toFixed(1)} s: "${verdict.slice(0, 140)}"; card over "${target.text}": "${verdictLine[1].slice(0, 100)}", "${scoreLine.slice(0, 100)}"; ` +
            `test: "${summary}" (${summary.length} characters), positive side ${f1}; the view shows the hypothesis (${panel.split("\n").length} lines)`
        );
    });
} catch (e) {
    say(`ERROR ${e instanceof Error ? e.stack : e}`);
    results.push({ name: "setup", ok: false });
    if (page) await page.screenshot({ path: path.join(shots, "fail-setup.png") }).catch(() => {});
} finally {
    cleanup(); // code-server's process group first, whatever the browser does
    await Promise.race([context?.close().catch(() => {}), new Promise((r) => setTimeout(r, 10_000))]);
    // Copy the README screenshots (each only when its check passed).
    const docs = path.join(repoRoot, "docs/screenshots");
    for (const [from, to, by] of [
        ["01-highlighting.png", "highlighting.png", "(a)"],
        ["02-hover.png", "hover.png", "(b)"],
        ["13-explain-hover.png", "explain-hover.png", "(k)"],
    ]) {
        const f = path.join(shots, from);
        if (fs.existsSync(f) && results.find((r) => r.name.startsWith(by))?.ok) {
            fs.mkdirSync(docs, { recursive: true });
            fs.copyFileSync(f, path.join(docs, to));
        }
    }
    const logs = path.join(tmp, "user/logs");
    if (fs.existsSync(logs)) {
        const found = cp.spawnSync("bash", ["-c", `find "${logs}" -name '*InterpLsp*' | head -1`], { encoding: "utf8" }).stdout.trim();
        if (found) fs.copyFileSync(found, path.join(shots, "interplsp-output.log"));
    }
    if (!keep) fs.rmSync(tmp, { recursive: true, force: true });
    else say(`kept ${tmp}`);
    const passed = results.filter((r) => r.ok).length;
    const failed = results.length - passed;
    say(`done`);
    console.log(`${passed} passed, ${failed} failed`);
    process.exitCode = failed ? 1 : 0;
    setTimeout(() => process.exit(), 2000); // a browser that did not close must not keep the test alive
}
