import { formatBytes, formatDuration } from "@/utils/format";

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

/** Seconds until `total` at `bytesPerSecond`; null while unknown (no rate yet, or none at all). */
export function secondsLeft(bytesPerSecond: number | null | undefined, loaded: number, total: number): number | null {
  if (!bytesPerSecond || bytesPerSecond <= 0) return null;
  return Math.max(0, (total - loaded) / bytesPerSecond);
}

/** "12.0 MB of 40.0 MB · 3.1 MB/s · 0:09 left": speed and time left once measured (null: not moving). */
export function describeTransfer(loaded: number, total: number, bytesPerSecond: number | null | undefined): string {
  const parts = [`${formatBytes(loaded)} of ${formatBytes(total)}`];
  const left = secondsLeft(bytesPerSecond, loaded, total);
  if (bytesPerSecond && left !== null) parts.push(`${formatBytes(bytesPerSecond)}/s`, `${formatDuration(left)} left`);
  return parts.join(" · ");
}
