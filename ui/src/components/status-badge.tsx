import type { MediaStatus } from "@/gql/graphql";
import { statusLabel, statusTone, type Tone } from "@/lib/media-status";

const TONES: Record<Tone, string> = {
  neutral: "bg-slate-100 text-slate-700 ring-slate-300",
  progress: "bg-indigo-50 text-indigo-700 ring-indigo-200",
  success: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  warning: "bg-amber-50 text-amber-900 ring-amber-200",
  danger: "bg-red-50 text-red-800 ring-red-200",
};

export function StatusBadge({ status }: { status: MediaStatus }) {
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[statusTone(status)]}`}
    >
      {statusLabel(status)}
    </span>
  );
}
