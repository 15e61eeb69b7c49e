import { describe, expect, it } from "vitest";

import { refreshBeforeUrlsExpire } from "./url-expiry";

describe("refreshBeforeUrlsExpire", () => {
  const now = Date.parse("2026-12-02T10:00:00Z");

  it("refreshes half a minute before the earliest URL expires", () => {
    const variants = [{ urlExpiresAt: "2026-12-02T11:00:00Z" }, { urlExpiresAt: "2026-12-02T10:10:00Z" }];
    expect(refreshBeforeUrlsExpire(variants, now)).toBe(10 * 60_000 - 30_000);
  });

  it("never asks sooner than every few seconds, and not at all without URLs", () => {
    expect(refreshBeforeUrlsExpire([{ urlExpiresAt: "2026-12-02T09:00:00Z" }], now)).toBe(5_000);
    expect(refreshBeforeUrlsExpire([], now)).toBe(false);
  });
});
