import assert from "node:assert/strict";
import { test } from "node:test";
import { COALESCE_MS, FetchScheduler, type Timers } from "../../src/schedule";

/** Timers that run only when told to. */
function fakeTimers() {
    let now = 0;
    let next = 1;
    const due = new Map<number, { at: number; f: () => void }>();
    const timers: Timers = {
        set: (f, ms) => {
            const id = next++;
            due.set(id, { at: now + ms, f });
            return id;
        },
        clear: (h) => void due.delete(h as number),
    };
    const advance = (ms: number) => {
        now += ms;
        for (const [id, t] of [...due].sort((a, b) => a[1].at - b[1].at))
            if (t.at <= now) {
                due.delete(id);
                t.f();
            }
    };
    return { timers, advance };
}

test("duplicate activationsChanged for the same uri+version coalesce into one fetch", () => {
    const { timers, advance } = fakeTimers();
    const fetched: string[] = [];
    const s = new FetchScheduler((k) => fetched.push(k), timers);
    assert.equal(s.notified("file:///a", 3), true);
    advance(5);
    assert.equal(s.notified("file:///a", 3), false); // merged, and the pending fetch is not pushed back
    assert.equal(s.notified("file:///b", 3), true); // another document: its own fetch
    advance(COALESCE_MS);
    assert.deepEqual(fetched.sort(), ["file:///a", "file:///b"]);
});

test("a newer version, or a notification after the fetch started, fetches again (once)", () => {
    const { timers, advance } = fakeTimers();
    const fetched: string[] = [];
    const s = new FetchScheduler((k) => fetched.push(k), timers);
    s.notified("u", 3);
    s.notified("u", 4); // replaces the pending fetch
    advance(COALESCE_MS);
    assert.deepEqual(fetched, ["u"]);
    // e.g. after Select Direction: the server's one notification per document, same version as before
    assert.equal(s.notified("u", 4), true);
    advance(COALESCE_MS);
    assert.deepEqual(fetched, ["u", "u"]);
    assert.equal(s.isPending("u"), false);
});

test("schedule replaces a pending fetch; cancel drops it", () => {
    const { timers, advance } = fakeTimers();
    const fetched: string[] = [];
    const s = new FetchScheduler((k) => fetched.push(k), timers);
    s.schedule("u", 0);
    s.notified("u", 1); // not the same notification: replaces the pending fetch, still one
    advance(COALESCE_MS);
    assert.deepEqual(fetched, ["u"]);
    s.schedule("u", 100);
    s.cancel("u");
    advance(200);
    assert.deepEqual(fetched, ["u"]);
});
