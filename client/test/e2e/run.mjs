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
//   (f) bad input: a 10 MB file and a direction that fails to load each give a message, the editor stays usable.
// Screenshots go to client/test/e2e/screenshots/ (the highlighting and the hover card also to docs/screenshots/).
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
    const scale = { p01: quantile(sorted, 0.01), p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted[sorted.length - 1], basis: "document" };
    const s = colors.paintScale(scale);
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

function bucketAt(painted, e) {
    const box = painted.find((p) => p.line === e.line && p.start <= e.start && e.end <= p.end);
    return box ? colors.bucketOfCss(box.bg, POSITIVE, NEGATIVE) : undefined;
}

// ---- the run -----------------------------------------------------------------------------------------------------
let server;
let context;
let page;
const cleanup = () => {
    try {
        server?.stop();
    } catch {}
};
process.on("exit", cleanup);
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(130));

try {
    fs.mkdirSync(shots, { recursive: true });
    const cs = installCodeServer(cache);
    say(`code-server ${cs.entry}`);
    const extDir = path.join(tmp, "ext");
    const userDir = path.join(tmp, "user");
    const ws = path.join(tmp, "workspace");
    fs.mkdirSync(path.join(ws, "directions"), { recursive: true });
    fs.mkdirSync(path.join(ws, ".vscode"), { recursive: true });
    const textName = "heat-and-disorder.txt";
    const text = fs.readFileSync(path.join(repoRoot, "samples", textName), "utf8");
    fs.writeFileSync(path.join(ws, textName), text);
    const dir = JSON.parse(fs.readFileSync(path.join(repoRoot, "samples/directions/temperature.json"), "utf8"));
    fs.writeFileSync(path.join(ws, "directions/temperature.json"), JSON.stringify(dir));
    fs.writeFileSync(
        path.join(ws, "directions/temperature-negated.json"),
        JSON.stringify({ ...dir, name: "temperature (negated)", vector: dir.vector.map((x) => -x) }),
    );
    fs.writeFileSync(
        path.join(ws, ".vscode/settings.json"),
        JSON.stringify({ "interp.directions": ["directions/temperature.json", "directions/temperature-negated.json"], "interp.threshold": THRESHOLD }, null, 2),
    );
    // Bad input for (f): a 10 MB text, and a direction of the wrong width.
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
    say(`CLI: ${cliOriginal.tokens.length} tokens; the fixture's values are known`);

    context = await chromium.launchPersistentContext(path.join(tmp, "chromium"), {
        executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
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
        await new Promise((r) => setTimeout(r, 500));
        const { bad, judged, paintedCount } = compare(await paintedTokens(page), expOriginal);
        await page.screenshot({ path: path.join(shots, "01-highlighting.png") });
        if (bad.length) throw new Error(`${bad.length} of ${judged} tokens wrong:\n  ${bad.slice(0, 12).join("\n  ")}`);
        return `${judged} tokens judged (${paintedCount} painted, ${judged - paintedCount} unpainted); strongest positive ${strongPositive.map((e) => e.text).join(", ")} all blue; ${painted.length} boxes`;
    });

    await check("(b) hover shows the card with the token's value", async () => {
        const target = expOriginal.find((e) => e.text === "cold") ?? strongPositive[0];
        const pos = await positionOf(page, target.line, target.start, target.end);
        if (!pos) throw new Error(`"${target.text}" is not on screen`);
        await page.mouse.move(pos.x - 40, pos.y + 60);
        await page.mouse.move(pos.x, pos.y, { steps: 4 });
        const text = await waitFor("the hover card", async () => {
            const h = await hoverText(page);
            return h.includes("temperature") ? h : undefined;
        }, 20_000);
        await page.screenshot({ path: path.join(shots, "02-hover.png") });
        const m = /temperature \(mass-mean\):\s*(-?[\d.]+(?:[eE][-+]?\d+)?)/.exec(text);
        if (!text.includes(`“${target.text}”`) && !text.includes(target.text)) throw new Error(`the card does not name "${target.text}": ${text}`);
        if (!m) throw new Error(`no value in the card: ${text}`);
        const shown = parseFloat(m[1]);
        if (Math.abs(shown - target.value) > 5e-3 * Math.max(1, Math.abs(target.value)))
            throw new Error(`card says ${shown}, the CLI ${target.value}`);
        await page.mouse.move(5, 5);
        await page.keyboard.press("Escape");
        return `"${target.text}": card ${shown}, CLI ${target.value.toFixed(4)}`;
    });

    await check("(d) an edit recolours the edited words", async () => {
        const warm = expOriginal.find((e) => e.text === "warm" && e.line === 0);
        const before = bucketAt(await paintedTokens(page), warm);
        const pos = await positionOf(page, warm.line, warm.start, warm.end);
        await page.mouse.dblclick(pos.x, pos.y);
        await page.keyboard.type("late", { delay: 40 });
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
        const whole = compare(await paintedTokens(page), expEdited);
        await page.screenshot({ path: path.join(shots, "03-edited.png") });
        if (whole.bad.length) throw new Error(`after the edit, ${whole.bad.length} tokens wrong:\n  ${whole.bad.slice(0, 10).join("\n  ")}`);
        return `"warm" (${warm.value.toFixed(2)}) was ${before.sign}${before.level}; typed "late" (CLI ${late.value.toFixed(2)}) is ${after ? after.sign + after.level : "unpainted"}; all ${whole.judged} judged tokens match the edited text`;
    });

    await check("(c) Interp: Select Direction from the palette switches the colours", async () => {
        await runCommand(page, "Interp: Select Direction");
        await waitFor("the direction picker", async () => (await quickRows(page)).some((r) => r.includes("temperature (mass-mean)")), 20_000);
        await page.screenshot({ path: path.join(shots, "04-select-direction.png") });
        await pickItem(page, "temperature (negated)");
        const cold = expNegated.find((e) => e.text === "cold");
        await waitFor("the negated colours", async () => bucketAt(await paintedTokens(page), cold)?.sign === "neg", 30_000);
        await new Promise((r) => setTimeout(r, 500));
        const { bad, judged } = compare(await paintedTokens(page), expNegated);
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
        const auto = compare(await paintedTokens(page), expEdited);
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
        await runCommand(page, "Interp: Load Direction from File");
        await pickItem(page, "From a spec");
        await page.keyboard.type("directions/broken.json");
        await page.keyboard.press("Enter");
        const err = await waitFor("the load error", async () => (await notificationTexts(page)).find((n) => n.includes("broken.json")), 30_000);
        await page.screenshot({ path: path.join(shots, "08-bad-input.png") });
        return `"${note.slice(0, 100)}"; "${err.slice(0, 140)}"`;
    });
} catch (e) {
    say(`ERROR ${e instanceof Error ? e.stack : e}`);
    results.push({ name: "setup", ok: false });
    if (page) await page.screenshot({ path: path.join(shots, "fail-setup.png") }).catch(() => {});
} finally {
    await context?.close().catch(() => {});
    cleanup();
    // Copy the two README screenshots.
    const docs = path.join(repoRoot, "docs/screenshots");
    for (const [from, to] of [["01-highlighting.png", "highlighting.png"], ["02-hover.png", "hover.png"]]) {
        const f = path.join(shots, from);
        if (fs.existsSync(f) && results.find((r) => r.name.startsWith(from === "01-highlighting.png" ? "(a)" : "(b)"))?.ok) {
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
}
