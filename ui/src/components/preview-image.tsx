import { isBlurhashValid } from "blurhash";
import { type CSSProperties, type ReactNode, useState } from "react";

import { placeholderColor, type ResponsiveImage } from "@/lib/variants";

import { BlurhashCanvas } from "./blurhash-canvas";

type PreviewImageProps = {
  image: ResponsiveImage | null;
  alt: string;
  blurhash: string | null;
  /** `Media.dominantColor` (#rrggbb): a flat placeholder when there is no BlurHash. */
  color?: string | null;
  /**
   * A moving version (an animated image, a video's preview) shown instead of `image` unless the
   * person asked their system for reduced motion; `image` stays the fallback.
   */
  motion?: ResponsiveImage | null;
  /** The `sizes` attribute: how wide the image shows, so the browser picks the right srcset entry. */
  sizes: string;
  /** "cover" crops to fill the box (gallery tiles); "contain" shows it whole (detail view). */
  fit?: "cover" | "contain";
  className?: string;
  /** Shown when there is no image at all (e.g. still processing, rejected, audio without waveform). */
  fallback?: ReactNode;
  loading?: "lazy" | "eager";
  style?: CSSProperties;
};

type Placeholder = "blurhash" | "color" | "tint";

/**
 * An image that fades in over a placeholder: the item's BlurHash, else its dominant colour, else a
 * neutral tint. `data-placeholder` tells which one is showing ("none" once the image has loaded).
 */
export function PreviewImage({
  image,
  alt,
  blurhash,
  color = null,
  motion = null,
  sizes,
  fit = "cover",
  className = "",
  fallback = null,
  loading = "lazy",
  style,
}: PreviewImageProps) {
  const [loadedSrc, setLoadedSrc] = useState<string | null>(null);
  const [failedSrc, setFailedSrc] = useState<string | null>(null);
  // Keyed by src, so a new image (e.g. a variant that appeared after processing) gets a fresh start.
  const loaded = image !== null && loadedSrc === image.src;
  const failed = image !== null && failedSrc === image.src;
  const objectFit = fit === "cover" ? "object-cover" : "object-contain";
  const hash = blurhash && isBlurhashValid(blurhash).result ? blurhash : null;
  const flat = placeholderColor(color);
  const placeholder: Placeholder = hash ? "blurhash" : flat ? "color" : "tint";

  const img = image ? (
    <img
      src={image.src}
      srcSet={image.srcSet}
      sizes={sizes}
      width={image.width}
      height={image.height}
      alt={alt}
      loading={loading}
      decoding="async"
      data-loaded={loaded ? "true" : "false"}
      onLoad={() => setLoadedSrc(image.src)}
      onError={() => setFailedSrc(image.src)}
      className={`absolute inset-0 size-full ${objectFit} transition-opacity duration-300 motion-reduce:transition-none ${loaded ? "opacity-100" : "opacity-0"}`}
    />
  ) : null;

  return (
    <div
      className={`relative overflow-hidden bg-slate-200 ${className}`}
      style={style}
      data-placeholder={loaded ? "none" : placeholder}
    >
      {flat && !hash && !loaded ? (
        <div aria-hidden="true" className="absolute inset-0" style={{ backgroundColor: flat }} />
      ) : null}
      {hash && !loaded ? <BlurhashCanvas hash={hash} className="absolute inset-0 size-full" /> : null}
      {img && !failed ? (
        motion ? (
          <picture>
            <source media="(prefers-reduced-motion: no-preference)" srcSet={motion.src} sizes={sizes} />
            {img}
          </picture>
        ) : (
          img
        )
      ) : (
        <div className="absolute inset-0 flex items-center justify-center p-2 text-center text-sm text-slate-600">
          {failed ? "Preview unavailable" : fallback}
        </div>
      )}
    </div>
  );
}
