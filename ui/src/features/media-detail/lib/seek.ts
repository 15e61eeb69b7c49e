/** The waveform as a seek bar: where a click or a key lands in the track. */

/** Arrow keys move this far, as most players do. */
export const ARROW_STEP_S = 5;
/** Page Up / Page Down move a tenth of the track. */
const PAGE_FRACTION = 0.1;

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/** How far along a click at `clientX` is, in a box starting at `left`, `width` wide (0..1). */
export function fractionAt(clientX: number, left: number, width: number): number {
  return width > 0 ? clamp((clientX - left) / width, 0, 1) : 0;
}

/** The time at a fraction of the track; 0 while the length is unknown. */
export function timeAt(fraction: number, duration: number): number {
  return Number.isFinite(duration) && duration > 0 ? clamp(fraction, 0, 1) * duration : 0;
}

/** How far along `time` is (0..1), for drawing the played part. */
export function playedFraction(time: number, duration: number): number {
  return Number.isFinite(duration) && duration > 0 ? clamp(time / duration, 0, 1) : 0;
}

/**
 * Where a key press on the slider seeks to (the ARIA slider pattern's keys), or null for any
 * other key, which the slider then leaves to the page.
 */
export function keyTime(key: string, current: number, duration: number): number | null {
  if (!Number.isFinite(duration) || duration <= 0) return null;
  const to = (time: number) => clamp(time, 0, duration);
  switch (key) {
    case "ArrowRight":
    case "ArrowUp":
      return to(current + ARROW_STEP_S);
    case "ArrowLeft":
    case "ArrowDown":
      return to(current - ARROW_STEP_S);
    case "PageUp":
      return to(current + duration * PAGE_FRACTION);
    case "PageDown":
      return to(current - duration * PAGE_FRACTION);
    case "Home":
      return 0;
    case "End":
      return duration;
    default:
      return null;
  }
}
