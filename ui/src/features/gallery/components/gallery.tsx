import { useState } from "react";

import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { Spinner } from "@/components/spinner";
import type { MediaStatus } from "@/gql/graphql";
import { describeError } from "@/lib/errors";
import { errorCodeOf } from "@/lib/graphql-client";
import { MEDIA_STATUSES, statusLabel } from "@/lib/media-status";

import { galleryItems, useMediaList } from "../api/media-list";

import { MediaCard } from "./media-card";

/** Everything the signed-in person uploaded, newest first, with a status filter and "Load more" paging. */
export function Gallery() {
  const [status, setStatus] = useState<MediaStatus | null>(null);
  const list = useMediaList(status);
  const items = galleryItems(list.data);

  return (
    <section aria-labelledby="gallery-heading" className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="gallery-heading" className="text-lg font-semibold">
          Gallery
        </h2>
        <label className="flex items-center gap-2 text-sm text-slate-700">
          Show
          <select
            value={status ?? ""}
            onChange={(event) => setStatus((event.target.value || null) as MediaStatus | null)}
            className="min-h-10 rounded-lg border border-slate-300 bg-white px-2 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
          >
            <option value="">All items</option>
            {MEDIA_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        </label>
      </div>

      {list.isPending ? <Spinner label="Loading your media" /> : null}
      {list.isError ? (
        <Alert
          title={describeError(errorCodeOf(list.error))}
          action={<Button onClick={() => void list.refetch()}>Try again</Button>}
        />
      ) : null}
      {list.isSuccess && items.length === 0 ? (
        <Alert tone="info" title={status ? `Nothing here with status "${statusLabel(status)}".` : "No media yet."}>
          {status ? "Choose another filter to see the rest." : "Drop some photos above and they will appear here."}
        </Alert>
      ) : null}

      {items.length > 0 ? (
        <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 sm:gap-4 lg:grid-cols-4" aria-label="Media">
          {items.map((item) => (
            <MediaCard key={item.id} item={item} />
          ))}
        </ul>
      ) : null}

      {list.hasNextPage ? (
        <div className="flex justify-center">
          <Button
            onClick={() => void list.fetchNextPage()}
            disabled={list.isFetchingNextPage}
            aria-busy={list.isFetchingNextPage}
          >
            {list.isFetchingNextPage ? "Loading…" : "Load more"}
          </Button>
        </div>
      ) : null}
      {list.isFetchNextPageError ? <Alert title={describeError(errorCodeOf(list.error))} /> : null}
    </section>
  );
}
