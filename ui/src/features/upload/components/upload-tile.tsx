import { Button } from "@/components/button";
import { ProgressBar } from "@/components/progress-bar";
import { describeError, isApiCode, isRetryableCode } from "@/lib/errors";
import { formatPercent } from "@/utils/format";

import { describeTransfer } from "../lib/transfer-rate";
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

/** What has gone of a file being sent, with its speed and time left while its bytes move. */
export function transferText(item: UploadItem): string | null {
  if (item.phase !== "uploading" && item.phase !== "paused") return null;
  return describeTransfer(item.loaded, item.file.size, item.phase === "uploading" ? item.rate?.bytesPerSecond : null);
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

/** Until its bytes are in storage a file is this session's own tile; then the gallery's tile shows
 * it (what the server says), so each file has one tile and one status at a time. */
const TILE_PHASES: readonly UploadPhase[] = [
  "invalid",
  "queued",
  "creating",
  "uploading",
  "paused",
  "error",
  "canceled",
];

export const hasTile = (item: UploadItem) => TILE_PHASES.includes(item.phase);

type UploadTileProps = {
  item: UploadItem;
  onCancel: () => void;
  onRetry: () => void;
  onDismiss: () => void;
  onPause: () => void;
  onResume: () => void;
};

const SMALL = "min-h-8 px-2.5 py-1 text-xs";

export function UploadTile({ item, onCancel, onRetry, onDismiss, onPause, onResume }: UploadTileProps) {
  const fraction = uploadFraction(item);
  const problem = problemText(item);
  const transfer = transferText(item);
  const name = item.file.name;

  return (
    <li className="min-w-0" data-testid="upload-tile" data-phase={item.phase}>
      <div className="relative">
        <LocalPreview file={item.file} contentType={item.contentType} />
        <span
          className={`absolute top-2 left-2 rounded-full bg-surface/90 px-2 py-0.5 text-xs font-medium shadow-sm ${PHASE_COLOR[item.phase] ?? "text-slate-700"}`}
        >
          {phaseText(item)}
        </span>
        {!isFinished(item) ? (
          <div className="absolute inset-x-2 bottom-2">
            <ProgressBar value={fraction} label={`${name}: ${phaseText(item)}`} />
          </div>
        ) : null}
      </div>
      <p className="mt-1.5 truncate text-sm text-slate-800" title={name}>
        {name}
      </p>
      {transfer ? (
        <p className="truncate text-xs text-slate-500 tabular-nums" data-testid="upload-transfer">
          {transfer}
        </p>
      ) : null}
      {problem ? (
        <p className="text-xs text-slate-700" data-testid="upload-problem">
          {problem.sentence}
          {problem.detail ? <span className="block break-words text-slate-500">{problem.detail}</span> : null}
        </p>
      ) : null}
      <div className="mt-1 flex flex-wrap gap-1.5">
        {isPausable(item) ? (
          <Button onClick={onPause} className={SMALL} aria-label={`Pause upload of ${name}`}>
            Pause
          </Button>
        ) : null}
        {item.phase === "paused" ? (
          <Button onClick={onResume} className={SMALL} aria-label={`Resume upload of ${name}`}>
            Resume
          </Button>
        ) : null}
        {isCancelable(item) ? (
          <Button onClick={onCancel} className={SMALL} aria-label={`Cancel upload of ${name}`}>
            Cancel
          </Button>
        ) : null}
        {item.phase === "error" && isRetryableCode(item.error?.code) ? (
          <Button onClick={onRetry} className={SMALL} aria-label={`Retry upload of ${name}`}>
            Retry
          </Button>
        ) : null}
        {isFinished(item) ? (
          <Button variant="ghost" onClick={onDismiss} className={SMALL} aria-label={`Dismiss ${name}`}>
            Dismiss
          </Button>
        ) : null}
      </div>
    </li>
  );
}

// One object URL per picked file for the page's life: it points at the File the queue holds anyway
// (no copy of the bytes), and a tile that mounts again (a filter change) reuses it.
const OBJECT_URLS = new WeakMap<File, string>();

function objectUrl(file: File): string {
  let url = OBJECT_URLS.get(file);
  if (url === undefined) {
    url = URL.createObjectURL(file);
    OBJECT_URLS.set(file, url);
  }
  return url;
}

/** The picked file itself, before the server has made anything of it: a photo or a video's first frame. */
function LocalPreview({ file, contentType }: { file: File; contentType: string }) {
  const kind = contentType.split("/")[0];
  const url = kind === "image" || kind === "video" ? objectUrl(file) : null;
  const frame = "aspect-square w-full rounded-xl bg-slate-100 object-cover ring-1 ring-slate-200";
  if (url && kind === "image") return <img src={url} alt="" className={frame} data-testid="local-preview" />;
  if (url && kind === "video") return <video src={url} muted preload="metadata" className={frame} aria-hidden="true" />;
  return (
    <div className={`${frame} flex items-center justify-center text-xs text-slate-500`}>
      {kind === "audio" ? "Audio" : "File"}
    </div>
  );
}
