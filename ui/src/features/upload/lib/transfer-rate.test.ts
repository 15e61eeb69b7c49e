import { describe, expect, it } from "vitest";

import { makeFile } from "@/testing/upload-fakes";

import { describeTransfer, nextRate, secondsLeft } from "./transfer-rate";
import { overallProgress, uploadReducer } from "./upload-state";

describe("transfer rate", () => {
  it("shows nothing until two samples a second apart, then smooths the bursts", () => {
    let rate = nextRate(null, 0, 0);
    expect(rate.bytesPerSecond).toBeNull();
    rate = nextRate(rate, 5000, 400); // too soon to tell
    expect(rate).toEqual({ at: 0, loaded: 0, bytesPerSecond: null });
    rate = nextRate(rate, 1000, 1000);
    expect(rate.bytesPerSecond).toBe(1000);
    rate = nextRate(rate, 4000, 2000); // a burst of 3000 B/s moves it by 30% of the way
    expect(rate.bytesPerSecond).toBeCloseTo(1600);
    expect(secondsLeft(rate.bytesPerSecond, 4000, 20_000)).toBeCloseTo(10);
    expect(secondsLeft(null, 0, 100)).toBeNull();
  });

  it("starts over when the bytes go back (a resume counts from what storage holds)", () => {
    const rate = nextRate({ at: 0, loaded: 9000, bytesPerSecond: 500 }, 4000, 3000);
    expect(rate).toEqual({ at: 3000, loaded: 4000, bytesPerSecond: 500 });
  });
});

describe("describeTransfer", () => {
  it("says bytes, then speed and time left once there is a rate", () => {
    const MIB = 1024 * 1024;
    expect(describeTransfer(4 * MIB, 20 * MIB, null)).toBe("4.0 MB of 20.0 MB");
    expect(describeTransfer(4 * MIB, 20 * MIB, 2 * MIB)).toBe("4.0 MB of 20.0 MB · 2.0 MB/s · 0:08 left");
  });
});

describe("overallProgress", () => {
  it("moves at the files' speeds together, the queued ones waiting their turn", () => {
    let state = uploadReducer(
      { items: [] },
      {
        type: "add",
        items: ["a", "b", "c"].map((id) => ({ id, file: makeFile(`${id}.jpg`, 10_000), contentType: "image/jpeg" })),
      },
    );
    for (const id of ["a", "b"]) {
      state = uploadReducer(state, { type: "event", id, event: { type: "progress", loaded: 0, at: 0 } });
      state = uploadReducer(state, { type: "event", id, event: { type: "progress", loaded: 1000, at: 1000 } });
    }
    expect(overallProgress(state)).toEqual({ loaded: 2000, total: 30_000, bytesPerSecond: 2000 });
  });

  it("adds up the bytes of the files still being sent, and is null when none is", () => {
    let state = uploadReducer(
      { items: [] },
      {
        type: "add",
        items: [
          { id: "a", file: makeFile("a.jpg", 1000), contentType: "image/jpeg" },
          { id: "b", file: makeFile("b.jpg", 3000), contentType: "image/jpeg" },
        ],
      },
    );
    state = uploadReducer(state, { type: "event", id: "a", event: { type: "progress", loaded: 500, at: 0 } });
    expect(overallProgress(state)).toEqual({ loaded: 500, total: 4000, bytesPerSecond: null });
    state = uploadReducer(state, { type: "event", id: "a", event: { type: "uploaded" } });
    state = uploadReducer(state, { type: "cancel", id: "b" });
    expect(overallProgress(state)).toBeNull();
  });
});
