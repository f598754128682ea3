/**
 * The extension's settings, typed in one place (as rust-analyzer's `config.ts`): `Config.read` turns the raw
 * `interp.*` section into a validated object, falling back to the default (and saying why) for any value of
 * the wrong shape. Pure: VS Code is only a type here, so the unit tests load this file under plain Node.
 */
import type * as vscode from "vscode";
import { parseColor, type Rgb } from "./colors";
import { InterpSettingsDefaults, type InterpSettings } from "./protocol";

export const SECTION = "interp";

export type Trace = "off" | "messages" | "verbose";

export interface Config {
    serverPath: string;
    model: string;
    hook: string;
    /** Hugging Face model folders (or folders of them) offered by Interp: Select Model. */
    modelFolders: string[];
    /** Language ids to highlight; "*" means all. */
    languages: string[];
    positive: Rgb;
    negative: Rgb;
    positiveText: string;
    negativeText: string;
    threshold: number;
    directions: string[];
    cacheMegabytes: number;
    maxChars: number;
    debounceMs: number;
    highlightingEnabled: boolean;
    /** Documents with more lines than this are painted only around the visible range. */
    fullDocumentLines: number;
    trace: Trace;
}

export const DEFAULTS: Readonly<Config> = Object.freeze({
    serverPath: "",
    model: InterpSettingsDefaults.DefaultModel,
    hook: InterpSettingsDefaults.DefaultHook,
    modelFolders: [],
    languages: ["plaintext", "markdown"],
    positive: { r: 0x25, g: 0x63, b: 0xeb },
    negative: { r: 0xdc, g: 0x26, b: 0x26 },
    positiveText: "#2563eb",
    negativeText: "#dc2626",
    threshold: 0.25,
    directions: [],
    cacheMegabytes: 128,
    maxChars: 1_000_000,
    debounceMs: 150,
    highlightingEnabled: true,
    fullDocumentLines: 2000,
    trace: "off",
});

/** Settings keys (under `interp.`) whose change needs the server restarted rather than re-configured. */
export const RESTART_KEYS = ["server.path", "languages", "maxChars"] as const;
/** Settings keys the server receives (initializationOptions / didChangeConfiguration). */
export const SERVER_KEYS = ["model", "hook", "modelFolders", "directions", "cache.maxMegabytes", "threshold", "maxChars", "debounceMs"] as const;

export interface ParsedConfig {
    config: Config;
    /** One line per setting that had to fall back to its default. */
    problems: string[];
    /** Lines for the log only (restricted settings ignored in an untrusted workspace). */
    notes: string[];
}

/** Reads a value by dotted key (below `interp.`). `WorkspaceConfiguration.get` has this shape. */
export type Getter = (key: string) => unknown;

export function parseConfig(get: Getter): ParsedConfig {
    const problems: string[] = [];
    const str = (key: string, def: string): string => {
        const v = get(key);
        if (v === undefined || v === null) return def;
        if (typeof v !== "string") {
            problems.push(`interp.${key} must be a string; using "${def}"`);
            return def;
        }
        return v.trim();
    };
    const num = (key: string, def: number, min: number, max: number, integer = false): number => {
        const v = get(key);
        if (v === undefined || v === null) return def;
        if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
            problems.push(`interp.${key} must be ${integer ? "an integer" : "a number"} in [${min}, ${max}]; using ${def}`);
            return def;
        }
        return v;
    };
    const bool = (key: string, def: boolean): boolean => {
        const v = get(key);
        if (v === undefined || v === null) return def;
        if (typeof v !== "boolean") {
            problems.push(`interp.${key} must be true or false; using ${def}`);
            return def;
        }
        return v;
    };
    const strings = (key: string, def: readonly string[]): string[] => {
        const v = get(key);
        if (v === undefined || v === null) return [...def];
        if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) {
            problems.push(`interp.${key} must be a list of strings; using ${JSON.stringify(def)}`);
            return [...def];
        }
        return v.map((x: string) => x.trim()).filter((x) => x.length > 0);
    };
    const color = (key: string, def: Rgb, defText: string): [Rgb, string] => {
        const text = str(key, defText);
        const rgb = parseColor(text);
        if (!rgb) {
            problems.push(`interp.${key} "${text}" is not a colour (#rrggbb or rgb(r, g, b)); using ${defText}`);
            return [def, defText];
        }
        return [rgb, text];
    };

    const [positive, positiveText] = color("colors.positive", DEFAULTS.positive, DEFAULTS.positiveText);
    const [negative, negativeText] = color("colors.negative", DEFAULTS.negative, DEFAULTS.negativeText);
    let trace = str("trace.server", DEFAULTS.trace) as Trace;
    if (!["off", "messages", "verbose"].includes(trace)) {
        problems.push(`interp.trace.server must be off, messages or verbose; using off`);
        trace = "off";
    }
    const config: Config = {
        serverPath: str("server.path", DEFAULTS.serverPath),
        model: str("model", DEFAULTS.model) || DEFAULTS.model,
        hook: str("hook", DEFAULTS.hook) || DEFAULTS.hook,
        modelFolders: strings("modelFolders", DEFAULTS.modelFolders),
        languages: strings("languages", DEFAULTS.languages),
        positive,
        negative,
        positiveText,
        negativeText,
        threshold: num("threshold", DEFAULTS.threshold, 0, 1),
        directions: strings("directions", DEFAULTS.directions),
        cacheMegabytes: num("cache.maxMegabytes", DEFAULTS.cacheMegabytes, 16, 65536, true),
        maxChars: num("maxChars", DEFAULTS.maxChars, 1000, 16_000_000, true),
        debounceMs: num("debounceMs", DEFAULTS.debounceMs, 0, 10_000, true),
        highlightingEnabled: bool("highlighting.enabled", DEFAULTS.highlightingEnabled),
        fullDocumentLines: num("highlighting.fullDocumentLines", DEFAULTS.fullDocumentLines, 100, 1_000_000, true),
        trace,
    };
    return { config, problems, notes: [] };
}

