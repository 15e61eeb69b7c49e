import type { InfiniteData } from "@tanstack/react-query";

import type { LiveMedia } from "@/lib/live/live-media";

type Edge<T> = { cursor: string; node: T };
type Page<T> = { edges: Edge<T>[] };

/** Newer or the same change: a push arriving twice, or after a fresher answer, changes nothing. */
function isNewer(pushed: LiveMedia, held: { updatedAt?: string } | null | undefined): boolean {
  return !held?.updatedAt || pushed.updatedAt > held.updatedAt;
}

/**
 * A pushed item merged into a cached list: its node replaced where it is listed. An item the list
 * does not hold is left out (`found` says so): the caller refetches, since only the server knows
 * where it belongs under the list's filter and order.
 */
export function mergeIntoPages<T extends { id: string }, P extends Page<T>>(
  data: InfiniteData<P> | undefined,
  pushed: LiveMedia,
): { data: InfiniteData<P> | undefined; found: boolean } {
  if (!data) return { data, found: false };
  let found = false;
  let changed = false;
  const pages = data.pages.map((page) => ({
    ...page,
    edges: page.edges.map((edge) => {
      if (edge.node.id !== pushed.id) return edge;
      found = true;
      if (!isNewer(pushed, edge.node as { updatedAt?: string })) return edge;
      changed = true;
      return { ...edge, node: { ...edge.node, ...pushed } };
    }),
  }));
  return { data: changed ? { ...data, pages } : data, found };
}

/** A pushed item merged into one item's cached detail (which may select more, e.g. its history). */
export function mergeIntoDetail<T extends { updatedAt: string }>(
  held: T | null | undefined,
  pushed: LiveMedia,
): T | null | undefined {
  if (!held || !isNewer(pushed, held)) return held;
  return { ...held, ...pushed };
}
