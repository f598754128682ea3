/**
 * Model ids for people: `embedded:all-MiniLM-L6-v2` → `all-MiniLM-L6-v2`; `hf:/…/models--ORG--NAME/snapshots/REV` →
 * `ORG/NAME`; `hf:/path/to/folder` → `folder`. Pure, for the unit tests.
 */
export function shortModelName(id: string): string {
    if (id.startsWith("embedded:")) return id.slice("embedded:".length);
    if (!id.startsWith("hf:")) return id;
    const parts = id.slice(3).split(/[\\/]/).filter((p) => p.length > 0);
    for (let i = parts.length - 3; i >= 0; i--)
        if (parts[i].startsWith("models--") && parts[i + 1] === "snapshots") return parts[i].slice("models--".length).replace(/--/g, "/");
    return parts[parts.length - 1] ?? id;
}
