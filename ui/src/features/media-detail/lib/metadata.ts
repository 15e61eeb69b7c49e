import { formatCaptureTime, formatDuration, formatLoudness } from "@/utils/format";

/**
 * `Media.metadata` as labelled, formatted rows. The keys are the ones the processors write
 * (docs/media.md, "Metadata and placeholders"); any other key is still shown, generically, so new
 * processor output appears without a UI change.
 */
export type MetadataGroup = "Details" | "Capture" | "Tags" | "Processing" | "More";
export type MetadataRow = { key: string; label: string; value: string; group: MetadataGroup };

export const GROUPS: readonly MetadataGroup[] = ["Details", "Capture", "Tags", "Processing", "More"];

type Facts = Record<string, unknown>;
type Known = { label: string; group: MetadataGroup; format?: (value: unknown, all: Facts) => string | null };

const num = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : null);
const str = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value.trim() : null);
const yesNo = (value: unknown) => (value === true ? "Yes" : value === false ? "No" : null);
/** 29.97 stays 29.97, 25.0 reads 25, 44.1 reads 44.1. */
const decimal = (value: number, digits = 2) => String(Number(value.toFixed(digits)));

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

/** Container and image formats as people know them (FFmpeg and Pillow names in, brand names out). */
const FORMAT_NAMES: Record<string, string> = {
  jpeg: "JPEG",
  png: "PNG",
  gif: "GIF",
  webp: "WebP",
  avif: "AVIF",
  heif: "HEIF",
  tiff: "TIFF",
  bmp: "BMP",
  mp4: "MP4",
  mov: "QuickTime (MOV)",
  matroska: "WebM",
  webm: "WebM",
  mp3: "MP3",
  wav: "WAV",
  flac: "FLAC",
  ogg: "Ogg",
  aac: "AAC",
};

/** FFmpeg codec names as people know them. */
const CODEC_NAMES: Record<string, string> = {
  h264: "H.264",
  hevc: "HEVC (H.265)",
  vp8: "VP8",
  vp9: "VP9",
  av1: "AV1",
  mpeg4: "MPEG-4 Part 2",
  prores: "ProRes",
  aac: "AAC",
  mp3: "MP3",
  flac: "FLAC",
  vorbis: "Vorbis",
  opus: "Opus",
  alac: "ALAC",
  pcm_s16le: "PCM, 16-bit",
  pcm_s24le: "PCM, 24-bit",
  pcm_s32le: "PCM, 32-bit",
  pcm_f32le: "PCM, 32-bit float",
  pcm_u8: "PCM, 8-bit",
};

const TAG_LABELS: Record<string, string> = {
  title: "Title",
  artist: "Artist",
  album: "Album",
  album_artist: "Album artist",
  date: "Date",
  genre: "Genre",
  track: "Track",
  composer: "Composer",
  comment: "Comment",
};

function formatName(value: unknown): string | null {
  const name = str(value)?.toLowerCase();
  return name ? (FORMAT_NAMES[name] ?? name.toUpperCase()) : null;
}

function codecName(value: unknown): string | null {
  const name = str(value)?.toLowerCase();
  return name ? (CODEC_NAMES[name] ?? name.toUpperCase()) : null;
}

function bitrate(value: unknown): string | null {
  const bits = num(value);
  if (bits === null) return null;
  return bits >= 1_000_000 ? `${decimal(bits / 1_000_000, 1)} Mbit/s` : `${Math.round(bits / 1000)} kbit/s`;
}

function channels(value: unknown, all: Facts): string | null {
  const count = num(value);
  const layout = str(all.channelLayout);
  if (count === 1) return "Mono";
  if (count === 2) return "Stereo";
  if (count === null) return layout;
  return layout ? `${layout} (${count} channels)` : `${count} channels`;
}

