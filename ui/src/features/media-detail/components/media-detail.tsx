import { useState } from "react";
import { useSearchParams } from "react-router";

import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Spinner } from "@/components/spinner";
import { StatusBadge } from "@/components/status-badge";
import { describeError } from "@/lib/errors";
import { errorCodeOf } from "@/lib/graphql-client";
import { isInterrupted } from "@/lib/media-status";
import { useNeighbours } from "@/lib/neighbours";
import { formatBytes, formatDateTime } from "@/utils/format";

import { type MediaDetail as Media, useMediaDetail, usePrefetchMedia } from "../api/media-detail";
import { useDeleteMedia } from "../api/delete-media";
import { useRetryProcessing } from "../api/retry-processing";

import { HistoryTimeline } from "./history-timeline";
import { ItemNavigation } from "./item-navigation";
import { Lightbox } from "./lightbox";
import { MediaPreview } from "./media-preview";
import { MetadataList } from "./metadata-list";
import { NameAndTags } from "./name-and-tags";
import { ReprocessForm } from "./reprocess-form";
import { VariantList } from "./variant-list";

const KIND = { IMAGE: "Photo", VIDEO: "Video", AUDIO: "Audio" } as const;

type MediaDetailProps = { id: string; onDeleted: (filename: string) => void };

/**
 * One item: preview (and a lightbox, `?view=full`), status and error, name and tags, every variant,
 * metadata; retry, reprocess, rename and delete; ←/→ to its neighbours in the gallery.
 */
export function MediaDetail({ id, onDeleted }: MediaDetailProps) {
  const query = useMediaDetail(id);

  if (query.isPending) return <Spinner label="Loading item" />;
  if (query.isError) {
    return (
      <Alert
        title={describeError(errorCodeOf(query.error))}
        action={<Button onClick={() => void query.refetch()}>Try again</Button>}
      />
    );
  }
  if (!query.data) {
    return <Alert tone="warning" title={describeError("NOT_FOUND")} />;
  }
  return <MediaDetailView media={query.data} onDeleted={onDeleted} />;
}

function MediaDetailView({ media, onDeleted }: { media: Media; onDeleted: (filename: string) => void }) {
  const retry = useRetryProcessing(media.id);
  const remove = useDeleteMedia(media.id);
  const [confirming, setConfirming] = useState(false);
  const interrupted = isInterrupted(media);
  const [params, setParams] = useSearchParams();
  const full = params.get("view") === "full";
  const neighbours = useNeighbours(media.id);
  usePrefetchMedia([neighbours?.previous?.id, neighbours?.next?.id]);

  return (
    <article className="space-y-6" aria-labelledby="item-title">
      <header className="space-y-2">
        <div className="flex flex-wrap items-center justify-end gap-2">
          {neighbours && !full ? <ItemNavigation neighbours={neighbours} search="" className="mr-auto" /> : null}
          <Button onClick={() => setParams({ view: "full" })}>View larger</Button>
        </div>
        <h1 id="item-title" className="text-xl font-semibold break-all text-slate-900 sm:text-2xl">
          {media.filename}
        </h1>
        <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-600">
          <StatusBadge status={media.status} interrupted={interrupted} />
          <span>{KIND[media.kind]}</span>
          <span>{formatBytes(media.size)}</span>
          <span>
            Uploaded <time dateTime={media.createdAt}>{formatDateTime(media.createdAt)}</time>
          </span>
        </p>
      </header>

      {media.error ? (
        <Alert
          tone={media.status === "FAILED" ? "danger" : "warning"}
          title={describeError(media.error.code)}
          action={
            media.status === "FAILED" ? (
              <Button variant="primary" onClick={() => retry.mutate()} disabled={retry.isPending}>
                {retry.isPending ? "Retrying…" : "Retry processing"}
              </Button>
            ) : null
          }
        >
          <p>{media.error.message}</p>
          {media.status === "REJECTED" ? (
            <p className="mt-1">
              {media.reprocessable
                ? "It broke a limit, not a rule: if the limits have changed, reprocess it."
                : "Trying again won't help; upload a different file."}
            </p>
          ) : null}
        </Alert>
      ) : null}
      {retry.isError ? <Alert title={describeError(errorCodeOf(retry.error))} /> : null}
      {interrupted ? (
        <Alert tone="warning" title="This upload didn't finish.">
          <p>
            Pick the same file again in the gallery to resume it (a big file carries on where it stopped), or delete it.
            Unfinished uploads are removed after a day.
          </p>
        </Alert>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        {full ? (
          <Lightbox media={media} neighbours={neighbours} onClose={() => setParams({}, { replace: true })} />
        ) : (
          <MediaPreview media={media} />
        )}
        <div className="space-y-6">
          <NameAndTags
            key={`${media.filename}|${media.tags.join(",")}`}
            id={media.id}
            filename={media.filename}
            tags={media.tags}
          />
          <section aria-labelledby="variants-heading" className="rounded-xl border border-slate-200 bg-surface p-4">
            <h2 id="variants-heading" className="mb-2 font-semibold">
              Variants
            </h2>
            <VariantList variants={media.variants} empty={emptyText(media.status, "variants")} />
          </section>
          <section aria-labelledby="history-heading" className="rounded-xl border border-slate-200 bg-surface p-4">
            <h2 id="history-heading" className="mb-2 font-semibold">
              History
            </h2>
            <HistoryTimeline history={media.history} />
          </section>
          <section aria-labelledby="metadata-heading" className="rounded-xl border border-slate-200 bg-surface p-4">
            <h2 id="metadata-heading" className="mb-2 font-semibold">
              Metadata
            </h2>
            <MetadataList metadata={media.metadata} empty={emptyText(media.status, "metadata")} />
          </section>
          <div className="flex flex-wrap items-start gap-2">
            <ReprocessForm id={media.id} preset={media.preset} reprocessable={media.reprocessable} />
            <Button variant="danger" onClick={() => setConfirming(true)}>
              Delete…
            </Button>
          </div>
        </div>
      </div>

      <ConfirmDialog
        open={confirming}
        title={`Delete ${media.filename}?`}
        confirmLabel="Delete"
        busy={remove.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() =>
          remove.mutate(undefined, {
            onSuccess: () => {
              setConfirming(false);
              onDeleted(media.filename);
            },
          })
        }
      >
        <p>The original and all its variants will be removed. This can't be undone.</p>
        {remove.isError ? <p className="mt-2 text-red-700">{describeError(errorCodeOf(remove.error))}</p> : null}
      </ConfirmDialog>
    </article>
  );
}

/** Why a section is empty: "yet" only while the item may still get it (a rejected file never will). */
function emptyText(status: Media["status"], what: "variants" | "metadata"): string {
  if (status === "REJECTED") return `No ${what}: the file was rejected.`;
  if (status === "FAILED") return `No ${what}: processing failed.`;
  if (status === "READY") return `No ${what}.`;
  return `No ${what} yet.`;
}
