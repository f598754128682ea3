/** Small helpers with no VS Code in them. */

export function errorMessage(e: unknown): string {
    if (e instanceof Error) return e.message;
    if (e && typeof e === "object" && "message" in e) return String((e as { message: unknown }).message);
    return String(e);
}

export function delay(ms: number): Promise<void> {
    return new Promise((r) => setTimeout(r, ms));
}
