import type { MediaKind, MediaSort, MediaStatus } from "@/gql/graphql";
import { MEDIA_STATUSES } from "@/lib/media-status";

/**
 * What the gallery shows: mediaList's filters and order, kept in the page's address (?status=READY
 * &kind=VIDEO&tag=holiday&q=beach&sort=NAME) so a reload, a shared link or the back button keep them.
 */
export type ListFilters = {
  status: MediaStatus | null;
  kind: MediaKind | null;
  tag: string | null;
  search: string | null;
  sort: MediaSort;
};

export const MEDIA_KINDS: readonly MediaKind[] = ["IMAGE", "VIDEO", "AUDIO"];
export const KIND_LABELS: Record<MediaKind, string> = { IMAGE: "Photos", VIDEO: "Videos", AUDIO: "Audio" };
export const SORTS: readonly { value: MediaSort; label: string }[] = [
  { value: "NEWEST", label: "Newest first" },
  { value: "OLDEST", label: "Oldest first" },
  { value: "NAME", label: "Name A–Z" },
  { value: "NAME_DESC", label: "Name Z–A" },
  { value: "LARGEST", label: "Largest first" },
  { value: "SMALLEST", label: "Smallest first" },
];

export const NO_FILTERS: ListFilters = { status: null, kind: null, tag: null, search: null, sort: "NEWEST" };

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

function text(value: string | null): string | null {
  const trimmed = value?.trim() ?? "";
  return trimmed ? trimmed : null;
}

/** The filters an address asks for; anything unknown is ignored, not an error. */
export function filtersFromParams(params: URLSearchParams): ListFilters {
  return {
    status: oneOf(params.get("status"), MEDIA_STATUSES),
    kind: oneOf(params.get("kind"), MEDIA_KINDS),
    tag: text(params.get("tag")),
    search: text(params.get("q")),
    sort:
      oneOf(
        params.get("sort"),
        SORTS.map((s) => s.value),
      ) ?? "NEWEST",
  };
}

/** The address of `filters`: only what differs from showing everything, newest first. */
export function paramsFromFilters(filters: ListFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.status) params.set("status", filters.status);
  if (filters.kind) params.set("kind", filters.kind);
  if (filters.tag) params.set("tag", filters.tag);
  if (filters.search) params.set("q", filters.search);
  if (filters.sort !== "NEWEST") params.set("sort", filters.sort);
  return params;
}

export function isFiltered(filters: ListFilters): boolean {
  return Boolean(filters.status || filters.kind || filters.tag || filters.search);
}

/** What an empty list says about itself, so nobody thinks their items are lost. */
export function emptyListText(filters: ListFilters): { title: string; detail: string } {
  if (!isFiltered(filters))
    return { title: "No media yet.", detail: "Drop some photos above and they will appear here." };
  return { title: "Nothing matches these filters.", detail: "Clear the filters to see everything." };
}
