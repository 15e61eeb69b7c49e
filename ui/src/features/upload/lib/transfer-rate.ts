/**
 * Speed and time left that people can trust: a rate smoothed over samples at least a second apart
 * (XHR progress comes in bursts; a raw rate jumps around), nothing shown until there is one.
 */
export type TransferRate = {
  /** The last sample: when, and how many bytes had been sent. */
  at: number;
  loaded: number;
  /** Smoothed bytes per second; null until two samples are a second apart. */
  bytesPerSecond: number | null;
};

const MIN_SAMPLE_MS = 1000;
/** Weight of the newest sample: a few seconds of memory, so a stall shows soon, but a burst does not. */
const WEIGHT = 0.3;

export function nextRate(previous: TransferRate | null, loaded: number, at: number): TransferRate {
  if (!previous || loaded < previous.loaded) return { at, loaded, bytesPerSecond: previous?.bytesPerSecond ?? null };
  const elapsed = at - previous.at;
  if (elapsed < MIN_SAMPLE_MS) return previous;
  const sample = ((loaded - previous.loaded) * 1000) / elapsed;
  const bytesPerSecond =
    previous.bytesPerSecond === null ? sample : WEIGHT * sample + (1 - WEIGHT) * previous.bytesPerSecond;
  return { at, loaded, bytesPerSecond };
}

/** Seconds until `total` at the current rate; null while unknown (no rate yet, or none at all). */
export function secondsLeft(rate: TransferRate | null, loaded: number, total: number): number | null {
  if (!rate?.bytesPerSecond || rate.bytesPerSecond <= 0) return null;
  return Math.max(0, (total - loaded) / rate.bytesPerSecond);
}
