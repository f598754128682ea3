import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import {
    DEFAULTS,
    documentSelector,
    ignoredWithoutTrust,
    languageEnabled,
    parseConfig,
    readConfig,
    RESTRICTED_KEYS,
    toServerSettings,
    trustedValue,
    type Inspected,
    type Section,
} from "../../src/config";

const from = (o: Record<string, unknown>) => parseConfig((k) => o[k]);

test("no settings: the defaults, without problems", () => {
    const { config, problems } = from({});
    assert.deepEqual(problems, []);
    assert.deepEqual(config, { ...DEFAULTS });
});

test("values of the right shape are taken, trimmed and filtered", () => {
    const { config, problems } = from({
        "server.path": " /opt/interp-lsp.dll ",
        languages: ["plaintext", " ", "python"],
        "colors.positive": "rgb(0, 128, 255)",
        "colors.negative": "#f00",
        threshold: 0.1,
        directions: ["directions/temperature.json", "neuron:blocks.3.mlp.hook_post:7"],
        "cache.maxMegabytes": 512,
        "trace.server": "verbose",
    });
    assert.deepEqual(problems, []);
    assert.equal(config.serverPath, "/opt/interp-lsp.dll");
    assert.deepEqual(config.languages, ["plaintext", "python"]);
    assert.deepEqual(config.positive, { r: 0, g: 128, b: 255 });
    assert.deepEqual(config.negative, { r: 255, g: 0, b: 0 });
    assert.equal(config.threshold, 0.1);
    assert.equal(config.cacheMegabytes, 512);
    assert.equal(config.trace, "verbose");
});

test("each value of the wrong shape falls back to its default, with one line saying why", () => {
    const { config, problems } = from({
        "server.path": 42,
        languages: "plaintext",
        "colors.positive": "bluish",
        threshold: 1.5,
        "cache.maxMegabytes": 1.5,
        maxChars: -1,
        "trace.server": "loud",
        "highlighting.enabled": "yes",
    });
    assert.equal(problems.length, 8, problems.join("\n"));
    assert.ok(problems.some((p) => p.includes("interp.colors.positive") && p.includes("bluish")));
    assert.equal(config.serverPath, "");
    assert.deepEqual(config.languages, DEFAULTS.languages);
    assert.deepEqual(config.positive, DEFAULTS.positive);
    assert.equal(config.threshold, DEFAULTS.threshold);
    assert.equal(config.cacheMegabytes, DEFAULTS.cacheMegabytes);
    assert.equal(config.maxChars, DEFAULTS.maxChars);
    assert.equal(config.trace, "off");
    assert.equal(config.highlightingEnabled, true);
});

test("languages: listed ones, or all with *; the selector covers files and untitled buffers", () => {
    const c = from({}).config;
    assert.ok(languageEnabled(c, "plaintext") && languageEnabled(c, "markdown") && !languageEnabled(c, "python"));
    assert.deepEqual(documentSelector(c), [
        { scheme: "file", language: "plaintext" },
        { scheme: "untitled", language: "plaintext" },
        { scheme: "file", language: "markdown" },
        { scheme: "untitled", language: "markdown" },
    ]);
    const all = from({ languages: ["*"] }).config;
    assert.ok(languageEnabled(all, "python"));
    assert.deepEqual(documentSelector(all), [{ scheme: "file" }, { scheme: "untitled" }]);
});

test("the server settings object has exactly the server's InterpSettings keys", () => {
    const s = toServerSettings(from({ "cache.maxMegabytes": 100, directions: ["a.json"] }).config);
    assert.equal(s.cacheMegabytes, 100);
    assert.deepEqual(s.directions, ["a.json"]);
    let d = __dirname;
    while (!fs.existsSync(path.join(d, "server"))) d = path.dirname(d);
    const cs = fs.readFileSync(path.join(d, "server/InterpLsp.Lsp/Protocol/InterpSettings.cs"), "utf8");
    const block = /public sealed class InterpSettings\s*\{([\s\S]*?)\n\}/.exec(cs)![1];
    const keys = [...block.matchAll(/public [\w<>?]+ (\w+) \{ get; set; \}/g)].map((m) => m[1][0].toLowerCase() + m[1].slice(1));
    assert.deepEqual(Object.keys(s).sort(), keys.sort());
});

