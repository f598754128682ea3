import assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";
import {
    BUNDLED_DIR,
    checkRuntimes,
    describeExit,
    expandPath,
    findDotnet,
    findServer,
    launchFor,
    REPOSITORY_DIRS,
    requiredFramework,
    RestartPolicy,
    TailBuffer,
    type FileProbe,
} from "../../src/server";

/** A fake file system: files (executable or not) and folders. */
function fakeFs(files: Record<string, "file" | "exe">, dirs: string[] = []): FileProbe {
    return {
        isFile: (p) => p in files,
        isDirectory: (p) => dirs.includes(p),
        isExecutable: (p) => files[p] === "exe",
    };
}

const ext = "/ext";
const bundled = path.join(ext, BUNDLED_DIR, "interp-lsp.dll");
const repo = path.join(ext, REPOSITORY_DIRS[0], "interp-lsp.dll");

test("the setting comes first: a dll, an executable, or a folder holding the dll", () => {
    const files = fakeFs({ "/opt/s/interp-lsp.dll": "file", "/opt/s/interp-lsp": "exe", [bundled]: "file" }, ["/opt/s"]);
    assert.deepEqual(findServer({ configuredPath: "/opt/s/interp-lsp.dll", extensionPath: ext }, files), {
        ok: true,
        value: { source: "setting", path: "/opt/s/interp-lsp.dll", isDll: true },
    });
    assert.deepEqual(findServer({ configuredPath: "/opt/s/interp-lsp", extensionPath: ext }, files), {
        ok: true,
        value: { source: "setting", path: "/opt/s/interp-lsp", isDll: false },
    });
    assert.deepEqual(findServer({ configuredPath: "/opt/s", extensionPath: ext }, files), {
        ok: true,
        value: { source: "setting", path: "/opt/s/interp-lsp.dll", isDll: true },
    });
});

test("a wrong setting is an error naming the setting and the path, never a silent fallback", () => {
    const files = fakeFs({ "/opt/notes.txt": "file", [bundled]: "file" }, ["/opt/empty"]);
    for (const [p, words] of [
        ["/nowhere/interp-lsp.dll", "does not exist"],
        ["/opt/empty", "holds no interp-lsp.dll"],
        ["/opt/notes.txt", "not executable"],
    ]) {
        const r = findServer({ configuredPath: p, extensionPath: ext }, files);
        assert.equal(r.ok, false);
        assert.ok(!r.ok && r.message.includes("interp.server.path") && r.message.includes(words), !r.ok ? r.message : "");
    }
});

test("without a setting: the bundled server, else the repository's build, else a message saying how to get one", () => {
    assert.equal(findServer({ configuredPath: "", extensionPath: ext }, fakeFs({ [bundled]: "file", [repo]: "file" })).ok && "bundled", "bundled");
    const r = findServer({ configuredPath: "", extensionPath: ext }, fakeFs({ [repo]: "file" }));
    assert.ok(r.ok && r.value.source === "repository" && r.value.path === repo);
    const none = findServer({ configuredPath: "", extensionPath: ext }, fakeFs({}));
    assert.ok(!none.ok && none.message.includes("dotnet build server/InterpLsp.Server"));
});

test("paths: ~, ${workspaceFolder} and relative paths", () => {
    assert.equal(expandPath("~/s/interp-lsp.dll", "/ws", "/home/u"), "/home/u/s/interp-lsp.dll");
    assert.equal(expandPath("${workspaceFolder}/bin/x.dll", "/ws"), "/ws/bin/x.dll");
    assert.equal(expandPath("bin/x.dll", "/ws"), "/ws/bin/x.dll");
});

test("dotnet: DOTNET_ROOT first, then PATH; none is a clear error", () => {
    const files = fakeFs({ "/dn/dotnet": "exe", "/usr/bin/dotnet": "exe" });
    assert.deepEqual(findDotnet({ DOTNET_ROOT: "/dn", PATH: "/usr/bin" }, files), { ok: true, value: "/dn/dotnet" });
    assert.deepEqual(findDotnet({ PATH: "/bin:/usr/bin" }, files), { ok: true, value: "/usr/bin/dotnet" });
    const r = findDotnet({ PATH: "/bin" }, files);
    assert.ok(!r.ok && r.message.includes("no `dotnet` on PATH") && r.message.includes(".NET 10"));
});

test("launch: a dll runs under dotnet with the serve verb, an executable directly", () => {
    assert.deepEqual(launchFor({ source: "bundled", path: "/e/interp-lsp.dll", isDll: true }, "/usr/bin/dotnet"), {
        command: "/usr/bin/dotnet",
        args: ["/e/interp-lsp.dll", "serve"],
        location: { source: "bundled", path: "/e/interp-lsp.dll", isDll: true },
    });
    assert.deepEqual(launchFor({ source: "setting", path: "/e/interp-lsp", isDll: false }, undefined).args, ["serve"]);
});

test("runtime check: same major, not older; names what is installed", () => {
    const cfg = JSON.stringify({ runtimeOptions: { tfm: "net10.0", framework: { name: "Microsoft.NETCore.App", version: "10.0.0" } } });
    assert.equal(requiredFramework(cfg), "10.0.0");
    assert.equal(requiredFramework("not json"), undefined);
    const list = "Microsoft.AspNetCore.App 8.0.5 [/x]\nMicrosoft.NETCore.App 8.0.5 [/x]\nMicrosoft.NETCore.App 10.0.1 [/x]\n";
    assert.equal(checkRuntimes(list, "10.0.0"), undefined);
    const msg = checkRuntimes("Microsoft.NETCore.App 8.0.5 [/x]\n", "10.0.0");
    assert.ok(msg?.includes(".NET 10") && msg.includes("8.0.5"));
    assert.ok(checkRuntimes("", "10.0.0")?.includes("installed: none"));
    assert.ok(checkRuntimes("Microsoft.NETCore.App 10.0.0-rc.1.2 [/x]\n", "10.0.0") === undefined);
});

test("exits are described in words", () => {
    assert.equal(describeExit(null, "SIGKILL"), "it was killed by SIGKILL");
    assert.ok(describeExit(150, null).includes(".NET runtime"));
    assert.equal(describeExit(3, null), "it exited with code 3");
});

test("restart policy: at most N restarts in the window; old crashes are forgotten", () => {
    const p = new RestartPolicy(2, 1000);
    assert.deepEqual(p.crashed(0), { restart: true, count: 1 });
    assert.deepEqual(p.crashed(10), { restart: true, count: 2 });
    assert.deepEqual(p.crashed(20), { restart: false, count: 3 });
    assert.deepEqual(p.crashed(2000), { restart: true, count: 1 });
    p.reset();
    assert.deepEqual(p.crashed(2001), { restart: true, count: 1 });
});

test("stderr tail: keeps the last lines and picks the error line as the reason", () => {
    const t = new TailBuffer(3);
    t.push("info: loading\nerror: model failed to lo");
    t.push("ad: bad file\ninfo: bye\n");
    assert.equal(t.reason(), "error: model failed to load: bad file");
    const u = new TailBuffer(2);
    u.push("a\nb\nc\n");
    assert.equal(u.reason(), "c");
    assert.equal(new TailBuffer().reason(), undefined);
});
