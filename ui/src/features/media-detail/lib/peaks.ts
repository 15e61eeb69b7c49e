/**
 * A song's waveform from its PEAKS variant: the JSON that BBC's audiowaveform writes and peaks.js
 * reads (`{"version":2,"channels":1,"sample_rate":48000,"samples_per_pixel":N,"bits":8,"length":L,
 * "data":[min0,max0,min1,max1,...]}`), checked, folded to the columns a canvas has, and drawn.
 */
export type Peaks = {
  channels: number;
  sampleRate: number;
  samplesPerPixel: number;
  bits: 8 | 16;
  /** Pixels (min/max pairs per channel). */
  length: number;
  data: readonly number[];
};

/** One column of the picture: the lowest and highest sample under it, in -1..1. */
export type Bar = { min: number; max: number };

const isInt = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value);

/**
 * The peaks when the JSON is what audiowaveform promises (version 1 has no `channels`: one), else
 * null, so a damaged or unexpected file falls back to the WAVEFORM picture instead of drawing noise.
 */
export function parsePeaks(json: unknown): Peaks | null {
  if (typeof json !== "object" || json === null) return null;
  const raw = json as Record<string, unknown>;
  const channels = raw.version === 1 ? 1 : raw.channels;
  const { sample_rate: sampleRate, samples_per_pixel: samplesPerPixel, bits, length, data } = raw;
  if (raw.version !== 1 && raw.version !== 2) return null;
  if (!isInt(channels) || channels < 1 || !isInt(sampleRate) || sampleRate <= 0) return null;
  if (!isInt(samplesPerPixel) || samplesPerPixel <= 0 || (bits !== 8 && bits !== 16)) return null;
  if (!isInt(length) || length < 0 || !Array.isArray(data) || data.length !== length * channels * 2) return null;
  const limit = 2 ** (bits - 1);
  if (!data.every((value) => isInt(value) && value >= -limit && value < limit)) return null;
  return { channels, sampleRate, samplesPerPixel, bits, length, data: data as number[] };
}

/** How long the peaks cover, in seconds. */
export function peaksDuration(peaks: Peaks): number {
  return (peaks.length * peaks.samplesPerPixel) / peaks.sampleRate;
}

/**
 * `columns` bars over the whole track: each spans its share of the pixels and takes the lowest
 * min and highest max there, of every channel (one picture for the song, as the WAVEFORM is).
 * Fewer pixels than columns stretch: a column repeats the pixel it falls on.
 */
export function peakBars(peaks: Peaks, columns: number): Bar[] {
  if (peaks.length === 0 || columns <= 0) return [];
  const scale = 2 ** (peaks.bits - 1);
  const stride = peaks.channels * 2;
  const bars: Bar[] = [];
  for (let column = 0; column < columns; column += 1) {
    const first = Math.floor((column * peaks.length) / columns);
    const end = Math.max(first + 1, Math.floor(((column + 1) * peaks.length) / columns));
    let min = 0;
    let max = 0;
    for (let pixel = first; pixel < end; pixel += 1) {
      for (let channel = 0; channel < peaks.channels; channel += 1) {
        const at = pixel * stride + channel * 2;
        min = Math.min(min, peaks.data[at] ?? 0);
        max = Math.max(max, peaks.data[at + 1] ?? 0);
      }
    }
    bars.push({ min: min / scale, max: max / scale });
  }
  return bars;
}

/** What drawing needs of a 2D context (a recording fake in tests). */
export type Painter = Pick<CanvasRenderingContext2D, "clearRect" | "fillRect"> & { fillStyle: unknown };

export type WaveformColors = { played: string; unplayed: string };

/**
 * The bars, mirrored about the middle, across `width` × `height`; the ones left of `playedFraction`
 * (the part already heard) in `played`, the rest in `unplayed`. Silence still draws a 1 px line,
 * so a quiet passage reads as quiet, not as missing.
 */
export function drawWaveform(
  painter: Painter,
  bars: readonly Bar[],
  {
    width,
    height,
    playedFraction,
    colors,
  }: { width: number; height: number; playedFraction: number; colors: WaveformColors },
): void {
  painter.clearRect(0, 0, width, height);
  if (bars.length === 0) return;
  const step = width / bars.length;
  const middle = height / 2;
  const gap = step >= 3 ? 1 : 0; // a hairline between bars once they are wide enough to show it
  bars.forEach((bar, index) => {
    const top = middle - bar.max * middle;
    const bottom = middle - bar.min * middle;
    painter.fillStyle = (index + 0.5) / bars.length <= playedFraction ? colors.played : colors.unplayed;
    painter.fillRect(index * step, top, Math.max(step - gap, 1), Math.max(bottom - top, 1));
  });
}