/**
 * Settings (below `interp.`) that an untrusted workspace may not set (package.json `restrictedConfigurations`):
 * the server to run, and the directions to load at start (files the server reads). Without trust they come
 * from the user's settings or the default only.
 */
export const RESTRICTED_KEYS = ["server.path", "directions", "model", "modelFolders"] as const;

/** The part of `WorkspaceConfiguration.inspect()`'s result that decides a restricted setting. */
export interface Inspected {
    defaultValue?: unknown;
    globalValue?: unknown;
    workspaceValue?: unknown;
    workspaceFolderValue?: unknown;
}

/**
 * The value of a setting from its `inspect()` result: in a trusted workspace the most specific one (folder,
 * workspace, user, default); in an untrusted one only the user's (global) value, else the default.
 */
export function trustedValue(inspected: Inspected | undefined, trusted: boolean): unknown {
    if (!inspected) return undefined;
    if (trusted) return inspected.workspaceFolderValue ?? inspected.workspaceValue ?? inspected.globalValue ?? inspected.defaultValue;
    return inspected.globalValue ?? inspected.defaultValue;
}

/** Whether the workspace sets a restricted setting that is ignored because the workspace is not trusted. */
export function ignoredWithoutTrust(inspected: Inspected | undefined, trusted: boolean): boolean {
    return !trusted && inspected !== undefined && (inspected.workspaceValue !== undefined || inspected.workspaceFolderValue !== undefined);
}

/** What `readConfig` needs of a `WorkspaceConfiguration`. */
export interface Section {
    get(key: string): unknown;
    inspect(key: string): Inspected | undefined;
}

/** The getter for `parseConfig`: restricted settings through `trustedValue` when the workspace is not trusted. */
export function trustAwareGetter(section: Section, trusted: boolean): Getter {
    const restricted: readonly string[] = RESTRICTED_KEYS;
    return (key) => (!trusted && restricted.includes(key) ? trustedValue(section.inspect(key), false) : section.get(key));
}

/** Reads the live `interp` section; `trusted`: `vscode.workspace.isTrusted`. */
export function readConfig(section: vscode.WorkspaceConfiguration | Section, trusted: boolean): ParsedConfig {
    const parsed = parseConfig(trustAwareGetter(section, trusted));
    for (const key of RESTRICTED_KEYS)
        if (ignoredWithoutTrust(section.inspect(key), trusted))
            parsed.notes.push(`interp.${key} from the workspace settings is ignored: the workspace is not trusted (using the user setting or the default)`);
    return parsed;
}

/** The settings object the server takes (InterpSettings in InterpProtocol.cs). */
export function toServerSettings(c: Config): InterpSettings {
    return {
        model: c.model,
        hook: c.hook,
        modelFolders: c.modelFolders,
        directions: c.directions,
        cacheMegabytes: c.cacheMegabytes,
        debounceMs: c.debounceMs,
        threshold: c.threshold,
        maxChars: c.maxChars,
    };
}

/** Whether documents of this language are highlighted and sent to the server. */
export function languageEnabled(c: Config, languageId: string): boolean {
    return c.languages.includes("*") || c.languages.includes(languageId);
}

/** The LSP document selector for the configured languages (files and untitled buffers only). */
export function documentSelector(c: Config): { scheme: string; language?: string }[] {
    const schemes = ["file", "untitled"];
    if (c.languages.includes("*")) return schemes.map((scheme) => ({ scheme }));
    return c.languages.flatMap((language) => schemes.map((scheme) => ({ scheme, language })));
}
