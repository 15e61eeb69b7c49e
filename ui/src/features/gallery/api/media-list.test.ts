import { describe, expect, it } from "vitest";

import { isLive } from "./media-list";

const NOW = Date.parse("2026-01-01T12:00:00Z");

describe("isLive", () => {
  it("refreshes for items still processing, never for finished ones", () => {
    expect(isLive({ status: "PROCESSING", createdAt: "2025-01-01T00:00:00Z" }, NOW)).toBe(true);
    expect(isLive({ status: "READY", createdAt: "2026-01-01T11:59:00Z" }, NOW)).toBe(false);
    expect(isLive({ status: "FAILED", createdAt: "2026-01-01T11:59:00Z" }, NOW)).toBe(false);
  });

  it("stops refreshing for uploads abandoned long ago", () => {
    expect(isLive({ status: "AWAITING_UPLOAD", createdAt: "2026-01-01T11:59:00Z" }, NOW)).toBe(true);
    expect(isLive({ status: "AWAITING_UPLOAD", createdAt: "2026-01-01T11:00:00Z" }, NOW)).toBe(false);
  });
});
