import { type CSSProperties, type ReactNode, useState } from "react";

import type { ResponsiveImage } from "@/lib/variants";

import { BlurhashCanvas } from "./blurhash-canvas";

type PreviewImageProps = {
  image: ResponsiveImage | null;
  alt: string;
  blurhash: string | null;
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

/** An image over its BlurHash (or a neutral tint) that fades in once loaded. */
export function PreviewImage({
  image,
  alt,
  blurhash,
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

  return (
    <div className={`relative overflow-hidden bg-slate-200 ${className}`} style={style}>
      {blurhash && !loaded ? <BlurhashCanvas hash={blurhash} className="absolute inset-0 size-full" /> : null}
      {image && !failed ? (
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
      ) : (
        <div className="absolute inset-0 flex items-center justify-center p-2 text-center text-sm text-slate-600">
          {failed ? "Preview unavailable" : fallback}
        </div>
      )}
    </div>
  );
}
