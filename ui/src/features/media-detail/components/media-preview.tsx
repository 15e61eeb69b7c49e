import { PreviewImage } from "@/components/preview-image";
import { Spinner } from "@/components/spinner";
import { mimeTypeOf, playableVariants, previewImages, responsiveImage } from "@/lib/variants";

import type { MediaDetail } from "../api/media-detail";

/** The big picture: the image itself, a video player with its poster, or a waveform with a player. */
export function MediaPreview({ media }: { media: MediaDetail }) {
  const images = previewImages(media.kind, media.variants);
  const image = responsiveImage(images, 1280);
  const playable = playableVariants(media.kind, media.variants);
  const waiting = media.status === "PROCESSING" || media.status === "AWAITING_UPLOAD";
  const fallback = waiting ? <Spinner label="Processing…" /> : <span>No preview available</span>;
  // Without an image (processing, rejected) a short placeholder box; with one, the image's own shape.
  const aspect = image ? `${image.width} / ${image.height}` : "3 / 1";

  if (media.kind === "VIDEO" && playable.length > 0) {
    return (
      <video
        controls
        preload="metadata"
        poster={image?.src}
        className="w-full rounded-xl bg-black"
        style={{ aspectRatio: aspect }}
      >
        {playable.map((v) => (
          <source key={v.url} src={v.url} type={mimeTypeOf(v.format)} />
        ))}
        Your browser can't play this video.
      </video>
    );
  }

  return (
    <div className="space-y-3">
      <PreviewImage
        image={image}
        alt={media.kind === "AUDIO" ? `Waveform of ${media.filename}` : media.filename}
        blurhash={media.blurhash ?? null}
        sizes="(min-width: 1024px) 640px, 100vw"
        fit="contain"
        loading="eager"
        className="max-h-[70vh] w-full rounded-xl"
        fallback={fallback}
        style={{ aspectRatio: aspect }}
      />
      {media.kind === "AUDIO" && playable.length > 0 ? (
        <audio controls preload="metadata" className="w-full">
          {playable.map((v) => (
            <source key={v.url} src={v.url} type={mimeTypeOf(v.format)} />
          ))}
          Your browser can't play this recording.
        </audio>
      ) : null}
    </div>
  );
}
