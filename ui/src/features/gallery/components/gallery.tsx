import { type ReactNode, useCallback, useMemo, useState } from "react";
import { useSearchParams } from "react-router";

import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { Spinner } from "@/components/spinner";
import { describeError } from "@/lib/errors";
import { errorCodeOf } from "@/lib/graphql-client";

import { galleryItems, useMediaList } from "../api/media-list";
import { emptyListText, filtersFromParams, type ListFilters, paramsFromFilters } from "../lib/list-filters";

import { BulkBar } from "./bulk-bar";
import { GalleryToolbar } from "./gallery-toolbar";
import { MediaCard } from "./media-card";

type GalleryProps = {
  /** Tiles that come first: this session's uploads still on their way (the upload feature's). */
  leading?: ReactNode;
  /** Items a leading tile stands for, so no file shows twice. */
  hidden?: ReadonlySet<string>;
};

/**
 * Everything the signed-in person has, filtered, searched and sorted as the address says, with
 * "Load more" paging; tiles can be selected for bulk actions.
 */
export function Gallery({ leading, hidden }: GalleryProps) {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromParams(params), [params]);
  const setFilters = useCallback(
    (next: ListFilters) => setParams(paramsFromFilters(next), { replace: true }),
    [setParams],
  );
  const list = useMediaList(filters);
  const items = galleryItems(list.data).filter((item) => !hidden?.has(item.id));
  const [selectedIds, setSelectedIds] = useState<ReadonlySet<string>>(new Set());
  const selected = items.filter((item) => selectedIds.has(item.id));
  const tags = [...new Set(items.flatMap((item) => item.tags))].sort();
  const empty = emptyListText(filters);

  const select = (id: string, on: boolean) =>
    setSelectedIds((held) => {
      const next = new Set(held);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <section aria-labelledby="gallery-heading" className="space-y-4">
      <h2 id="gallery-heading" className="text-lg font-semibold">
        Gallery
      </h2>
      <GalleryToolbar filters={filters} tags={tags} onChange={setFilters} />
      {selected.length > 0 ? (
        <BulkBar
          selected={selected}
          shown={items.length}
          onSelectAll={() => setSelectedIds(new Set(items.map((item) => item.id)))}
          onClear={() => setSelectedIds(new Set())}
        />
      ) : null}

      {list.isPending ? <Spinner label="Loading your media" /> : null}
      {list.isError ? (
        <Alert
          title={describeError(errorCodeOf(list.error))}
          action={<Button onClick={() => void list.refetch()}>Try again</Button>}
        />
      ) : null}
      {list.isSuccess && items.length === 0 && !leading ? (
        <Alert tone="info" title={empty.title}>
          {empty.detail}
        </Alert>
      ) : null}

      {items.length > 0 || leading ? (
        <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 sm:gap-4 lg:grid-cols-4" aria-label="Media">
          {leading}
          {items.map((item) => (
            <MediaCard
              key={item.id}
              item={item}
              selected={selectedIds.has(item.id)}
              onSelect={(on) => select(item.id, on)}
            />
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
