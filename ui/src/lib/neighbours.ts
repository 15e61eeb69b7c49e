import { type InfiniteData, type QueryClient, useQueryClient } from "@tanstack/react-query";

import { queryKeys } from "./query-keys";

export type Listed = { id: string; filename: string };
type ListPage = { edges: readonly { node: Listed }[] };

/** An item's place in the list it was opened from, and who is either side of it. */
export type Neighbours = { previous: Listed | null; next: Listed | null; position: number; total: number };

export function neighboursIn(items: readonly Listed[], id: string): Neighbours | null {
  const index = items.findIndex((item) => item.id === id);
  if (index === -1) return null;
  return {
    previous: items[index - 1] ?? null,
    next: items[index + 1] ?? null,
    position: index + 1,
    total: items.length,
  };
}

/**
 * The gallery lists this tab holds, the most recently fetched first: the one the person came from
 * (its filters and order) is the freshest that has the item. No request is made for neighbours.
 */
export function cachedLists(client: QueryClient): Listed[][] {
  return client
    .getQueryCache()
    .findAll({ queryKey: queryKeys.mediaList })
    .sort((a, b) => b.state.dataUpdatedAt - a.state.dataUpdatedAt)
    .map((query) => {
      const data = query.state.data as InfiniteData<ListPage> | undefined;
      return data?.pages.flatMap((page) => page.edges.map((edge) => edge.node)) ?? [];
    });
}

/** The item's neighbours in the gallery as last shown, or null when it was opened some other way. */
export function useNeighbours(id: string): Neighbours | null {
  const client = useQueryClient();
  for (const list of cachedLists(client)) {
    const found = neighboursIn(list, id);
    if (found) return found;
  }
  return null;
}

/**
 * ←/→ for the previous and next item, except where those keys already mean something: a text field,
 * a select, a slider (the waveform) or a player's own controls.
 */
export function isItemNavigationKey(event: KeyboardEvent): "previous" | "next" | null {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  const target = event.target instanceof Element ? event.target : null;
  if (target?.closest("input, textarea, select, video, audio, [role='slider'], [contenteditable='true']")) return null;
  if (event.key === "ArrowLeft") return "previous";
  if (event.key === "ArrowRight") return "next";
  return null;
}
