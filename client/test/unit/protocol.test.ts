// The client's protocol.ts against the server's view of the protocol, fixtures/protocol-manifest.json (written
// by the server's xunit test from its descriptors): every request (each action with its command form) and
// notification with its typed message object and type names, every type with the same fields and nullability, the semantic token legend and
// the settings defaults. (That the interfaces match TypeSchemas, the compiler checks: protocol.ts `Schema`.)
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import * as lsp from "vscode-languageserver-protocol";
import { LEVELS } from "../../src/colors";
import * as proto from "../../src/protocol";

const fixtures = path.join(__dirname, "../../../../client/test/unit/fixtures");

interface Manifest {
    requests: Record<string, { params: string; result: string }>;
    notifications: Record<string, { params: string }>;
    commands: Record<string, { request: string; args: string[] }>;
    types: Record<string, Record<string, { optional: boolean }>>;
    semanticTokens: { types: string[]; modifiers: string[] };
    settings: Record<string, string>;
    rules: { libraryName: { maxLength: number; reservedPrefixes: string[] } };
}

const manifestText = fs.readFileSync(path.join(fixtures, "protocol-manifest.json"), "utf8");
const manifest = JSON.parse(manifestText) as Manifest;

const sorted = (xs: Iterable<string>) => [...xs].sort();

test("the manifest has the spec's sections, in order", () => {
    assert.deepEqual(Object.keys(manifest), ["requests", "notifications", "commands", "types", "semanticTokens", "settings", "rules"]);
});

test("every request of the manifest has its typed message object, with the same parameter and result types", () => {
    const mine = Object.values(proto.requests);
    for (const r of mine) assert.ok(r instanceof lsp.RequestType, `${r.method} is not a RequestType`);
    assert.deepEqual(sorted(mine.map((r) => r.method)), sorted(Object.keys(manifest.requests)));
    for (const r of mine) assert.deepEqual({ params: r.params, result: r.result }, manifest.requests[r.method], r.method);
});

test("every notification of the manifest has its typed message object, with the same parameter type", () => {
    const mine = Object.values(proto.notifications);
    for (const n of mine) assert.ok(n instanceof lsp.NotificationType, `${n.method} is not a NotificationType`);
    assert.deepEqual(sorted(mine.map((n) => n.method)), sorted(Object.keys(manifest.notifications)));
    for (const n of mine) assert.deepEqual({ params: n.params }, manifest.notifications[n.method], n.method);
});

test("every command of the manifest is an action's command form, with the same request and arguments", () => {
    const mine = proto.actions;
    for (const r of mine) assert.ok(r instanceof proto.InterpRequest && r.command, `${r.method} is not an action`);
    assert.deepEqual(sorted(mine.map((r) => r.command!.name)), sorted(Object.keys(manifest.commands)));
    for (const r of mine) assert.deepEqual({ request: r.method, args: [...r.command!.args] }, manifest.commands[r.command!.name], r.method);
    assert.deepEqual(sorted(proto.AllInterpCommands), sorted(Object.keys(manifest.commands)));
});

test("one id per action: the request interp/NAME, the command interp.NAME, and the palette command of package.json", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(fixtures, "../../../../package.json"), "utf8")) as {
        contributes: { commands: { command: string }[] };
    };
    const palette = new Set(pkg.contributes.commands.map((c) => c.command));
    for (const r of proto.actions) {
        assert.equal(r.command!.name, r.method.replace("interp/", "interp."), r.method);
        // every action has its palette command under the same id, but adding an example (two palette commands, one per label)
        if (r !== proto.addExample) assert.ok(palette.has(r.command!.name), `${r.command!.name} is not a palette command`);
    }
});

test("every type named by a message is an interp type of the manifest (or NoParams)", () => {
    const named = [
        ...Object.values(manifest.requests).flatMap((r) => [r.params, r.result]),
        ...Object.values(manifest.notifications).map((n) => n.params),
    ];
    for (const n of named) assert.ok(n === "NoParams" || n in manifest.types, `${n} is not in the manifest's types`);
});

test("every type of the manifest is an interface of protocol.ts with the same fields and nullability", () => {
    const schemas = { ...proto.TypeSchemas, InterpSettings: proto.SettingsSchema } as Record<string, Record<string, { optional: boolean }>>;
    // NoParams ({}) has no fields; whether the manifest lists it or not, the client's is Record<string, never>.
    const { NoParams: noParams, ...types } = manifest.types;
    if (noParams) assert.deepEqual(noParams, {}, "NoParams has fields");
    assert.deepEqual(sorted(Object.keys(schemas)), sorted(Object.keys(types)));
    for (const [name, fields] of Object.entries(types)) {
        const mine = schemas[name];
        assert.deepEqual(sorted(Object.keys(mine)), sorted(Object.keys(fields)), `fields of ${name}`);
        for (const [field, { optional }] of Object.entries(fields))
            assert.equal(mine[field].optional, optional, `${name}.${field}: optional (null or absent) on the server: ${optional}`);
    }
});

test("the semantic token legend is the server's, one modifier per colour level", () => {
    assert.deepEqual(proto.InterpSemanticTokens, manifest.semanticTokens);
    assert.equal(proto.InterpSemanticTokens.modifiers.length, LEVELS);
});

test("the settings defaults are the server's", () => {
    assert.deepEqual(proto.InterpSettingsDefaults, manifest.settings);
});

test("the library's name rule is the server's, and the client's check applies it", () => {
    assert.deepEqual(proto.InterpRules, manifest.rules);
    assert.equal(proto.libraryNameProblem("heat probe v2 (logistic)"), undefined); // spaces and brackets are fine
    assert.equal(proto.libraryNameProblem("  e2e-probe  "), undefined);
    assert.equal(proto.libraryNameProblem("x".repeat(200)), undefined);
    assert.match(proto.libraryNameProblem("x".repeat(201)) ?? "", /At most 200 characters/);
    assert.match(proto.libraryNameProblem("   ") ?? "", /Enter a name/);
    assert.match(proto.libraryNameProblem("a\tb") ?? "", /control characters/);
    assert.match(proto.libraryNameProblem("neuron:3") ?? "", /neuron:/);
    assert.match(proto.libraryNameProblem("library:x") ?? "", /library:/);
});

test("a tokenActivations result recorded from the server has exactly the declared shape", () => {
    const r = JSON.parse(fs.readFileSync(path.join(fixtures, "token-activations.json"), "utf8")) as proto.TokenActivationsResult;
    const shape = (value: object, name: keyof typeof proto.TypeSchemas) => {
        const fields: Record<string, { optional: boolean }> = proto.TypeSchemas[name];
        for (const k of Object.keys(value)) assert.ok(k in fields, `${name} has no field ${k}`);
        for (const [k, f] of Object.entries(fields)) if (!f.optional) assert.ok(k in value && (value as Record<string, unknown>)[k] !== null, `${name}.${k} missing`);
    };
    shape(r, "TokenActivationsResult");
    assert.ok(r.directions.length > 0);
    for (const d of r.directions) {
        shape(d, "DirectionSummary");
        shape(d.scale, "DirectionScale");
        // the server's paint scale follows the spec: max(|p01|, |p99|) when that is positive
        assert.equal(d.scale.paint, Math.max(Math.abs(d.scale.p01), Math.abs(d.scale.p99)));
    }
    assert.ok(r.tokens.length > 0);
    for (const t of r.tokens) {
        shape(t, "TokenActivation");
        assert.equal(t.values.length, r.directions.length);
        assert.ok(t.range.start.line <= t.range.end.line);
    }
});