/** "10 frames, 4.2 s, plays 3 times": the animation facts of an animated GIF, WebP or APNG. */
function animation(value: unknown, all: Facts): string | null {
  if (value !== true) return null;
  const parts: string[] = [];
  const frames = num(all.frames);
  const ms = num(all.durationMs);
  const loop = num(all.loop);
  if (frames !== null) parts.push(`${frames} frames`);
  if (ms !== null) parts.push(`${decimal(ms / 1000, 1)} s`);
  if (loop === 0) parts.push("loops forever");
  else if (loop === 1) parts.push("plays once");
  else if (loop !== null) parts.push(`plays ${loop} times`);
  return parts.length > 0 ? `Yes: ${parts.join(", ")}` : "Yes";
}

/** Make and model, without repeating the make most models already start with ("Canon Canon EOS 5D"). */
function camera(_: unknown, all: Facts): string | null {
  const make = str(all.cameraMake);
  const model = str(all.cameraModel);
  if (make && model) return model.toLowerCase().startsWith(make.toLowerCase()) ? model : `${make} ${model}`;
  return make ?? model;
}

function place(value: unknown): string | null {
  if (typeof value !== "object" || value === null) return null;
  const { latitude, longitude, altitude } = value as Facts;
  const lat = num(latitude);
  const lon = num(longitude);
  if (lat === null || lon === null) return null;
  const alt = num(altitude);
  const where = `${lat.toFixed(5)}, ${lon.toFixed(5)}`;
  return alt === null ? where : `${where} (altitude ${decimal(alt, 1)} m)`;
}

