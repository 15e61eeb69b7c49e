import { describe, expect, it } from "vitest";

import { type Bar, drawWaveform, type Painter, parsePeaks, peakBars, peaksDuration } from "./peaks";

// As audiowaveform writes it (and the processor's PEAKS variant): 8-bit, mono, 4 pixels.
const MONO = {
  version: 2,
  channels: 1,
  sample_rate: 48000,
  samples_per_pixel: 12000,
  bits: 8,
  length: 4,
  data: [-64, 64, -128, 127, 0, 0, -32, 16],
};

describe("parsePeaks", () => {
  it("reads audiowaveform's version 2 JSON", () => {
    const peaks = parsePeaks(MONO);
    expect(peaks).toMatchObject({ channels: 1, sampleRate: 48000, samplesPerPixel: 12000, bits: 8, length: 4 });
    expect(peaks && peaksDuration(peaks)).toBe(1);
  });

  it("reads version 1, which has no channels (one) and 16-bit values", () => {
    const v1 = { version: 1, sample_rate: 8000, samples_per_pixel: 80, bits: 16, length: 1, data: [-32768, 32767] };
    expect(parsePeaks(v1)).toMatchObject({ channels: 1, bits: 16, length: 1 });
  });

  it.each([
    ["not an object", "peaks"],
    ["an unknown version", { ...MONO, version: 3 }],
    ["a data length that disagrees with length × channels", { ...MONO, length: 5 }],
    ["two channels' worth of nothing", { ...MONO, channels: 2 }],
    ["values out of 8-bit range", { ...MONO, data: [-129, 0, 0, 0, 0, 0, 0, 0] }],
    ["non-integer values", { ...MONO, data: [0.5, 0, 0, 0, 0, 0, 0, 0] }],
    ["odd bits", { ...MONO, bits: 12 }],
    ["no sample rate", { ...MONO, sample_rate: 0 }],
  ])("refuses %s", (_, json) => {
    expect(parsePeaks(json)).toBeNull();
  });
});

describe("peakBars", () => {
  const peaks = parsePeaks(MONO)!;

  it("keeps one bar per pixel when the columns match, scaled to -1..1", () => {
    expect(peakBars(peaks, 4)).toEqual([
      { min: -0.5, max: 0.5 },
      { min: -1, max: 127 / 128 },
      { min: 0, max: 0 },
      { min: -0.25, max: 0.125 },
    ]);
  });

  it("folds pixels into fewer columns by their extremes, and stretches into more", () => {
    expect(peakBars(peaks, 2)).toEqual([
      { min: -1, max: 127 / 128 },
      { min: -0.25, max: 0.125 },
    ]);
    expect(peakBars(peaks, 8).map((bar) => bar.max)).toEqual([0.5, 0.5, 127 / 128, 127 / 128, 0, 0, 0.125, 0.125]);
    expect(peakBars(peaks, 0)).toEqual([]);
  });

  it("draws one picture of every channel", () => {
    const stereo = parsePeaks({ ...MONO, channels: 2, length: 1, data: [-10, 20, -64, 5] })!;
    expect(peakBars(stereo, 1)).toEqual([{ min: -0.5, max: 20 / 128 }]);
  });
});

describe("drawWaveform", () => {
  function recorder() {
    const calls: { style: unknown; rect: number[] }[] = [];
    const painter: Painter = {
      fillStyle: "",
      clearRect: () => undefined,
      fillRect(x, y, w, h) {
        calls.push({ style: this.fillStyle, rect: [x, y, w, h] });
      },
    };
    return { painter, calls };
  }
  const colors = { played: "played", unplayed: "rest" };
  const bars: Bar[] = [
    { min: -0.5, max: 0.5 },
    { min: -1, max: 1 },
    { min: 0, max: 0 },
    { min: -0.25, max: 0.25 },
  ];

  it("mirrors each bar about the middle and colours the part already played", () => {
    const { painter, calls } = recorder();
    drawWaveform(painter, bars, { width: 400, height: 100, playedFraction: 0.5, colors });
    expect(calls.map((c) => c.style)).toEqual(["played", "played", "rest", "rest"]);
    expect(calls[0]?.rect).toEqual([0, 25, 99, 50]); // 100 px a bar, a 1 px gap
    expect(calls[1]?.rect).toEqual([100, 0, 99, 100]);
    expect(calls[2]?.rect).toEqual([200, 50, 99, 1]); // silence is a line, not a hole
  });

  it("paints nothing played at the start and everything at the end", () => {
    const start = recorder();
    drawWaveform(start.painter, bars, { width: 4, height: 10, playedFraction: 0, colors });
    expect(start.calls.every((c) => c.style === "rest")).toBe(true);
    expect(start.calls[0]?.rect[2]).toBe(1); // too narrow for a gap
    const end = recorder();
    drawWaveform(end.painter, bars, { width: 4, height: 10, playedFraction: 1, colors });
    expect(end.calls.every((c) => c.style === "played")).toBe(true);
  });
});
