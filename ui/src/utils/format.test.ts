import { describe, expect, it } from "vitest";

import { formatBytes, formatDuration, formatPercent } from "./format";

describe("format", () => {
  it.each([
    [0, "0 B"],
    [1023, "1023 B"],
    [1536, "1.5 KB"],
    [150750, "147 KB"],
    [52428800, "50.0 MB"],
    [-1, "–"],
  ])("formatBytes(%d) = %s", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it.each([
    [0, "0:00"],
    [9.6, "0:10"],
    [75.4, "1:15"],
    [3725, "1:02:05"],
    [Number.NaN, "–"],
  ])("formatDuration(%d) = %s", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it("clamps percentages", () => {
    expect(formatPercent(0.424)).toBe("42%");
    expect(formatPercent(2)).toBe("100%");
  });
});
