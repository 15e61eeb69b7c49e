import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";

import { graphql } from "@/gql/gql";
import type { MediaDetailQuery } from "@/gql/graphql";
import { useLiveOpen } from "@/lib/live/live-context";
import { useApi } from "@/lib/api-context";
import type { GraphQLRequest } from "@/lib/graphql-client";
import { isTerminal } from "@/lib/media-status";
import { queryKeys } from "@/lib/query-keys";
import { refreshBeforeUrlsExpire } from "@/lib/url-expiry";
import { backoffDelay } from "@/utils/backoff";

export const MediaDetailDocument = graphql(`
  query MediaDetail($id: ID!) {
    media(id: $id) {
      ...MediaFields
    }
  }
`);

export type MediaDetail = NonNullable<MediaDetailQuery["media"]>;

function fetchMedia(request: GraphQLRequest, id: string, signal?: AbortSignal) {
  return request(MediaDetailDocument, { id }, { signal }).then((data) => data.media ?? null);
}

/** Fetches these items ahead (the neighbours ←/→ go to), so stepping through them never waits. */
export function usePrefetchMedia(ids: readonly (string | null | undefined)[]) {
  const { request } = useApi();
  const client = useQueryClient();
  const wanted = ids.filter((id): id is string => Boolean(id)).join(" ");
  useEffect(() => {
    for (const id of wanted.split(" ").filter(Boolean)) {
      void client.prefetchQuery({
        queryKey: queryKeys.media(id),
        queryFn: ({ signal }) => fetchMedia(request, id, signal),
      });
    }
  }, [client, request, wanted]);
}

/** One item; while it is still moving through the pipeline, followed by live updates (polled with
 * backoff when they are not open), then fetched again before its signed URLs expire. */
export function useMediaDetail(id: string) {
  const { request } = useApi();
  const live = useLiveOpen(); // pushes bring the changes: no polling while they arrive
  return useQuery({
    queryKey: queryKeys.media(id),
    queryFn: ({ signal }) => fetchMedia(request, id, signal),
    refetchInterval: (query) => {
      const media = query.state.data;
      if (!media) return false;
      if (!live && !isTerminal(media.status)) return backoffDelay(query.state.dataUpdateCount);
      return refreshBeforeUrlsExpire(media.variants);
    },
  });
}
