import { describe, expect, it } from "vitest";

import { LiveHub } from "./live-hub";
import type { LiveMedia } from "./live-media";

const item = (id: string, status: LiveMedia["status"], updatedAt: string) => ({ id, status, updatedAt }) as LiveMedia;

describe("LiveHub", () => {
  it("hands a waiter the item's next push while open, and a push it missed by listening late", async () => {
    const hub = new LiveHub();
    hub.setState("open");
    const signal = new AbortController().signal;
    const waiting = hub.next("a", 1000, undefined, signal);
    hub.push(item("b", "READY", "2026-01-01T00:00:02"));
    hub.push(item("a", "PROCESSING", "2026-01-01T00:00:01"));
    await expect(waiting).resolves.toMatchObject({ id: "a", status: "PROCESSING" });
    hub.push(item("a", "READY", "2026-01-01T00:00:03"));
    // Listening after READY came: it is handed over at once; asking after it waits for a newer one.
    await expect(hub.next("a", 1000, "2026-01-01T00:00:01", signal)).resolves.toMatchObject({ status: "READY" });
    const later = hub.next("a", 1000, "2026-01-01T00:00:03", signal);
    hub.setState("connecting"); // the socket drops: the waiter is told to ask the API
    await expect(later).resolves.toBeUndefined();
  });

  it("waits only the poll interval when not open, and tells of a reopening (the catch-up)", async () => {
    const hub = new LiveHub();
    const reopened: number[] = [];
    hub.onReopen(() => reopened.push(1));
    await expect(hub.next("a", 5, undefined, new AbortController().signal)).resolves.toBeUndefined();
    hub.setState("open");
    hub.setState("connecting");
    hub.setState("open");
    expect(reopened).toEqual([1]);
  });

  it("gives up on abort", async () => {
    const hub = new LiveHub();
    hub.setState("open");
    const controller = new AbortController();
    const waiting = hub.next("a", 1000, undefined, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toThrow("Aborted");
  });
});
