import { describe, expect, it } from "vitest";

import { backoffDelay, sleep } from "./backoff";

describe("backoffDelay", () => {
  it("grows geometrically and caps", () => {
    const delays = Array.from({ length: 8 }, (_, i) => backoffDelay(i, { initialMs: 500, factor: 2, maxMs: 5000 }));
    expect(delays).toEqual([500, 1000, 2000, 4000, 5000, 5000, 5000, 5000]);
  });
});

describe("sleep", () => {
  it("rejects with AbortError when aborted", async () => {
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });
});
