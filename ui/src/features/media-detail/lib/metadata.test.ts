import { describe, expect, it } from "vitest";

import { humanizeKey, metadataRows } from "./metadata";

describe("metadataRows", () => {
  it("renders today's image metadata nicely", () => {
    const rows = metadataRows({
      width: 3264,
      height: 2448,
      format: "jpeg",
      orientation: 6,
      hasAlpha: false,
      detectedType: "image/jpeg",
      preset: "default",
    });
    expect(rows.map((r) => [r.label, r.value])).toEqual([
      ["Original size", "3264 × 2448 px"],
      ["Original format", "JPEG"],
      ["Detected type", "image/jpeg"],
      ["EXIF orientation", "Rotated 90° right"],
      ["Transparency", "No"],
      ["Preset", "default"],
    ]);
  });

  it("joins camera make and model and formats duration", () => {
    const rows = metadataRows({ cameraMake: "NIKON", cameraModel: "E950", durationSeconds: 75.4 });
    expect(rows.map((r) => [r.label, r.value])).toEqual([
      ["Camera", "NIKON E950"],
      ["Duration", "1:15"],
    ]);
  });

  it("shows unknown keys generically, after the known ones", () => {
    const rows = metadataRows({ zeta: { a: 1 }, isoSpeed: 200, width: 10, emptyThing: null });
    expect(rows.map((r) => [r.label, r.value])).toEqual([
      ["Original size", "10 px wide"],
      ["Iso speed", "200"],
      ["Zeta", '{"a":1}'],
    ]);
  });

  it("tolerates missing or odd metadata", () => {
    expect(metadataRows(null)).toEqual([]);
    expect(metadataRows([1, 2])).toEqual([]);
  });

  it("humanizes keys", () => {
    expect(humanizeKey("capturedAt")).toBe("Captured at");
    expect(humanizeKey("gps_latitude")).toBe("Gps latitude");
  });
});
