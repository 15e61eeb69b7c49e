import { describe, expect, it } from "vitest";

import { formatBytes, formatCaptureTime, formatDuration, formatLoudness, formatPercent } from "./format";

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

  it.each([
    [-14.23, "\u221214.2 LUFS"],
    [-23, "\u221223.0 LUFS"],
    [-0.01, "0.0 LUFS"],
    [Number.NEGATIVE_INFINITY, "–"],
  ])("formatLoudness(%d) = %s", (lufs, text) => {
    expect(formatLoudness(lufs)).toBe(text);
  });

  it("clamps percentages", () => {
    expect(formatPercent(0.424)).toBe("42%");
    expect(formatPercent(2)).toBe("100%");
  });

  it("shows a capture time on the camera's clock, with the zone it wrote", () => {
    const clock = (iso: string) =>
      new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(
        new Date(iso),
      );
    expect(formatCaptureTime("2008-10-22T16:28:39")).toBe(clock("2008-10-22T16:28:39Z"));
    expect(formatCaptureTime("2024-07-01T09:05:00+02:00")).toBe(`${clock("2024-07-01T09:05:00Z")} (UTC+02:00)`);
    expect(formatCaptureTime("2018-03-07T15:21:21+00:00")).toBe(`${clock("2018-03-07T15:21:21Z")} (UTC)`);
    expect(formatCaptureTime("2018-03-07T15:21:21.250Z")).toBe(`${clock("2018-03-07T15:21:21Z")} (UTC)`);
    expect(formatCaptureTime("yesterday")).toBe("yesterday");
  });
});
