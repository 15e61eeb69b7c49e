import { formatBytes, formatDateTime, formatDuration } from "@/utils/format";

export type MetadataRow = { key: string; label: string; value: string };

const ORIENTATION: Record<number, string> = {
  1: "Normal",
  2: "Mirrored",
  3: "Rotated 180°",
  4: "Flipped vertically",
  5: "Mirrored, rotated 90° left",
  6: "Rotated 90° right",
  7: "Mirrored, rotated 90° right",
  8: "Rotated 90° left",
};

type Known = { label: string; format?: (value: unknown, all: Record<string, unknown>) => string | null };

const num = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : null);
const str = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value.trim() : null);

/** Keys the processors write today or are expected to; anything else is shown generically. */
const KNOWN: Record<string, Known> = {
  width: {
    label: "Original size",
    format: (_, all) => {
      const w = num(all.width);
      const h = num(all.height);
      return w !== null && h !== null ? `${w} × ${h} px` : w !== null ? `${w} px wide` : null;
    },
  },
  height: { label: "Original height", format: (value, all) => (num(all.width) !== null ? null : `${num(value)} px`) },
  format: { label: "Original format", format: (value) => str(value)?.toUpperCase() ?? null },
  detectedType: { label: "Detected type" },
  orientation: {
    label: "EXIF orientation",
    format: (value) => {
      const n = num(value);
      return n === null ? null : (ORIENTATION[n] ?? String(n));
    },
  },
  hasAlpha: { label: "Transparency", format: (value) => (value === true ? "Yes" : value === false ? "No" : null) },
  cameraMake: {
    label: "Camera",
    format: (_, all) => [str(all.cameraMake), str(all.cameraModel)].filter(Boolean).join(" ") || null,
  },
  cameraModel: { label: "Camera model", format: (value, all) => (str(all.cameraMake) ? null : str(value)) },
  lens: { label: "Lens" },
  capturedAt: {
    label: "Captured",
    format: (value) => {
      const text = str(value);
      return text ? formatDateTime(text) : null;
    },
  },
  durationSeconds: {
    label: "Duration",
    format: (value) => {
      const n = num(value);
      return n === null ? null : formatDuration(n);
    },
  },
  frameRate: { label: "Frame rate", format: (value) => (num(value) === null ? null : `${num(value)} fps`) },
  fps: { label: "Frame rate", format: (value) => (num(value) === null ? null : `${num(value)} fps`) },
  videoCodec: { label: "Video codec" },
  audioCodec: { label: "Audio codec" },
  codec: { label: "Codec" },
  sampleRate: {
    label: "Sample rate",
    format: (value) => (num(value) === null ? null : `${((num(value) ?? 0) / 1000).toFixed(1)} kHz`),
  },
  channels: {
    label: "Channels",
    format: (value) => (value === 1 ? "Mono" : value === 2 ? "Stereo" : num(value) === null ? null : String(value)),
  },
  bitrate: {
    label: "Bit rate",
    format: (value) => (num(value) === null ? null : `${Math.round((num(value) ?? 0) / 1000)} kbit/s`),
  },
  fileSize: { label: "File size", format: (value) => (num(value) === null ? null : formatBytes(num(value) ?? 0)) },
  preset: { label: "Preset" },
};

/** "capturedAt" -> "Captured at", "gps_latitude" -> "Gps latitude". */
export function humanizeKey(key: string): string {
  const words = key
    .replace(/[_-]+/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function genericValue(value: unknown): string | null {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** The rows of the metadata panel: known keys first, in a sensible order, then the rest by name. */
export function metadataRows(metadata: unknown): MetadataRow[] {
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) return [];
  const all = metadata as Record<string, unknown>;
  const rows: MetadataRow[] = [];
  for (const [key, known] of Object.entries(KNOWN)) {
    if (!(key in all)) continue;
    const value = known.format ? known.format(all[key], all) : genericValue(all[key]);
    if (value) rows.push({ key, label: known.label, value });
  }
  const rest = Object.keys(all)
    .filter((key) => !(key in KNOWN))
    .sort();
  for (const key of rest) {
    const value = genericValue(all[key]);
    if (value) rows.push({ key, label: humanizeKey(key), value });
  }
  return rows;
}
