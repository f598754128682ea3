/**
 * When the highlighter fetches a document's activations, pure (timers injected): at most one pending fetch per
 * document; a newer need replaces the pending one. A notification (interp/activationsChanged) for the same
 * version as the pending fetch it would replace is a duplicate and merges into it, so a burst of duplicates
 * costs one interp/tokenActivations. Once a fetch has started, a new notification schedules a new one (the
 * server's state may have changed after the request was sent).
 */

export interface Timers {
    set(f: () => void, ms: number): unknown;
    clear(handle: unknown): void;
}

export const realTimers: Timers = {
    set: (f, ms) => setTimeout(f, ms),
    clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** How long a notification's fetch waits for duplicates (same uri and version) to merge with. */
export const COALESCE_MS = 15;

interface Pending {
    handle: unknown;
    /** The notification's version, when the pending fetch is for one. */
    version?: number;
}

export class FetchScheduler {
    private readonly pending = new Map<string, Pending>();

    constructor(
        private readonly fetch: (key: string) => void,
        private readonly timers: Timers = realTimers,
    ) {}

    /** A fetch of `key` after `ms`, replacing the pending one. */
    schedule(key: string, ms: number): void {
        this.set(key, ms, undefined);
    }

    /** A notification for `key` at `version`: merged into a pending fetch for the same version, else scheduled. */
    notified(key: string, version: number): boolean {
        if (this.pending.get(key)?.version === version) return false;
        this.set(key, COALESCE_MS, version);
        return true;
    }

    isPending(key: string): boolean {
        return this.pending.has(key);
    }

    cancel(key: string): void {
        const p = this.pending.get(key);
        if (p) this.timers.clear(p.handle);
        this.pending.delete(key);
    }

    private set(key: string, ms: number, version: number | undefined): void {
        this.cancel(key);
        const entry: Pending = { handle: undefined, version };
        entry.handle = this.timers.set(() => {
            if (this.pending.get(key) === entry) this.pending.delete(key);
            this.fetch(key);
        }, ms);
        this.pending.set(key, entry);
    }

    dispose(): void {
        for (const key of [...this.pending.keys()]) this.cancel(key);
    }
}
