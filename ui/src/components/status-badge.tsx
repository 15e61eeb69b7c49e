import type { MediaStatus } from "@/gql/graphql";
import { INTERRUPTED_LABEL, statusLabel, statusTone, type Tone } from "@/lib/media-status";

const TONES: Record<Tone, string> = {
  neutral: "bg-slate-100 text-slate-700 ring-slate-300",
  progress: "bg-indigo-50 text-indigo-700 ring-indigo-200",
  success: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  warning: "bg-amber-50 text-amber-900 ring-amber-200",
  danger: "bg-red-50 text-red-800 ring-red-200",
};

/** `interrupted`: an upload whose file stopped arriving (see isInterrupted), shown as such. */
export function StatusBadge({ status, interrupted = false }: { status: MediaStatus; interrupted?: boolean }) {
  const tone = interrupted ? "warning" : statusTone(status);
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[tone]}`}
    >
      {interrupted ? INTERRUPTED_LABEL : statusLabel(status)}
    </span>
  );
}