/** Keys in the order they are shown; a `null` from `format` hides the row (folded into another one). */
const KNOWN: Record<string, Known> = {
  width: {
    label: "Dimensions",
    group: "Details",
    format: (_, all) => {
      const w = num(all.width);
      const h = num(all.height);
      return w !== null && h !== null ? `${w} × ${h} px` : w !== null ? `${w} px wide` : null;
    },
  },
  height: {
    label: "Height",
    group: "Details",
    format: (value, all) => (num(all.width) === null && num(value) !== null ? `${num(value)} px` : null),
  },
  durationS: {
    label: "Duration",
    group: "Details",
    format: (value) => (num(value) === null ? null : formatDuration(num(value) ?? 0)),
  },
  format: { label: "Format", group: "Details", format: formatName },
  videoCodec: { label: "Video codec", group: "Details", format: codecName },
  frameRate: {
    label: "Frame rate",
    group: "Details",
    format: (value) => (num(value) === null ? null : `${decimal(num(value) ?? 0)} fps`),
  },
  rotation: {
    label: "Rotation",
    group: "Details",
    format: (value) => (num(value) ? `Turned ${num(value)}° clockwise to stand upright` : null),
  },
  hasAudio: {
    label: "Sound",
    group: "Details",
    format: (value) => (value === true ? "Yes" : value === false ? "None" : null),
  },
  audioCodec: { label: "Audio codec", group: "Details", format: codecName },
  codec: { label: "Codec", group: "Details", format: codecName },
  sampleRate: {
    label: "Sample rate",
    group: "Details",
    format: (value) => (num(value) === null ? null : `${decimal((num(value) ?? 0) / 1000, 1)} kHz`),
  },
  channels: { label: "Channels", group: "Details", format: channels },
  channelLayout: {
    label: "Channel layout",
    group: "Details",
    format: (value, all) => ("channels" in all ? null : str(value)),
  },
  bitrate: { label: "Bit rate", group: "Details", format: bitrate },
  loudnessLufs: {
    label: "Loudness",
    group: "Details",
    format: (value) => (num(value) === null ? null : formatLoudness(num(value) ?? 0)),
  },
  // EBU R 128's loudness range: how far the loud and quiet parts lie apart, in LU.
  loudnessRangeLu: {
    label: "Loudness range",
    group: "Details",
    format: (value) => (num(value) === null ? null : `${decimal(num(value) ?? 0, 1)} LU`),
  },
  posterAtS: {
    label: "Poster frame",
    group: "Details",
    format: (value) => (num(value) === null ? null : `At ${decimal(num(value) ?? 0, 1)} s`),
  },
  animated: { label: "Animated", group: "Details", format: animation },
  pages: {
    label: "Pages",
    group: "Details",
    format: (value) => (num(value) === null ? null : `${num(value)} (the first is shown)`),
  },
  hasAlpha: { label: "Transparency", group: "Details", format: yesNo },
  colorProfile: {
    label: "Colour profile",
    group: "Details",
    format: (value) => (value === "embedded" ? "Embedded, kept in the outputs" : str(value)),
  },
  orientation: {
    label: "EXIF orientation",
    group: "Details",
    format: (value) => {
      const n = num(value);
      return n === null ? null : (ORIENTATION[n] ?? String(n));
    },
  },
  cameraMake: { label: "Camera", group: "Capture", format: camera },
  cameraModel: { label: "Camera", group: "Capture", format: (value, all) => (str(all.cameraMake) ? null : str(value)) },
  lens: { label: "Lens", group: "Capture", format: str },
  capturedAt: {
    label: "Taken",
    group: "Capture",
    format: (value) => {
      const text = str(value);
      return text ? formatCaptureTime(text) : null;
    },
  },
  location: { label: "Location", group: "Capture", format: place },
  hasLocation: {
    label: "Location",
    group: "Capture",
    format: (value, all) => {
      if (place(all.location)) return null;
      if (value === true) return "Recorded in the original; removed from every variant";
      return value === false ? "Not recorded" : null;
    },
  },
  copyright: { label: "Copyright", group: "Capture", format: str },
  detectedType: { label: "Detected type", group: "Processing", format: str },
  preset: { label: "Preset", group: "Processing", format: str },
  presetFingerprint: { label: "Preset fingerprint", group: "Processing", format: str },
  sourceEtag: { label: "Original's ETag", group: "Processing", format: str },
  // Folded into the rows above.
  frames: {
    label: "Frames",
    group: "Details",
    format: (value, all) => (all.animated === true || num(value) === null ? null : String(num(value))),
  },
  durationMs: { label: "Animation length", group: "Details", format: () => null },
  loop: { label: "Loop", group: "Details", format: () => null },
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

function asFacts(metadata: unknown): Facts | null {
  return typeof metadata === "object" && metadata !== null && !Array.isArray(metadata) ? (metadata as Facts) : null;
}

/** An audio file's text tags (title, artist, album, ...), as rows of their own. */
function tagRows(tags: unknown): MetadataRow[] {
  const all = asFacts(tags);
  if (!all) return [];
  const known = Object.keys(TAG_LABELS).filter((key) => key in all);
  const rest = Object.keys(all)
    .filter((key) => !(key in TAG_LABELS))
    .sort();
  return [...known, ...rest].flatMap((key) => {
    const value = genericValue(all[key]);
    return value
      ? [{ key: `tags.${key}`, label: TAG_LABELS[key] ?? humanizeKey(key), value, group: "Tags" as const }]
      : [];
  });
}

/** The rows of the metadata panel, grouped (GROUPS order), known keys in a sensible order, then the rest by name. */
export function metadataRows(metadata: unknown): MetadataRow[] {
  const all = asFacts(metadata);
  if (!all) return [];
  const rows: MetadataRow[] = [];
  for (const [key, known] of Object.entries(KNOWN)) {
    if (!(key in all)) continue;
    const value = known.format ? known.format(all[key], all) : genericValue(all[key]);
    if (value) rows.push({ key, label: known.label, value, group: known.group });
  }
  rows.push(...tagRows(all.tags));
  const rest = Object.keys(all)
    .filter((key) => !(key in KNOWN) && key !== "tags")
    .sort();
  for (const key of rest) {
    const value = genericValue(all[key]);
    if (value) rows.push({ key, label: humanizeKey(key), value, group: "More" });
  }
  return GROUPS.flatMap((group) => rows.filter((row) => row.group === group));
}

/** "Title — Artist" from an audio file's tags, or just one of them, or null. */
export function songTitle(metadata: unknown): string | null {
  const tags = asFacts(asFacts(metadata)?.tags);
  if (!tags) return null;
  const parts = [str(tags.title), str(tags.artist)].filter((part): part is string => part !== null);
  return parts.length > 0 ? parts.join(" — ") : null;
}

/** `metadata.loudnessLufs`: a song's integrated loudness (EBU R 128), when the processor measured it. */
export function loudness(metadata: unknown): number | null {
  return num(asFacts(metadata)?.loudnessLufs);
}
