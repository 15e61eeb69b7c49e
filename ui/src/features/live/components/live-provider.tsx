import { type InfiniteData, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect, useState } from "react";

import type { TokenSource } from "@/lib/graphql-client";
import { queryKeys } from "@/lib/query-keys";

import type { LiveMedia } from "@/lib/live/live-media";
import { LiveContext, useLiveHub } from "@/lib/live/live-context";
import { mergeIntoDetail, mergeIntoPages } from "../lib/apply-update";
import { connectLive } from "../lib/live-connection";
import { LiveHub } from "@/lib/live/live-hub";

/**
 * Owns the live connection while someone is signed in (`active`) and the stack has a realtimeUrl;
 * the hub outlives it, so the upload queue can hold it across sessions.
 */
export function LiveProvider({
  url,
  auth,
  active,
  children,
}: {
  url: string | null;
  auth: TokenSource;
  active: boolean;
  children: ReactNode;
}) {
  const [hub] = useState(() => new LiveHub());
  useEffect(() => {
    if (!url || !active) return undefined;
    return connectLive(url, () => auth.token(), hub);
  }, [url, auth, active, hub]);
  return <LiveContext value={hub}>{children}</LiveContext>;
}

type ListPage = { edges: { cursor: string; node: { id: string } }[] };

/**
 * Writes each push into this sign-in's query cache: the item's detail and every list that shows it.
 * A new item, which no list holds yet, and a reopened socket (whose gap may have missed changes)
 * make the lists and details ask the API once: the catch-up.
 */
export function LiveCacheSync() {
  const hub = useLiveHub();
  const client = useQueryClient();
  useEffect(() => {
    const offItem = hub.onItem((pushed: LiveMedia) => {
      client.setQueryData(queryKeys.media(pushed.id), (held: LiveMedia | null | undefined) =>
        mergeIntoDetail(held, pushed),
      );
      let listed = false;
      for (const [key, data] of client.getQueriesData<InfiniteData<ListPage>>({ queryKey: queryKeys.mediaList })) {
        const merged = mergeIntoPages(data, pushed);
        listed ||= merged.found;
        if (merged.found) client.setQueryData(key, merged.data);
      }
      if (!listed) void client.invalidateQueries({ queryKey: queryKeys.mediaList });
    });
    const offReopen = hub.onReopen(() => {
      void client.invalidateQueries({ queryKey: queryKeys.mediaList });
      void client.invalidateQueries({ queryKey: ["media"] });
    });
    return () => {
      offItem();
      offReopen();
    };
  }, [hub, client]);
  return null;
}
