import { type RefObject, useEffect, useRef } from "react";

/** Where a <video> or <audio> was, so a reload (a fallback, fresh signed URLs) carries on from there. */
export type Position = { time: number; playing: boolean };

export function positionOf(element: HTMLMediaElement): Position {
  return { time: element.currentTime, playing: !element.paused && !element.ended };
}

/** Once the new source knows its length, seek back to `position` and play on if it was playing. */
export function resumeAt(element: HTMLMediaElement, position: Position | null): void {
  if (!position || (position.time <= 0 && !position.playing)) return;
  element.addEventListener(
    "loadedmetadata",
    () => {
      element.currentTime = position.time;
      // A browser may refuse to play without a gesture; then the person presses play again.
      if (position.playing) void element.play()?.catch(() => undefined);
    },
    { once: true },
  );
}

/**
 * Changing a <source>'s src does not make the element load it: when the sources change (the detail
 * query brought fresh signed URLs before the old ones expire), load them, keeping the place, so a
 * long song does not stall on a URL that has stopped working.
 */
export function useReloadOnNewSources(ref: RefObject<HTMLMediaElement | null>, sourcesKey: string): void {
  const loaded = useRef(sourcesKey);
  useEffect(() => {
    const element = ref.current;
    if (!element || loaded.current === sourcesKey) return;
    loaded.current = sourcesKey;
    const position = positionOf(element);
    element.load();
    resumeAt(element, position);
  }, [ref, sourcesKey]);
}
