import { Link } from "react-router";

import { DurationBadge } from "@/components/duration-badge";
import { PreviewImage } from "@/components/preview-image";
import { StatusBadge } from "@/components/status-badge";
import { describeError } from "@/lib/errors";
import { isInterrupted } from "@/lib/media-status";
import { isPlayable, playDuration, previewImages, responsiveImage } from "@/lib/variants";

import type { GalleryItem } from "../api/media-list";

import { PlayBadge } from "./play-badge";

const KIND_LABEL = { IMAGE: "Photo", VIDEO: "Video", AUDIO: "Audio" } as const;

type MediaCardProps = { item: GalleryItem; selected: boolean; onSelect: (selected: boolean) => void };

export function MediaCard({ item, selected, onSelect }: MediaCardProps) {
  // A video's tile is its poster, a song's its waveform (shown whole: a crop would cut the track short).
  const image = responsiveImage(previewImages(item.kind, item.variants), 320);
  const duration = playDuration(item.variants, item.metadata);
  // Only what the detail page can play: an item from before renditions were made has none.
  const playable = item.kind !== "IMAGE" && item.status === "READY" && isPlayable(item.variants);
  const fallback = item.status === "READY" ? KIND_LABEL[item.kind] : item.error ? describeError(item.error.code) : null;

  return (
    <li className="group/card relative">
      <Link
        to={`/items/${item.id}`}
        className="group block rounded-xl focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        data-testid="media-card"
        data-status={item.status}
      >
        <div className="relative">
          <PreviewImage
            image={image}
            alt=""
            blurhash={item.blurhash ?? null}
            color={item.dominantColor}
            fit={item.kind === "AUDIO" ? "contain" : "cover"}
            sizes="(min-width: 1024px) 240px, (min-width: 640px) 33vw, 50vw"
            className="aspect-square rounded-xl ring-1 ring-slate-200 group-hover:ring-indigo-300"
            fallback={<span className="text-xs">{fallback}</span>}
          />
          {item.status !== "READY" ? (
            <span className="absolute top-2 left-2">
              <StatusBadge status={item.status} interrupted={isInterrupted(item)} />
            </span>
          ) : null}
          {playable ? <PlayBadge /> : null}
          {duration !== null ? <DurationBadge seconds={duration} className="absolute right-2 bottom-2" /> : null}
        </div>
        <p className="mt-1.5 truncate text-sm text-slate-800" title={item.filename}>
          <span className="sr-only">{KIND_LABEL[item.kind]}: </span>
          {item.filename}
        </p>
        {item.tags.length > 0 ? (
          <p className="truncate text-xs text-slate-500">
            <span className="sr-only">Tags: </span>
            {item.tags.join(", ")}
          </p>
        ) : null}
      </Link>
      {/* Beside the link, not in it: a control inside a link is no control to a screen reader. */}
      <label
        className={`absolute top-1.5 right-1.5 flex size-9 cursor-pointer items-center justify-center rounded-lg bg-surface/85 shadow-sm ring-1 ring-slate-300 ${selected ? "" : "sm:opacity-0 sm:group-hover/card:opacity-100 sm:focus-within:opacity-100"}`}
      >
        <input
          type="checkbox"
          checked={selected}
          onChange={(event) => onSelect(event.target.checked)}
          className="size-5 accent-indigo-600"
          aria-label={`Select ${item.filename}`}
          data-testid="select-item"
        />
      </label>
    </li>
  );
}
