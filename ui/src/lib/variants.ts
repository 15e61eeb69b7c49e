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

/**
 * What a variant is for, from its name (docs/media.md, "Outputs"). Every output is an image:
 * - `still`: an image's rendition, `w{width}` (named after the real width when the source is narrower)
 * - `animated`: an animated GIF/WebP/APNG as animated WebP
 * - `poster`: a video's poster frame, `poster-w{width}`
 * - `preview`: a video's few seconds as animated WebP
 * - `waveform`: a song's peak levels as a PNG
 * There is no playable video or audio: the pipeline does not transcode and originals stay private.
 */
export type VariantRole = "still" | "animated" | "poster" | "preview" | "waveform" | "other";

/** Which image format to show when a variant exists in several; every current browser renders these. */
const PREFERENCE = ["webp", "avif", "jpeg", "jpg", "png", "gif"];
/** Roles that are a single still picture, usable as a thumbnail. */
const STILL_ROLES: readonly VariantRole[] = ["still", "poster", "waveform"];

export function variantRole(variant: Pick<VariantLike, "name">): VariantRole {
  const name = variant.name.toLowerCase();
  if (/^w\d+$/.test(name)) return "still";
  if (/^poster-w\d+$/.test(name)) return "poster";
  if (name === "animated" || name === "preview" || name === "waveform") return name;
  return "other";
}

const STILL_OF: Record<MediaKind, VariantRole> = { IMAGE: "still", VIDEO: "poster", AUDIO: "waveform" };

/**
 * The still images that stand for an item: an image's renditions, a video's poster, a song's waveform.
 * If an item has none of its own kind (a preset or processor change), any still picture will do.
 */
export function previewImages<V extends VariantLike>(kind: MediaKind, variants: readonly V[]): V[] {
  const exact = variants.filter((v) => variantRole(v) === STILL_OF[kind]);
  if (exact.length > 0) return exact;
  return variants.filter((v) => STILL_ROLES.includes(variantRole(v)));
}

/** The moving picture of an item, if any: an animated image's `animated`, a video's `preview`. */
export function animatedVariant<V extends VariantLike>(kind: MediaKind, variants: readonly V[]): V | null {
  const role: VariantRole | null = kind === "IMAGE" ? "animated" : kind === "VIDEO" ? "preview" : null;
  return (role && variants.find((v) => variantRole(v) === role)) || null;
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

const HEX_COLOR = /^#[0-9a-f]{6}$/i;

/** `Media.dominantColor` when it is the `#rrggbb` the API promises; anything else is ignored. */
export function placeholderColor(color: string | null | undefined): string | null {
  return color && HEX_COLOR.test(color) ? color : null;
}
