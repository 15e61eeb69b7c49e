import { type InfiniteData, useInfiniteQuery } from "@tanstack/react-query";

import { graphql } from "@/gql/gql";
import type { MediaListQuery } from "@/gql/graphql";
import { useLiveOpen } from "@/lib/live/live-context";
import { useApi } from "@/lib/api-context";
import { isInterrupted, isTerminal } from "@/lib/media-status";
import { refreshBeforeUrlsExpire } from "@/lib/url-expiry";
import { queryKeys } from "@/lib/query-keys";

import type { ListFilters } from "../lib/list-filters";

export const MediaListDocument = graphql(`
  query MediaList(
    $first: Int!
    $after: String
    $status: MediaStatus
    $kind: MediaKind
    $tag: String
    $search: String
    $sort: MediaSort!
  ) {
    mediaList(first: $first, after: $after, status: $status, kind: $kind, tag: $tag, search: $search, sort: $sort) {
      edges {
        cursor
        node {
          id
          filename
          kind
          size
          tags
          reprocessable
          status
          createdAt
          updatedAt
          blurhash
          dominantColor
          metadata
          error {
            code
            message
          }
          variants {
            name
            role
            animated
            format
            width
            height
            bytes
            url
            urlExpiresAt
            durationSeconds
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export type MediaListPage = MediaListQuery["mediaList"];
export type GalleryItem = MediaListPage["edges"][number]["node"];

export const PAGE_SIZE = 24;
/** While anything on screen is still moving through the pipeline, refresh the list this often. */
export const LIVE_REFRESH_MS = 3000;

/** Still moving through the pipeline, so worth refreshing for. */
export function isLive(item: Pick<GalleryItem, "status" | "createdAt">, now: number = Date.now()): boolean {
  if (isTerminal(item.status)) return false;
  // An interrupted upload stays AWAITING_UPLOAD until resumed: no reason to poll for it.
  if (item.status === "AWAITING_UPLOAD") return !isInterrupted(item, now);
  return true;
}

export function galleryItems(data: InfiniteData<MediaListPage> | undefined): GalleryItem[] {
  return data?.pages.flatMap((page) => page.edges.map((edge) => edge.node)) ?? [];
}

/** The items `filters` keep, in their order, PAGE_SIZE at a time. */
export function useMediaList(filters: ListFilters) {
  const { request } = useApi();
  const live = useLiveOpen(); // pushes bring the changes: no polling while they arrive
  return useInfiniteQuery({
    queryKey: [...queryKeys.mediaList, filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      request(MediaListDocument, { first: PAGE_SIZE, after: pageParam, ...filters }, { signal }).then(
        (data) => data.mediaList,
      ),
    getNextPageParam: (last) => (last.pageInfo.hasNextPage ? last.pageInfo.endCursor : null),
    refetchInterval: (query) => {
      const items = galleryItems(query.state.data);
      if (!live && items.some(isLive)) return LIVE_REFRESH_MS;
      return refreshBeforeUrlsExpire(items.flatMap((item) => item.variants));
    },
  });
}
