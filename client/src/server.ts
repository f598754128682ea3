/**
 * Finding, launching and watching the server process. The finding and policy parts are pure functions over an
 * injected file probe and environment (unit-tested); `spawnServer` is the only part that starts anything.
 *
 * Where the server comes from, in order:
 *   1. the setting `interp.server.path` (an `interp-lsp.dll`, the `interp-lsp` executable, or their folder);
 *   2. the server bundled in the extension (`client/server-bin/`, put there by `client/scripts/package.sh`);
 *   3. the server built in the repository the extension runs from (development: `dotnet build`).
 * A `.dll` runs as `dotnet interp-lsp.dll serve`, with `dotnet` from DOTNET_ROOT or PATH, so a missing .NET is
 * found and named before anything starts.
 */
import * as cp from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const SERVER_DLL = "interp-lsp.dll";
export const SERVER_EXE = "interp-lsp";
/** Inside the extension: where package.sh publishes the server. */
export const BUNDLED_DIR = path.join("client", "server-bin");
/** Inside the repository: where `dotnet build server/InterpLsp.Server` puts it. */
export const REPOSITORY_DIRS = [
    path.join("server", "InterpLsp.Server", "bin", "Release", "net10.0", "linux-x64"),
    path.join("server", "InterpLsp.Server", "bin", "Debug", "net10.0", "linux-x64"),
];

export type ServerSource = "setting" | "bundled" | "repository";

export interface ServerLocation {
    source: ServerSource;
    /** The `.dll` (run with dotnet) or the executable (run directly). */
    path: string;
    isDll: boolean;
}

export type Found<T> = { ok: true; value: T } | { ok: false; message: string };

export interface FileProbe {
    isFile(p: string): boolean;
    isDirectory(p: string): boolean;
    isExecutable(p: string): boolean;
}

export const realFiles: FileProbe = {
    isFile: (p) => {
        try {
            return fs.statSync(p).isFile();
        } catch {
            return false;
        }
    },
    isDirectory: (p) => {
        try {
            return fs.statSync(p).isDirectory();
        } catch {
            return false;
        }
    },
    isExecutable: (p) => {
        try {
            fs.accessSync(p, fs.constants.X_OK);
            return fs.statSync(p).isFile();
        } catch {
            return false;
        }
    },
};

/** Expands `~` and `${workspaceFolder}`, and resolves a relative path against the workspace folder. */
export function expandPath(p: string, workspaceFolder: string | undefined, home = os.homedir()): string {
    let s = p.trim();
    if (s === "~" || s.startsWith("~/")) s = path.join(home, s.slice(1));
    if (workspaceFolder) s = s.replace(/\$\{workspaceFolder\}/g, workspaceFolder);
    if (!path.isAbsolute(s) && workspaceFolder) s = path.join(workspaceFolder, s);
    return path.normalize(s);
}

export function findServer(
    opts: { configuredPath: string; extensionPath: string; workspaceFolder?: string; home?: string },
    files: FileProbe = realFiles,
): Found<ServerLocation> {
    if (opts.configuredPath) {
        const p = expandPath(opts.configuredPath, opts.workspaceFolder, opts.home);
        const shown = `interp.server.path is "${opts.configuredPath}"`;
        if (files.isDirectory(p)) {
            if (files.isFile(path.join(p, SERVER_DLL)))
                return { ok: true, value: { source: "setting", path: path.join(p, SERVER_DLL), isDll: true } };
            return { ok: false, message: `${shown}: that folder (${p}) holds no ${SERVER_DLL}.` };
        }
        if (!files.isFile(p)) return { ok: false, message: `${shown}: ${p} does not exist.` };
        if (p.endsWith(".dll")) return { ok: true, value: { source: "setting", path: p, isDll: true } };
        if (!files.isExecutable(p)) return { ok: false, message: `${shown}: ${p} is not executable (chmod +x, or point to ${SERVER_DLL}).` };
        return { ok: true, value: { source: "setting", path: p, isDll: false } };
    }
    const bundled = path.join(opts.extensionPath, BUNDLED_DIR, SERVER_DLL);
    if (files.isFile(bundled)) return { ok: true, value: { source: "bundled", path: bundled, isDll: true } };
    for (const dir of REPOSITORY_DIRS) {
        const dll = path.join(opts.extensionPath, dir, SERVER_DLL);
        if (files.isFile(dll)) return { ok: true, value: { source: "repository", path: dll, isDll: true } };
    }
    return {
        ok: false,
        message:
            "No InterpLsp server was found: this extension has none bundled and none is built beside it. " +
            "Set interp.server.path to an interp-lsp.dll, or build one with `dotnet build server/InterpLsp.Server -c Release`.",
    };
}

/** `dotnet` from DOTNET_ROOT, else the first on PATH. */
export function findDotnet(env: NodeJS.ProcessEnv, files: FileProbe = realFiles): Found<string> {
    const exe = process.platform === "win32" ? "dotnet.exe" : "dotnet";
    const candidates: string[] = [];
    if (env.DOTNET_ROOT) candidates.push(path.join(env.DOTNET_ROOT, exe));
    for (const dir of (env.PATH ?? "").split(path.delimiter)) if (dir) candidates.push(path.join(dir, exe));
    for (const c of candidates) if (files.isExecutable(c)) return { ok: true, value: c };
    return {
        ok: false,
        message:
            "The .NET runtime was not found: no `dotnet` on PATH" + (env.DOTNET_ROOT ? ` nor in DOTNET_ROOT (${env.DOTNET_ROOT})` : "") +
            ". The InterpLsp server needs the .NET 10 runtime: install it (https://dotnet.microsoft.com/download) and reload the window.",
    };
}

