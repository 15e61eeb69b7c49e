import { Link } from "react-router";

import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { Spinner } from "@/components/spinner";
import type { AuditAction } from "@/gql/graphql";
import { describeError } from "@/lib/errors";
import { errorCodeOf } from "@/lib/graphql-client";
import { formatDateTime } from "@/utils/format";

import { type ActivityEntry, activityEntries, useAuditLog } from "../api/audit-log";

const ACTION_LABELS: Record<AuditAction, string> = {
  DELETE: "Deleted",
  RETRY: "Retried",
  REPROCESS: "Reprocessed with a preset",
  REDRIVE: "Put back for processing by an operator",
};

/** One line per entry: when, what, which item (a link while it may still exist), who, and detail. */
export function ActivityList({ entries }: { entries: ActivityEntry[] }) {
  return (
    <ol className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-surface" aria-label="Activity">
      {entries.map((entry) => (
        <li key={`${entry.at}-${entry.action}-${entry.mediaId}`} className="flex flex-wrap gap-x-3 gap-y-1 p-3 text-sm">
          <time dateTime={entry.at} className="text-slate-500">
            {formatDateTime(entry.at)}
          </time>
          <span className="font-medium text-slate-900">{ACTION_LABELS[entry.action]}</span>
          {entry.action === "DELETE" ? (
            <span className="font-mono text-slate-700">{entry.detail ?? entry.mediaId}</span>
          ) : (
            <Link to={`/items/${entry.mediaId}`} className="font-mono text-indigo-700 underline">
              {entry.mediaId}
            </Link>
          )}
          {entry.action !== "DELETE" && entry.detail ? <span className="text-slate-600">{entry.detail}</span> : null}
          <span className="text-slate-500">by {entry.who}</span>
        </li>
      ))}
    </ol>
  );
}

/** The audit log of the signed-in person, with "Load more" paging. */
export function Activity() {
  const log = useAuditLog();
  const entries = activityEntries(log.data);
  return (
    <section aria-labelledby="activity-heading" className="space-y-4">
      <h1 id="activity-heading" className="text-lg font-semibold">
        Activity
      </h1>
      <p className="text-sm text-slate-600">Deletes, retries and redrives of your items: who, what and when.</p>
      {log.isPending ? <Spinner label="Loading your activity" /> : null}
      {log.isError ? (
        <Alert
          title={describeError(errorCodeOf(log.error))}
          action={<Button onClick={() => void log.refetch()}>Try again</Button>}
        />
      ) : null}
      {log.isSuccess && entries.length === 0 ? (
        <Alert tone="info" title="Nothing has been deleted or retried yet." />
      ) : null}
      {entries.length > 0 ? <ActivityList entries={entries} /> : null}
      {log.hasNextPage ? (
        <div className="flex justify-center">
          <Button
            onClick={() => void log.fetchNextPage()}
            disabled={log.isFetchingNextPage}
            aria-busy={log.isFetchingNextPage}
          >
            {log.isFetchingNextPage ? "Loading…" : "Load more"}
          </Button>
        </div>
      ) : null}
    </section>
  );
}