test("the manifest declares every setting that config.ts reads, with the same defaults", () => {
    let d = __dirname;
    while (!fs.existsSync(path.join(d, "server"))) d = path.dirname(d);
    const manifest = JSON.parse(fs.readFileSync(path.join(d, "package.json"), "utf8"));
    const props = manifest.contributes.configuration.properties as Record<string, { default: unknown }>;
    const read: string[] = [];
    parseConfig((k) => {
        read.push(k);
        return undefined;
    });
    for (const k of read) assert.ok(props[`interp.${k}`], `package.json lacks interp.${k}`);
    for (const k of Object.keys(props)) assert.ok(read.includes(k.slice("interp.".length)), `config.ts does not read ${k}`);
    const parsed = parseConfig((k) => props[`interp.${k}`].default).config;
    assert.deepEqual(parsed, { ...DEFAULTS });
});

test("defaults the server also has: the cache size, the threshold, the largest document", () => {
    let d = __dirname;
    while (!fs.existsSync(path.join(d, "server"))) d = path.dirname(d);
    const read = (f: string) => fs.readFileSync(path.join(d, f), "utf8");
    const engine = read("server/InterpLsp.Analysis/Engine/InterpEngine.cs");
    assert.equal(DEFAULTS.cacheMegabytes, +/DefaultCacheMegabytes = (\d+);/.exec(engine)![1]);
    assert.equal(DEFAULTS.threshold, +/DefaultThreshold = ([\d.]+);/.exec(engine)![1]);
    const checks = read("server/InterpLsp.Interp/Text/TextChecks.cs");
    assert.equal(DEFAULTS.maxChars, +/DefaultMaxChars = ([\d_]+);/.exec(checks)![1].replace(/_/g, ""));
});

test("trustedValue: a trusted workspace's most specific value; an untrusted one only the user's or the default", () => {
    const all: Inspected = { defaultValue: "", globalValue: "/home/me/interp-lsp.dll", workspaceValue: "./evil.dll", workspaceFolderValue: "./evil2.dll" };
    assert.equal(trustedValue(all, true), "./evil2.dll");
    assert.equal(trustedValue({ ...all, workspaceFolderValue: undefined }, true), "./evil.dll");
    assert.equal(trustedValue(all, false), "/home/me/interp-lsp.dll");
    assert.equal(trustedValue({ defaultValue: "", workspaceValue: "./evil.dll" }, false), "");
    assert.deepEqual(trustedValue({ defaultValue: [], workspaceValue: ["a.json"] }, false), []);
    assert.equal(trustedValue(undefined, false), undefined);
    assert.ok(ignoredWithoutTrust(all, false));
    assert.ok(!ignoredWithoutTrust(all, true));
    assert.ok(!ignoredWithoutTrust({ defaultValue: "", globalValue: "x" }, false));
});

test("readConfig: without trust, the workspace's interp.server.path and interp.directions are ignored (and said so); other settings count", () => {
    const values: Record<string, Inspected> = {
        "server.path": { defaultValue: "", workspaceValue: "/tmp/evil/interp-lsp.dll" },
        directions: { defaultValue: [], globalValue: ["mine.json"], workspaceValue: ["evil.json"] },
        hook: { defaultValue: DEFAULTS.hook, workspaceValue: "blocks.2.hook_resid_post" },
    };
    const section: Section = {
        get: (k) => trustedValue(values[k], true),
        inspect: (k) => values[k],
    };
    const untrusted = readConfig(section, false);
    assert.equal(untrusted.config.serverPath, "");
    assert.deepEqual(untrusted.config.directions, ["mine.json"]);
    assert.equal(untrusted.config.hook, "blocks.2.hook_resid_post");
    assert.equal(untrusted.notes.length, 2);
    assert.ok(untrusted.notes.every((n) => n.includes("not trusted")));
    const trusted = readConfig(section, true);
    assert.equal(trusted.config.serverPath, "/tmp/evil/interp-lsp.dll");
    assert.deepEqual(trusted.config.directions, ["evil.json"]);
    assert.deepEqual(trusted.notes, []);
});

test("package.json declares limited support for untrusted workspaces, restricting exactly RESTRICTED_KEYS", () => {
    let d = __dirname;
    while (!fs.existsSync(path.join(d, "server"))) d = path.dirname(d);
    const manifest = JSON.parse(fs.readFileSync(path.join(d, "package.json"), "utf8"));
    const u = manifest.capabilities.untrustedWorkspaces;
    assert.equal(u.supported, "limited");
    assert.ok(typeof u.description === "string" && u.description.length > 0);
    assert.deepEqual([...u.restrictedConfigurations].sort(), RESTRICTED_KEYS.map((k) => `interp.${k}`).sort());
});
