import { describe, expect, it } from "vitest";

import { fractionAt, keyTime, playedFraction, timeAt } from "./seek";

describe("seeking on the waveform", () => {
  it("turns a click into a fraction of the box, clamped to it", () => {
    expect(fractionAt(150, 100, 200)).toBe(0.25);
    expect(fractionAt(50, 100, 200)).toBe(0);
    expect(fractionAt(400, 100, 200)).toBe(1);
    expect(fractionAt(150, 100, 0)).toBe(0);
  });

  it("turns a fraction into a time and back", () => {
    expect(timeAt(0.25, 8)).toBe(2);
    expect(timeAt(1.5, 8)).toBe(8);
    expect(timeAt(0.5, Number.NaN)).toBe(0); // before the metadata has loaded
    expect(playedFraction(2, 8)).toBe(0.25);
    expect(playedFraction(9, 8)).toBe(1);
    expect(playedFraction(1, 0)).toBe(0);
  });

  it("moves 5 s by arrow, a tenth by page, to either end by Home and End", () => {
    expect(keyTime("ArrowRight", 10, 60)).toBe(15);
    expect(keyTime("ArrowUp", 58, 60)).toBe(60);
    expect(keyTime("ArrowLeft", 3, 60)).toBe(0);
    expect(keyTime("ArrowDown", 10, 60)).toBe(5);
    expect(keyTime("PageUp", 10, 60)).toBe(16);
    expect(keyTime("PageDown", 10, 60)).toBe(4);
    expect(keyTime("Home", 10, 60)).toBe(0);
    expect(keyTime("End", 10, 60)).toBe(60);
    expect(keyTime("Enter", 10, 60)).toBeNull();
    expect(keyTime("ArrowRight", 0, Number.NaN)).toBeNull();
  });
});
