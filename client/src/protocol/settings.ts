/**
 * What the client and server share besides messages: the semantic token legend, the settings object, the rules
 * the client checks input against before sending it, the error codes it treats specially.
 */
import type { Schema } from "./schema";

// ---- Semantic tokens -------------------------------------------------------------------------------------

/**
 * Semantic token legend: an editor-agnostic view for clients without the extension (VS Code uses decorations).
 * One modifier per colour level (colors.ts LEVELS).
 */
export const InterpSemanticTokens = {
    types: ["activationPositive", "activationNegative"],
    modifiers: ["level1", "level2", "level3", "level4", "level5", "level6", "level7", "level8"],
} as const;

// ---- Settings --------------------------------------------------------------------------------------------

/**
 * The settings object: sent as `initializationOptions` itself and as `settings.interp` in
 * `workspace/didChangeConfiguration`. Absent keys keep their current value.
 */
export interface InterpSettings {
    /** "embedded:all-MiniLM-L6-v2" (also "" or "embedded"), a Hugging Face model folder, or a model of the local cache by its hub name ("gpt2"). */
    model?: string | null;
    hook?: string | null;
    /** Hugging Face model folders (or folders holding them) that the model picker offers. */
    modelFolders?: string[] | null;
    /** File paths or neuron specs to load at start; the first becomes active. */
    directions?: string[] | null;
    cacheMegabytes?: number | null;
    debounceMs?: number | null;
    /** |value| / scale below which nothing is painted (0..1). */
    threshold?: number | null;
    /** Largest document analysed, in characters. */
    maxChars?: number | null;
}

/** The settings object's fields, as the manifest's `InterpSettings` lists them (every one optional). */
export const SettingsSchema = {
    model: { optional: true },
    hook: { optional: true },
    modelFolders: { optional: true },
    directions: { optional: true },
    cacheMegabytes: { optional: true },
    debounceMs: { optional: true },
    threshold: { optional: true },
    maxChars: { optional: true },
} as const satisfies Schema<InterpSettings>;

export const InterpSettingsDefaults = {
    DefaultModel: "embedded:all-MiniLM-L6-v2",
    DefaultHook: "blocks.3.hook_resid_post",
} as const;

/** The server's rules for input the client checks before sending it (the server's rule decides; the manifest's `rules`). */
export const InterpRules = {
    libraryName: { maxLength: 200, reservedPrefixes: ["neuron:", "library:"] },
    hypothesisKinds: ["words", "regex", "text"],
} as const;

/**
 * Why `name` cannot name a direction in the library (DirectionLibrary.CheckName's rule: one line of 1 to 200
 * characters after trimming, no control characters, not starting with a reserved prefix), or undefined when it can.
 */
export function libraryNameProblem(name: string): string | undefined {
    const n = name.trim();
    const rule = InterpRules.libraryName;
    if (n.length === 0) return "Enter a name";
    if (n.length > rule.maxLength) return `At most ${rule.maxLength} characters (this is ${n.length})`;
    if (/\p{Cc}/u.test(n)) return "One line, without control characters";
    const reserved = rule.reservedPrefixes.find((p) => n.startsWith(p));
    if (reserved) return `A name may not start with "${reserved}"`;
    return undefined;
}

/** LSP error codes the client treats specially. */
export const ErrorCodes = {
    ContentModified: -32801,
    RequestCancelled: -32800,
} as const;
