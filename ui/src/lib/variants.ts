import type { MediaKind } from "@/gql/graphql";

/** The Variant fields the helpers need; every operation that renders previews selects them. */
export type VariantLike = {
  name: string;
  format: string;
  width: number;
  height: number;
  bytes: number;
  url: string;
};

export type VariantRole = "poster" | "waveform" | "image" | "video" | "audio" | "other";

const IMAGE_FORMATS = ["webp", "avif", "jpeg", "jpg", "png", "gif"];
const VIDEO_FORMATS = ["mp4", "webm", "mov", "m4v"];
const AUDIO_FORMATS = ["mp3", "m4a", "aac", "ogg", "oga", "opus", "wav", "flac"];
/** Which image format to show when a variant exists in several; every current browser renders these. */
const PREFERENCE = ["webp", "avif", "jpeg", "jpg", "png", "gif"];

const MIME: Record<string, string> = {
  webp: "image/webp",
  avif: "image/avif",
  jpeg: "image/jpeg",
  jpg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  mp4: "video/mp4",
  m4v: "video/mp4",
  mov: "video/quicktime",
  webm: "video/webm",
  mp3: "audio/mpeg",
  m4a: "audio/mp4",
  aac: "audio/aac",
  ogg: "audio/ogg",
  oga: "audio/ogg",
  opus: "audio/ogg",
  wav: "audio/wav",
  flac: "audio/flac",
};

export function mimeTypeOf(format: string): string | undefined {
  return MIME[format.toLowerCase()];
}

export function variantRole(variant: Pick<VariantLike, "name" | "format">): VariantRole {
  const name = variant.name.toLowerCase();
  const format = variant.format.toLowerCase();
  if (IMAGE_FORMATS.includes(format)) {
    if (name.startsWith("poster")) return "poster";
    if (name.startsWith("waveform")) return "waveform";
    return "image";
  }
  if (VIDEO_FORMATS.includes(format)) return "video";
  if (AUDIO_FORMATS.includes(format)) return "audio";
  return "other";
}

/** The still images that stand for an item: its renditions, a video's poster, a song's waveform. */
export function previewImages<V extends VariantLike>(kind: MediaKind, variants: readonly V[]): V[] {
  const wanted: VariantRole = kind === "VIDEO" ? "poster" : kind === "AUDIO" ? "waveform" : "image";
  const exact = variants.filter((v) => variantRole(v) === wanted);
  if (exact.length > 0) return exact;
  return variants.filter((v) => ["image", "poster", "waveform"].includes(variantRole(v)));
}

export type ResponsiveImage = { src: string; srcSet: string; width: number; height: number };

/**
 * One <img> source set from the preferred format: `srcSet` lists every width, `src` is the smallest one
 * at least `targetWidth` wide (or the largest), so browsers without srcset still get a fitting image.
 */
export function responsiveImage(images: readonly VariantLike[], targetWidth: number): ResponsiveImage | null {
  const format = PREFERENCE.find((f) => images.some((v) => v.format.toLowerCase() === f));
  if (!format) return null;
  const sorted = images.filter((v) => v.format.toLowerCase() === format).sort((a, b) => a.width - b.width);
  const chosen = sorted.find((v) => v.width >= targetWidth) ?? sorted[sorted.length - 1];
  if (!chosen) return null;
  return {
    src: chosen.url,
    srcSet: sorted.map((v) => `${v.url} ${v.width}w`).join(", "),
    width: chosen.width,
    height: chosen.height,
  };
}

export function playableVariants<V extends VariantLike>(kind: MediaKind, variants: readonly V[]): V[] {
  const role: VariantRole | null = kind === "VIDEO" ? "video" : kind === "AUDIO" ? "audio" : null;
  return role ? variants.filter((v) => variantRole(v) === role) : [];
}

/** `metadata.durationSeconds` when the processor reported it (video and audio). */
export function durationSeconds(metadata: unknown): number | null {
  if (typeof metadata !== "object" || metadata === null) return null;
  const value = (metadata as Record<string, unknown>).durationSeconds;
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}
