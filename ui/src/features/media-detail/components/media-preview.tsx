import { DurationBadge } from "@/components/duration-badge";
import { PreviewImage } from "@/components/preview-image";
import { Spinner } from "@/components/spinner";
import { isInterrupted } from "@/lib/media-status";
import { animatedVariant, playDuration, previewImages, responsiveImage, singleImage } from "@/lib/variants";

import type { MediaDetail } from "../api/media-detail";
import { songTitle } from "../lib/metadata";
import { audioSources, videoSources } from "../lib/playback";

import { AudioPlayer } from "./audio-player";
import { VideoPlayer } from "./video-player";

/**
 * The big picture: an image (animated when it is); a video or a song played from its renditions.
 * An item without renditions (processed before they were made, or a preset without them) shows
 * its pictures instead: a video's poster and short animated preview, a song's waveform.
 */
export function MediaPreview({ media }: { media: MediaDetail }) {
  const image = responsiveImage(previewImages(media.kind, media.variants), 1280);
  const moving = animatedVariant(media.kind, media.variants);
  const duration = playDuration(media.variants, media.metadata);
  const fallback = previewFallback(media);
  // Without an image (processing, rejected) a short placeholder box; with one, the image's own shape.
  const aspect = image ? `${image.width} / ${image.height}` : "3 / 1";
  const placeholder = { blurhash: media.blurhash ?? null, color: media.dominantColor };

  if (media.kind === "VIDEO") {
    const { stream, file } = videoSources(media.variants);
    if (stream || file) return <VideoPlayer key={media.id} media={media} duration={duration} />;
    return (
      <div className="space-y-4">
        <figure className="relative">
          <PreviewImage
            image={image}
            alt={`Poster of ${media.filename}`}
            {...placeholder}
            sizes="(min-width: 1024px) 640px, 100vw"
            fit="contain"
            loading="eager"
            className="max-h-[70vh] w-full rounded-xl"
            fallback={fallback}
            style={{ aspectRatio: aspect }}
          />
          {duration !== null ? <DurationBadge seconds={duration} className="absolute right-3 bottom-3" /> : null}
        </figure>
        {moving ? (
          <figure className="space-y-1">
            <PreviewImage
              image={responsiveImage(previewImages("VIDEO", media.variants), moving.width)}
              motion={singleImage(moving)}
              alt={`Animated preview of ${media.filename}`}
              {...placeholder}
              sizes={`${moving.width}px`}
              fit="contain"
              className="w-full max-w-80 rounded-lg"
              style={{ aspectRatio: `${moving.width} / ${moving.height}` }}
            />
            <figcaption className="text-sm text-slate-600">A few seconds from the poster on, without sound.</figcaption>
          </figure>
        ) : null}
      </div>
    );
  }

  if (media.kind === "AUDIO") {
    if (audioSources(media.variants).length > 0) {
      return <AudioPlayer key={media.id} media={media} duration={duration} />;
    }
    const title = songTitle(media.metadata);
    return (
      <figure className="space-y-2">
        <div className="relative">
          <PreviewImage
            image={image}
            alt={`Waveform of ${media.filename}`}
            {...placeholder}
            sizes="(min-width: 1024px) 640px, 100vw"
            fit="contain"
            loading="eager"
            className="w-full rounded-xl"
            fallback={fallback}
            style={{ aspectRatio: image ? aspect : "5 / 1" }}
          />
          {duration !== null ? <DurationBadge seconds={duration} className="absolute right-3 bottom-3" /> : null}
        </div>
        {title ? <figcaption className="font-medium text-slate-800">{title}</figcaption> : null}
      </figure>
    );
  }

  return (
    <PreviewImage
      image={image}
      motion={moving ? singleImage(moving) : null}
      alt={media.filename}
      {...placeholder}
      sizes="(min-width: 1024px) 640px, 100vw"
      fit="contain"
      loading="eager"
      className="max-h-[70vh] w-full rounded-xl"
      fallback={fallback}
      style={{ aspectRatio: aspect }}
    />
  );
}

/** What stands in for the picture while there is none: never "Processing" for a file that is not there. */
function previewFallback(media: MediaDetail) {
  if (media.status === "PROCESSING") return <Spinner label="Processing…" />;
  if (media.status === "AWAITING_UPLOAD") {
    return isInterrupted(media) ? <span>The file never arrived</span> : <Spinner label="Waiting for the upload…" />;
  }
  return <span>No preview available</span>;
}
