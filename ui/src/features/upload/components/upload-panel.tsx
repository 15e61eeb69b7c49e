import type { ReactNode } from "react";

import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { ProgressBar } from "@/components/progress-bar";
import { Spinner } from "@/components/spinner";
import { describeError } from "@/lib/errors";
import { errorCodeOf } from "@/lib/graphql-client";

import { useUploadPolicy } from "../api/upload-policy";
import { useUploadQueue } from "../hooks/upload-queue-context";
import { describeTransfer } from "../lib/transfer-rate";
import { overallProgress, summarize } from "../lib/upload-state";

import { UploadDropzone } from "./upload-dropzone";
import { hasTile, UploadTile } from "./upload-tile";

/** Drop zone plus a summary of this session's uploads (each file is a tile in the gallery). */
export function UploadPanel() {
  const policy = useUploadPolicy();
  const { queue, state } = useUploadQueue();
  const summary = summarize(state);
  const overall = overallProgress(state);

  return (
    <div className="space-y-4">
      {policy.isPending ? <Spinner label="Loading upload rules" /> : null}
      {policy.isError ? (
        <Alert
          tone="warning"
          title="Couldn't load the upload rules; files will be checked by the server instead."
          action={<Button onClick={() => void policy.refetch()}>Try again</Button>}
        >
          {describeError(errorCodeOf(policy.error))}
        </Alert>
      ) : null}
      <UploadDropzone policy={policy.data ?? null} onFiles={(files) => queue.addFiles(files, policy.data ?? null)} />

      {state.items.length > 0 ? (
        <section
          aria-labelledby="uploads-heading"
          className="flex flex-wrap items-center gap-x-4 gap-y-2 rounded-xl border border-slate-200 bg-surface px-4 py-3"
        >
          <h2 id="uploads-heading" className="font-semibold">
            Uploads
          </h2>
          <p role="status" className="text-sm text-slate-600" data-testid="upload-summary">
            {summary.ready} of {summary.total} ready
            {summary.inFlight > 0 ? `, ${summary.inFlight} in progress` : ""}
            {summary.paused > 0 ? `, ${summary.paused} paused` : ""}
            {summary.problems > 0 ? `, ${summary.problems} with problems` : ""}
          </p>
          {overall ? (
            <div className="min-w-40 flex-1" data-testid="upload-overall">
              <ProgressBar value={overall.total > 0 ? overall.loaded / overall.total : 0} label="All uploads" />
              <p className="mt-1 text-xs text-slate-500 tabular-nums">
                {describeTransfer(overall.loaded, overall.total, overall.bytesPerSecond)}
              </p>
            </div>
          ) : null}
          {summary.finished > 0 ? (
            <Button variant="ghost" className="ml-auto min-h-8 px-3 py-1" onClick={() => queue.clearFinished()}>
              Clear finished
            </Button>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

/** This session's uploads not yet in the gallery's hands: a tile each, first in the gallery. */
export function useUploadTiles(): { tiles: ReactNode; standsFor: ReadonlySet<string> } {
  const { queue, state } = useUploadQueue();
  const items = state.items.filter(hasTile);
  const standsFor = new Set(items.flatMap((item) => (item.mediaId ? [item.mediaId] : [])));
  const tiles =
    items.length === 0
      ? null
      : items.map((item) => (
          <UploadTile
            key={item.id}
            item={item}
            onCancel={() => queue.cancel(item.id)}
            onRetry={() => queue.retry(item.id)}
            onDismiss={() => queue.dismiss(item.id)}
            onPause={() => queue.pause(item.id)}
            onResume={() => queue.resume(item.id)}
          />
        ));
  return { tiles, standsFor };
}
