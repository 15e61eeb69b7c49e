import { Link } from "react-router";

import { Button, buttonClass } from "@/components/button";
import { PreviewImage } from "@/components/preview-image";
import { ProgressBar } from "@/components/progress-bar";
import { describeError, isApiCode, isRetryableCode } from "@/lib/errors";
import { previewImages, responsiveImage } from "@/lib/variants";
import { formatBytes, formatDuration, formatPercent } from "@/utils/format";

import { secondsLeft } from "../lib/transfer-rate";
import {
  isCancelable,
  isFinished,
  isPausable,
  isWaitingForSignIn,
  type UploadItem,
  type UploadPhase,
  uploadFraction,
} from "../lib/upload-state";

const PHASE_TEXT: Record<UploadPhase, string> = {
  invalid: "Not uploaded",
  queued: "Waiting to upload",
  creating: "Starting upload",
  uploading: "Uploading",
  paused: "Paused",
  processing: "Processing",
  ready: "Ready",
  rejected: "Rejected",
  failed: "Processing failed",
  error: "Upload failed",
  stalled: "Still processing",
  canceled: "Canceled",
};

const PHASE_COLOR: Partial<Record<UploadPhase, string>> = {
  ready: "text-emerald-700",
  rejected: "text-amber-800",
  invalid: "text-amber-800",
  failed: "text-red-700",
  error: "text-red-700",
};

export function phaseText(item: UploadItem): string {
  if (isWaitingForSignIn(item)) return "Waiting for you to sign in again";
  const fraction = uploadFraction(item);
  return (item.phase === "uploading" || item.phase === "paused") && fraction !== null
    ? `${PHASE_TEXT[item.phase]} ${formatPercent(fraction)}`
    : PHASE_TEXT[item.phase];
}

/** "12.0 MB of 40.0 MB · 3.1 MB/s · 0:09 left" while bytes move; speed and time once measured. */
export function transferText(item: UploadItem): string | null {
  if (item.phase !== "uploading" && item.phase !== "paused") return null;
  const parts = [`${formatBytes(item.loaded)} of ${formatBytes(item.file.size)}`];
  const speed = item.phase === "uploading" ? item.rate?.bytesPerSecond : null;
  const left = item.phase === "uploading" ? secondsLeft(item.rate, item.loaded, item.file.size) : null;
  if (speed) parts.push(`${formatBytes(speed)}/s`);
  if (left !== null) parts.push(`${formatDuration(left)} left`);
  return parts.join(" · ");
}

/** The sentence under a file that did not make it; the server's own words are kept as a detail. */
export function problemText(item: UploadItem): { sentence: string; detail: string | null } | null {
  if (!item.error) return null;
  if (item.phase === "invalid") return { sentence: item.error.message, detail: null };
  const sentence = describeError(item.error.code);
  // One sentence, not two: the browser's own messages ("Could not reach the server.") repeat ours.
  const serverWords = isApiCode(item.error.code) && item.error.message !== sentence;
  const detail = serverWords && item.error.message ? item.error.message : null;
  return { sentence, detail };
}

type UploadRowProps = {
  item: UploadItem;
  onCancel: () => void;
  onRetry: () => void;
  onDismiss: () => void;
  onPause: () => void;
  onResume: () => void;
};

export function UploadRow({ item, onCancel, onRetry, onDismiss, onPause, onResume }: UploadRowProps) {
  const fraction = uploadFraction(item);
  const showBar = !isFinished(item);
  const problem = problemText(item);
  const transfer = transferText(item);
  const name = item.file.name;
  const image =
    item.phase === "ready" && item.media
      ? responsiveImage(previewImages(item.media.kind, item.media.variants), 96)
      : null;

  return (
    <li className="flex gap-3 py-3" data-testid="upload-row" data-phase={item.phase}>
      <PreviewImage
        image={image}
        alt=""
        blurhash={item.media?.blurhash ?? null}
        color={item.media?.dominantColor ?? null}
        fit={item.media?.kind === "AUDIO" ? "contain" : "cover"}
        sizes="48px"
        className="size-12 shrink-0 rounded-md"
      />
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-baseline justify-between gap-x-3">
          <p className="min-w-0 truncate font-medium text-slate-900" title={name}>
            {name}
          </p>
          <p className={`text-sm ${PHASE_COLOR[item.phase] ?? "text-slate-600"}`}>
            {phaseText(item)}
            <span className="text-slate-500"> · {formatBytes(item.file.size)}</span>
          </p>
        </div>
        {showBar ? (
          <div className="mt-2">
            <ProgressBar value={item.phase === "processing" ? null : fraction} label={`${name}: ${phaseText(item)}`} />
          </div>
        ) : null}
        {transfer ? (
          <p className="mt-1 text-xs text-slate-500 tabular-nums" data-testid="upload-transfer">
            {transfer}
          </p>
        ) : null}
        {problem ? (
          <p className="mt-1 text-sm text-slate-700" data-testid="upload-problem">
            {problem.sentence}
            {problem.detail ? <span className="block text-xs break-words text-slate-500">{problem.detail}</span> : null}
          </p>
        ) : null}
        <div className="mt-2 flex flex-wrap gap-2">
          {isPausable(item) ? (
            <Button onClick={onPause} className="min-h-8 px-3 py-1" aria-label={`Pause upload of ${name}`}>
              Pause
            </Button>
          ) : null}
          {item.phase === "paused" ? (
            <Button onClick={onResume} className="min-h-8 px-3 py-1" aria-label={`Resume upload of ${name}`}>
              Resume
            </Button>
          ) : null}
          {isCancelable(item) ? (
            <Button onClick={onCancel} className="min-h-8 px-3 py-1" aria-label={`Cancel upload of ${name}`}>
              Cancel
            </Button>
          ) : null}
          {item.phase === "error" && isRetryableCode(item.error?.code) ? (
            <Button onClick={onRetry} className="min-h-8 px-3 py-1" aria-label={`Retry upload of ${name}`}>
              Retry
            </Button>
          ) : null}
          {item.mediaId && ["ready", "rejected", "failed", "stalled"].includes(item.phase) ? (
            <Link
              to={`/items/${item.mediaId}`}
              className={buttonClass("secondary", "min-h-8 px-3 py-1")}
              aria-label={`View ${name}`}
            >
              View
            </Link>
          ) : null}
          {isFinished(item) ? (
            <Button variant="ghost" onClick={onDismiss} className="min-h-8 px-3 py-1" aria-label={`Dismiss ${name}`}>
              Dismiss
            </Button>
          ) : null}
        </div>
      </div>
    </li>
  );
}