/** The framework version a `*.runtimeconfig.json` asks for, e.g. "10.0.0"; undefined if unreadable. */
export function requiredFramework(runtimeConfigJson: string): string | undefined {
    try {
        const o = JSON.parse(runtimeConfigJson);
        const fw = o?.runtimeOptions?.framework ?? o?.runtimeOptions?.frameworks?.find((f: { name: string }) => f.name === "Microsoft.NETCore.App");
        return typeof fw?.version === "string" ? fw.version : undefined;
    } catch {
        return undefined;
    }
}

/**
 * Checks `dotnet --list-runtimes` output for a Microsoft.NETCore.App that can run `required` (same major, not
 * older: .NET's default roll-forward). Returns a message when none can, else undefined.
 */
export function checkRuntimes(listRuntimesOutput: string, required: string): string | undefined {
    const want = required.split(".").map(Number);
    const found = [...listRuntimesOutput.matchAll(/^Microsoft\.NETCore\.App (\d+)\.(\d+)\.(\d+)\S*/gm)].map((m) => [
        +m[1],
        +m[2],
        +m[3],
    ]);
    const ok = found.some((v) => v[0] === want[0] && (v[1] > want[1] || (v[1] === want[1] && v[2] >= (want[2] ?? 0))));
    if (ok) return undefined;
    const have = found.length ? found.map((v) => v.join(".")).join(", ") : "none";
    return `The InterpLsp server needs the .NET ${want[0]} runtime (Microsoft.NETCore.App ${required} or a newer ${want[0]}.x); installed: ${have}.`;
}

export interface Launch {
    command: string;
    args: string[];
    location: ServerLocation;
}

export function launchFor(location: ServerLocation, dotnet: string | undefined): Launch {
    return location.isDll
        ? { command: dotnet ?? "dotnet", args: [location.path, "serve"], location }
        : { command: location.path, args: ["serve"], location };
}

/** What the exit of the server process means, in words. */
export function describeExit(code: number | null, signal: string | null): string {
    if (signal) return `it was killed by ${signal}`;
    if (code === null) return "it stopped";
    if (code === 0) return "it exited (code 0)";
    // The .NET host's errors (0x800080xx) reach the shell as their low byte.
    const hostErrors: Record<number, string> = {
        131: "the .NET host could not find or load the app (0x80008083)",
        150: "the .NET runtime it needs is not installed (0x80008096)",
        140: "the .NET host could not resolve the app's dependencies",
    };
    return `it exited with code ${code}` + (hostErrors[code] ? `: ${hostErrors[code]}` : "");
}

/** At most `max` restarts within `windowMs`; older crashes are forgotten. */
export class RestartPolicy {
    private crashes: number[] = [];
    constructor(
        readonly max = 4,
        readonly windowMs = 3 * 60_000,
    ) {}

    /** Records a crash at `now`; returns whether to restart and how many crashes the window holds. */
    crashed(now: number): { restart: boolean; count: number } {
        this.crashes = this.crashes.filter((t) => now - t < this.windowMs);
        this.crashes.push(now);
        return { restart: this.crashes.length <= this.max, count: this.crashes.length };
    }

    reset(): void {
        this.crashes = [];
    }
}

/** Keeps the last lines a process wrote to stderr, for failure messages. */
export class TailBuffer {
    private lines: string[] = [];
    private partial = "";
    constructor(readonly maxLines = 20) {}

    push(chunk: string): void {
        const parts = (this.partial + chunk).split(/\r?\n/);
        this.partial = parts.pop() ?? "";
        for (const l of parts) if (l.trim()) this.lines.push(l);
        if (this.lines.length > this.maxLines) this.lines.splice(0, this.lines.length - this.maxLines);
    }

    /** The last line that looks like an error, else the last line. */
    reason(): string | undefined {
        const all = this.partial.trim() ? [...this.lines, this.partial] : this.lines;
        const err = [...all].reverse().find((l) => /error|exception|fail|not found|cannot|unable|must/i.test(l));
        return (err ?? all[all.length - 1])?.trim();
    }

    clear(): void {
        this.lines = [];
        this.partial = "";
    }
}

export interface SpawnedServer {
    process: cp.ChildProcessWithoutNullStreams;
    stderr: TailBuffer;
    /** Resolves with the exit code and signal. */
    exited: Promise<{ code: number | null; signal: string | null }>;
}

export function spawnServer(launch: Launch, cwd: string | undefined, env: NodeJS.ProcessEnv): SpawnedServer {
    const child = cp.spawn(launch.command, launch.args, {
        cwd: cwd ?? path.dirname(launch.location.path),
        env: { ...env, DOTNET_CLI_TELEMETRY_OPTOUT: "1", DOTNET_NOLOGO: "1" },
        stdio: "pipe",
        windowsHide: true,
    });
    const stderr = new TailBuffer();
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (d: string) => stderr.push(d));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
        child.on("exit", (code, signal) => resolve({ code, signal }));
        child.on("error", (e) => {
            stderr.push(`failed to start ${launch.command}: ${e.message}\n`);
            resolve({ code: -1, signal: null });
        });
    });
    return { process: child, stderr, exited };
}
