// The client's protocol.ts against the server's InterpProtocol.cs: every method, command and type, name for name.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import * as proto from "../../src/protocol";

function repoRoot(): string {
    let d = __dirname;
    while (!fs.existsSync(path.join(d, "package.json")) || !fs.existsSync(path.join(d, "server"))) {
        const up = path.dirname(d);
        if (up === d) throw new Error("repository root not found");
        d = up;
    }
    return d;
}

const root = repoRoot();
const cs = fs.readFileSync(path.join(root, "server/InterpLsp.Lsp/Protocol/InterpProtocol.cs"), "utf8");
const ts = fs.readFileSync(path.join(root, "client/src/protocol.ts"), "utf8");

function csConstants(className: string): Record<string, string> {
    const block = new RegExp(`public (?:static|sealed) class ${className}\\s*\\{([\\s\\S]*?)\\n\\}`).exec(cs);
    assert.ok(block, `${className} not found in InterpProtocol.cs`);
    return Object.fromEntries([...block[1].matchAll(/public const string (\w+) = "([^"]*)";/g)].map((m) => [m[1], m[2]]));
}

interface Prop {
    name: string;
    optional: boolean;
}

function csClasses(): Map<string, Prop[]> {
    const out = new Map<string, Prop[]>();
    for (const m of cs.matchAll(/public sealed class (\w+)\s*\{([\s\S]*?)\n\}/g)) {
        const props = [...m[2].matchAll(/public (required )?([\w<>?,[\]. ]+?) (\w+) \{ get;/g)].map((p) => ({
            name: p[3][0].toLowerCase() + p[3].slice(1),
            optional: p[2].trim().endsWith("?"),
        }));
        out.set(m[1], props);
    }
    return out;
}

function tsInterfaces(): Map<string, Prop[]> {
    const out = new Map<string, Prop[]>();
    for (const m of ts.matchAll(/export interface (\w+) \{([\s\S]*?)\n\}/g)) {
        const props = [...m[2].matchAll(/^ {4}(\w+)(\??): ([^;]+);/gm)].map((p) => ({
            name: p[1],
            optional: p[2] === "?" || /\bnull\b/.test(p[3]),
        }));
        out.set(m[1], props);
    }
    return out;
}

test("every interp/* method has the server's name", () => {
    assert.deepEqual(proto.InterpMethods, csConstants("InterpMethods"));
});

test("every interp.* command has the server's name, and the list is complete", () => {
    const server = csConstants("InterpCommands");
    assert.deepEqual(proto.InterpCommands, server);
    assert.deepEqual([...proto.AllInterpCommands].sort(), Object.values(server).sort());
});

test("the settings defaults are the server's", () => {
    assert.deepEqual(proto.InterpSettingsDefaults, csConstants("InterpSettings"));
});

test("the semantic token legend is the server's", () => {
    const types = /Types = \{ ([^}]*) \}/.exec(cs)![1].match(/"(\w+)"/g)!.map((s) => s.slice(1, -1));
    const mods = /Modifiers = \{ ([^}]*) \}/.exec(cs)![1].match(/"(\w+)"/g)!.map((s) => s.slice(1, -1));
    assert.deepEqual([...proto.InterpSemanticTokens.Types], types);
    assert.deepEqual([...proto.InterpSemanticTokens.Modifiers], mods);
});

test("every type of InterpProtocol.cs is mirrored with the same (camelCase) fields and nullability", () => {
    const server = csClasses();
    const client = tsInterfaces();
    assert.ok(server.size >= 14, `only ${server.size} classes parsed`);
    for (const [name, props] of server) {
        const mine = client.get(name);
        assert.ok(mine, `protocol.ts has no interface ${name}`);
        assert.deepEqual(
            mine.map((p) => p.name).sort(),
            props.map((p) => p.name).sort(),
            `fields of ${name}`,
        );
        for (const p of props) {
            const q = mine.find((x) => x.name === p.name)!;
            if (p.optional) assert.ok(q.optional, `${name}.${p.name} is nullable on the server; the client must allow null/absent`);
        }
    }
});

test("a tokenActivations result recorded from the real server has exactly the declared shape", () => {
    const recorded = JSON.parse(fs.readFileSync(path.join(__dirname, "../../../../client/test/unit/fixtures/token-activations.json"), "utf8"));
    const shapes = tsInterfaces();
    const keys = (name: string) => shapes.get(name)!.map((p) => p.name).sort();
    const r = recorded as proto.TokenActivationsResult;
    assert.deepEqual(Object.keys(r).sort(), keys("TokenActivationsResult"));
    for (const d of r.directions) {
        assert.deepEqual(Object.keys(d).sort(), keys("DirectionSummary"));
        assert.deepEqual(Object.keys(d.scale).sort(), keys("DirectionScale"));
    }
    assert.ok(r.tokens.length > 0);
    for (const t of r.tokens) {
        assert.deepEqual(Object.keys(t).sort(), keys("TokenActivation"));
        assert.equal(t.values.length, r.directions.length);
        assert.ok(t.range.start.line <= t.range.end.line);
    }
});
