import { formatDuration } from "@/utils/format";

/** The length of a video or song over the corner of its picture, read as "Duration 0:05". */
export function DurationBadge({ seconds, className = "" }: { seconds: number; className?: string }) {
  return (
    <span
      className={`rounded bg-black/75 px-1.5 py-0.5 text-xs font-medium text-white tabular-nums ${className}`}
      data-testid="duration"
    >
      <span className="sr-only">Duration </span>
      {formatDuration(seconds)}
    </span>
  );
}
