import { useRef, useState } from "react";

import { previewImages, responsiveImage } from "@/lib/variants";
import { formatDuration, formatLoudness } from "@/utils/format";

import type { MediaDetail } from "../api/media-detail";
import { usePeaks } from "../api/peaks";
import { useReloadOnNewSources } from "../hooks/media-position";
import { loudness, songTitle } from "../lib/metadata";
import { audioSources, mediaType, peaksVariant } from "../lib/playback";

import { DownloadLinks } from "./download-links";
import { Waveform } from "./waveform";

/**
 * A song played: the browser's own <audio> controls over the renditions (the M4A first), and the
 * waveform above them to see and seek; its length and loudness; the renditions to download.
 */
export function AudioPlayer({ media, duration }: { media: MediaDetail; duration: number | null }) {
  const audio = useRef<HTMLAudioElement>(null);
  const sources = audioSources(media.variants);
  const peaks = usePeaks(media.id, peaksVariant(media.variants)?.url ?? null);
  const image = responsiveImage(previewImages("AUDIO", media.variants), 1280);
  const [time, setTime] = useState(0);
  // The element's own length once it knows it; the API's until then, so the slider works at once.
  const [length, setLength] = useState<number | null>(null);
  useReloadOnNewSources(audio, sources.map((s) => s.url).join(" "));
  const total = length ?? duration ?? Number.NaN;
  const title = songTitle(media.metadata);
  const lufs = loudness(media.metadata);

  const onSeek = (to: number) => {
    const element = audio.current;
    if (!element) return;
    element.currentTime = to;
    setTime(to); // at once, not at the next timeupdate
  };
  const onLength = () => {
    const seconds = audio.current?.duration;
    if (seconds !== undefined && Number.isFinite(seconds)) setLength(seconds);
  };

  return (
    <figure className="space-y-3">
      <Waveform
        peaks={peaks.data ?? null}
        image={peaks.isPending && peaks.fetchStatus !== "idle" ? null : image}
        time={time}
        duration={total}
        onSeek={onSeek}
        label={`Seek in ${media.filename}`}
      />
      {/* eslint-disable-next-line jsx-a11y-x/media-has-caption -- the pipeline makes no captions and uploads carry none */}
      <audio
        ref={audio}
        controls
        preload="metadata"
        aria-label={`Audio: ${media.filename}`}
        className="w-full"
        onTimeUpdate={(event) => setTime(event.currentTarget.currentTime)}
        onLoadedMetadata={onLength}
        onDurationChange={onLength}
      >
        {sources.map((source) => (
          <source key={source.url} src={source.url} type={mediaType(source.contentType, source.codecs)} />
        ))}
      </audio>
      <figcaption className="space-y-2 text-sm text-slate-600">
        {title ? <p className="font-medium text-slate-800">{title}</p> : null}
        <p className="flex flex-wrap gap-x-3">
          {duration !== null ? <span data-testid="duration">Duration {formatDuration(duration)}</span> : null}
          {lufs !== null ? <span data-testid="loudness">Loudness {formatLoudness(lufs)}</span> : null}
        </p>
        <DownloadLinks filename={media.filename} variants={sources} />
      </figcaption>
    </figure>
  );
}
