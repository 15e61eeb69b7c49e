import type { MediaDetail } from "../api/media-detail";
import { formatDateTime } from "@/utils/format";

type HistoryEntry = MediaDetail["history"][number];

/** "+0.42 s" under a minute, "+3 min 5 s" beyond: how long after the event before. */
export function formatGap(ms: number): string {
  if (ms < 60_000) return `+${(ms / 1000).toFixed(2)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `+${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** The item's life, oldest first (the API's order): each event with the time since the one before,
 * and the whole span at the end, so "where did the time go" is answered at a glance. */
export function HistoryTimeline({ history }: { history: readonly HistoryEntry[] }) {
  if (history.length === 0) return <p className="text-sm text-slate-600">No history recorded.</p>;
  const times = history.map((entry) => new Date(entry.at).getTime());
  const first = times[0] ?? 0;
  const last = times[times.length - 1] ?? first;
  return (
    <div className="space-y-2">
      <ol className="space-y-2 border-l border-slate-200 pl-4" aria-label="History">
        {history.map((entry, index) => {
          const previous = index > 0 ? times[index - 1] : undefined;
          const at = times[index] ?? first;
          return (
            <li key={`${entry.at}-${index}`} className="text-sm" data-testid="history-entry">
              <p className="text-slate-900">
                <span className="font-medium">{entry.note}</span>
                {entry.code ? <span className="ml-2 font-mono text-xs text-red-700">{entry.code}</span> : null}
              </p>
              <p className="text-slate-600">
                {entry.status} · attempt {entry.attempt} ·{" "}
                {previous === undefined ? (
                  <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                ) : (
                  <time dateTime={entry.at}>{formatGap(at - previous)}</time>
                )}
              </p>
            </li>
          );
        })}
      </ol>
      <p className="text-sm text-slate-600">Total {formatGap(last - first).slice(1)}</p>
    </div>
  );
}
