import { type KeyboardEvent, type PointerEvent, useEffect, useMemo, useRef } from "react";

import type { ResponsiveImage } from "@/lib/variants";
import { formatDuration } from "@/utils/format";

import { drawWaveform, type Peaks, peakBars } from "../lib/peaks";
import { fractionAt, keyTime, playedFraction, timeAt } from "../lib/seek";

// The canvas's own pixels; CSS stretches it to the box. 4 px a bar: 300 bars, each with a hairline.
const CANVAS_WIDTH = 1200;
const CANVAS_HEIGHT = 240;
const BARS = 300;
// indigo-600 for what has played, slate-400 for the rest: the app's accent over its neutral.
const COLORS = { played: "#4f46e5", unplayed: "#94a3b8" };

type WaveformProps = {
  /** The PEAKS, drawn on a canvas; without them, `image` (the WAVEFORM picture) stands in. */
  peaks: Peaks | null;
  image: ResponsiveImage | null;
  time: number;
  duration: number;
  onSeek: (time: number) => void;
  label: string;
};

/**
 * The song's waveform as its seek bar: the played part coloured, a click or a key (the ARIA slider
 * pattern's: arrows, Page Up/Down, Home, End) moves the playhead there.
 */
export function Waveform({ peaks, image, time, duration, onSeek, label }: WaveformProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const bars = useMemo(() => (peaks ? peakBars(peaks, BARS) : null), [peaks]);
  const played = playedFraction(time, duration);
  const known = Number.isFinite(duration) && duration > 0;

  useEffect(() => {
    const painter = canvas.current?.getContext("2d");
    if (!painter || !bars) return;
    drawWaveform(painter, bars, { width: CANVAS_WIDTH, height: CANVAS_HEIGHT, playedFraction: played, colors: COLORS });
  }, [bars, played]);

  const seekTo = (event: PointerEvent<HTMLDivElement>) => {
    if (!known) return;
    const box = event.currentTarget.getBoundingClientRect();
    onSeek(timeAt(fractionAt(event.clientX, box.left, box.width), duration));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const to = keyTime(event.key, time, duration);
    if (to === null) return;
    event.preventDefault(); // the arrows and Page keys would scroll the page too
    onSeek(to);
  };

  return (
    <div
      role="slider"
      tabIndex={0}
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={known ? Math.round(duration) : 0}
      aria-valuenow={Math.round(time)}
      aria-valuetext={known ? `${formatDuration(time)} of ${formatDuration(duration)}` : formatDuration(time)}
      onPointerDown={seekTo}
      onKeyDown={onKeyDown}
      data-testid="waveform"
      data-source={bars ? "peaks" : image ? "image" : "none"}
      className="relative h-32 w-full cursor-pointer touch-none overflow-hidden rounded-xl bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
    >
      {bars ? (
        <canvas ref={canvas} width={CANVAS_WIDTH} height={CANVAS_HEIGHT} className="size-full" aria-hidden="true" />
      ) : image ? (
        <>
          <img src={image.src} alt="" aria-hidden="true" className="absolute inset-0 size-full object-fill" />
          {/* The picture cannot be recoloured: a tint over the part already played says the same. */}
          <div
            aria-hidden="true"
            className="absolute inset-y-0 left-0 bg-indigo-500/30"
            style={{ width: `${played * 100}%` }}
          />
        </>
      ) : null}
    </div>
  );
}
