// code-server (VS Code's workbench in the browser, from npm) for the end-to-end test: installs it into a cache
// folder (client/scripts/install-code-server.sh), installs a .vsix into a fresh extensions folder, and starts it
// on 127.0.0.1 in its own session (setsid), so that stopping it kills its whole process group, file watcher
// and language server included.
import * as cp from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, "../../..");

/** Installs (or finds) Node 24 and code-server in `cache`; returns the node binary and code-server's entry. */
export function installCodeServer(cache) {
    const script = path.join(repoRoot, "client/scripts/install-code-server.sh");
    const r = cp.spawnSync("bash", [script, cache], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    if (r.status !== 0) throw new Error(`install-code-server.sh failed (${r.status})`);
    const entry = r.stdout.trim().split("\n").pop();
    return { node: path.join(cache, "node/bin/node"), entry };
}

export function installExtension({ node, entry }, vsix, extensionsDir, userDataDir) {
    const r = cp.spawnSync(
        node,
        [entry, "--extensions-dir", extensionsDir, "--user-data-dir", userDataDir, "--install-extension", vsix, "--force"],
        { encoding: "utf8" },
    );
    if (r.status !== 0) throw new Error(`installing ${vsix} failed:\n${r.stdout}\n${r.stderr}`);
    return r.stdout.trim();
}

export function freePort() {
    return new Promise((resolve, reject) => {
        const s = net.createServer();
        s.unref();
        s.on("error", reject);
        s.listen(0, "127.0.0.1", () => {
            const { port } = s.address();
            s.close(() => resolve(port));
        });
    });
}

/** The VS Code settings that keep a fresh code-server quiet and offline. */
export const quietSettings = {
    "workbench.startupEditor": "none",
    "workbench.welcomePage.walkthroughs.openOnInstall": false,
    "workbench.tips.enabled": false,
    "chat.disableAIFeatures": true,
    "update.mode": "none",
    "telemetry.telemetryLevel": "off",
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "extensions.ignoreRecommendations": true,
    "security.workspace.trust.enabled": false,
    "git.enabled": false,
};

export function seedUserSettings(userDataDir, extra = {}) {
    const dir = path.join(userDataDir, "User");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "settings.json"), JSON.stringify({ ...quietSettings, ...extra }, null, 2));
}

/**
 * Starts code-server; resolves once it answers on /healthz. `stop()` kills its process group (SIGTERM, then
 * SIGKILL) and is safe to call twice.
 */
export async function startCodeServer({ node, entry }, { port, userDataDir, extensionsDir, folder, env, logFile }) {
    const log = fs.openSync(logFile, "a");
    const args = [
        entry,
        "--bind-addr", `127.0.0.1:${port}`,
        "--auth", "none",
        "--user-data-dir", userDataDir,
        "--extensions-dir", extensionsDir,
        "--disable-telemetry",
        "--disable-update-check",
        "--disable-workspace-trust",
        "--disable-getting-started-override",
        folder,
    ];
    // detached: setsid(), so the server is the leader of a new process group that we can kill whole.
    const proc = cp.spawn(node, args, { detached: true, stdio: ["ignore", log, log], env: { ...process.env, ...env } });
    fs.closeSync(log);
    let stopped = false;
    const stop = () => {
        if (stopped || proc.pid === undefined) return;
        stopped = true;
        try {
            process.kill(-proc.pid, "SIGTERM");
        } catch {}
        const deadline = Date.now() + 3000;
        while (Date.now() < deadline && groupAlive(proc.pid)) cp.spawnSync("sleep", ["0.1"]);
        try {
            process.kill(-proc.pid, "SIGKILL");
        } catch {}
    };
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    for (;;) {
        if (proc.exitCode !== null) throw new Error(`code-server exited (${proc.exitCode}); see ${logFile}`);
        try {
            const r = await fetch(`${url}/healthz`);
            if (r.ok) break;
        } catch {}
        if (Date.now() > deadline) {
            stop();
            throw new Error(`code-server did not answer on ${url} within 60 s; see ${logFile}`);
        }
        await new Promise((r) => setTimeout(r, 250));
    }
    return { proc, pgid: proc.pid, url, stop };
}

function groupAlive(pgid) {
    try {
        process.kill(-pgid, 0);
        return true;
    } catch {
        return false;
    }
}

/** Pids of the processes under `rootPid` (from /proc), for finding the language server code-server started. */
export function descendants(rootPid) {
    const children = new Map();
    for (const d of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(d)) continue;
        try {
            const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
            const ppid = +stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1];
            if (!children.has(ppid)) children.set(ppid, []);
            children.get(ppid).push(+d);
        } catch {}
    }
    const out = [];
    const walk = (p) => {
        for (const c of children.get(p) ?? []) {
            out.push(c);
            walk(c);
        }
    };
    walk(rootPid);
    return out;
}

export function cmdline(pid) {
    try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
    } catch {
        return [];
    }
}
