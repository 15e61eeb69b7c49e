import type { MediaKind, VariantRole } from "@/gql/graphql";

/** The Variant fields the helpers need; every operation that renders previews selects them. */
export type VariantLike = {
  name: string;
  /** What the output is for, as the API says (never guessed from `name`, which carries widths). */
  role: VariantRole;
  animated: boolean;
  format: string;
  width: number;
  height: number;
  bytes: number;
  url: string;
};

/** Which image format to show when a variant exists in several; every current browser renders these. */
const PREFERENCE = ["webp", "avif", "jpeg", "jpg", "png", "gif"];
/** Roles that are a still picture standing for an item: an image's, a video's poster, a song's waveform. */
const STILL_ROLES: readonly VariantRole[] = ["IMAGE", "POSTER", "WAVEFORM"];
const STILL_OF: Record<MediaKind, VariantRole> = { IMAGE: "IMAGE", VIDEO: "POSTER", AUDIO: "WAVEFORM" };

const isStill = (v: Pick<VariantLike, "role" | "animated">) => STILL_ROLES.includes(v.role) && !v.animated;

/**
 * The still images that stand for an item: an image's renditions, a video's poster, a song's waveform.
 * If an item has none of its own kind (a preset or processor change), any still picture will do.
 */
export function previewImages<V extends VariantLike>(kind: MediaKind, variants: readonly V[]): V[] {
  const exact = variants.filter((v) => v.role === STILL_OF[kind] && isStill(v));
  if (exact.length > 0) return exact;
  return variants.filter(isStill);
}

/** The moving picture of an item, if any: an animated image's animated IMAGE, a video's PREVIEW. */
export function animatedVariant<V extends VariantLike>(kind: MediaKind, variants: readonly V[]): V | null {
  const role: VariantRole | null = kind === "IMAGE" ? "IMAGE" : kind === "VIDEO" ? "PREVIEW" : null;
  return (role && variants.find((v) => v.role === role && v.animated)) || null;
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

/** A single variant as an <img> source (no srcset): for the animated outputs, made at one width. */
export function singleImage(variant: VariantLike): ResponsiveImage {
  return { src: variant.url, srcSet: `${variant.url} ${variant.width}w`, width: variant.width, height: variant.height };
}

/** `metadata.durationS`, the length the processors report for video and audio. */
export function durationSeconds(metadata: unknown): number | null {
  if (typeof metadata !== "object" || metadata === null) return null;
  const value = (metadata as Record<string, unknown>).durationS;
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** Roles a browser can play: the MP4, the HLS stream, a song's renditions. */
const PLAYABLE_ROLES: readonly VariantRole[] = ["VIDEO", "STREAM", "AUDIO"];

type Timed = { role: VariantRole; durationSeconds?: number | null };

/** Whether the item has something to play (items processed before renditions existed have none). */
export function isPlayable(variants: readonly Pick<VariantLike, "role">[]): boolean {
  return variants.some((v) => PLAYABLE_ROLES.includes(v.role));
}

/**
 * How long the item plays: its rendition's own length (what the player will show), else the
 * original's `metadata.durationS`, which is all an item from before renditions has.
 */
export function playDuration(variants: readonly Timed[], metadata: unknown): number | null {
  for (const role of PLAYABLE_ROLES) {
    const seconds = variants.find((v) => v.role === role && typeof v.durationSeconds === "number")?.durationSeconds;
    if (typeof seconds === "number" && Number.isFinite(seconds) && seconds >= 0) return seconds;
  }
  return durationSeconds(metadata);
}

const HEX_COLOR = /^#[0-9a-f]{6}$/i;

/** `Media.dominantColor` when it is the `#rrggbb` the API promises; anything else is ignored. */
export function placeholderColor(color: string | null | undefined): string | null {
  return color && HEX_COLOR.test(color) ? color : null;
}

/** The role whose output is the item itself, as a person would download it. */
const MAIN_OF: Record<MediaKind, VariantRole> = { IMAGE: "IMAGE", VIDEO: "VIDEO", AUDIO: "AUDIO" };

/**
 * The one output to download for an item: the largest still picture of a photo, a video's MP4, a
 * song's first audio rendition (the API lists M4A before Opus). Null when it has none yet.
 */
export function mainDownload<V extends VariantLike>(kind: MediaKind, variants: readonly V[]): V | null {
  const main = variants.filter((v) => v.role === MAIN_OF[kind] && !(kind === "IMAGE" && v.animated));
  if (main.length === 0) return null;
  return kind === "IMAGE"
    ? main.reduce((best, v) => (v.width * v.height > best.width * best.height ? v : best))
    : (main[0] ?? null);
}
