import { useRef } from "react";

import { previewImages, responsiveImage } from "@/lib/variants";
import { formatDuration } from "@/utils/format";

import type { MediaDetail } from "../api/media-detail";
import { useVideoPlayback } from "../hooks/use-video-playback";
import { videoSources } from "../lib/playback";

import { DownloadLinks } from "./download-links";

/**
 * A video item played: the stream (through hls.js where it is needed) or the MP4, under the largest
 * poster; the MP4 to download. Mount it keyed by the item, so nothing of one item's playback (its
 * place, its hls.js instance) carries over to the next.
 */
export function VideoPlayer({ media, duration }: { media: MediaDetail; duration: number | null }) {
  const ref = useRef<HTMLVideoElement>(null);
  const { stream, file } = videoSources(media.variants);
  const playback = useVideoPlayback(ref, stream?.url ?? null, file?.url ?? null);
  // The largest still: shown at the player's full width, and only once.
  const poster = responsiveImage(previewImages("VIDEO", media.variants), Number.POSITIVE_INFINITY);
  const shape = file ?? poster;
  const aspect = shape && shape.width > 0 && shape.height > 0 ? `${shape.width} / ${shape.height}` : "16 / 9";

  return (
    <figure className="space-y-2">
      {/* eslint-disable-next-line jsx-a11y-x/media-has-caption -- the pipeline makes no captions and uploads carry none */}
      <video
        ref={ref}
        controls
        playsInline
        preload="metadata"
        poster={poster?.src}
        aria-label={`Video: ${media.filename}`}
        data-engine={playback.engine ?? ""}
        className="max-h-[70vh] w-full rounded-xl bg-black"
        style={{ aspectRatio: aspect }}
      />
      {playback.failed ? (
        <p role="alert" className="text-sm text-red-700">
          This browser can't play the video. Download the MP4 to watch it.
        </p>
      ) : null}
      <figcaption className="flex flex-wrap items-center justify-between gap-2 text-sm text-slate-600">
        {duration !== null ? <span data-testid="duration">Duration {formatDuration(duration)}</span> : <span />}
        <DownloadLinks filename={media.filename} variants={file ? [file] : []} />
      </figcaption>
    </figure>
  );
}
