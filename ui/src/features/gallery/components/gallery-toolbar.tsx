import { useEffect, useId, useRef, useState } from "react";

import { Button } from "@/components/button";
import type { MediaKind, MediaSort, MediaStatus } from "@/gql/graphql";
import { MEDIA_STATUSES, statusLabel } from "@/lib/media-status";

import { isFiltered, KIND_LABELS, type ListFilters, MEDIA_KINDS, NO_FILTERS, SORTS } from "../lib/list-filters";

/** Typing settles this long before the list is asked again. */
export const SEARCH_SETTLE_MS = 300;

const FIELD =
  "min-h-10 rounded-lg border border-slate-300 bg-surface px-2 py-1.5 text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";

type ToolbarProps = { filters: ListFilters; tags: readonly string[]; onChange: (filters: ListFilters) => void };

/** Search, filters and order for the gallery; each control labelled, all usable by keyboard. */
export function GalleryToolbar({ filters, tags, onChange }: ToolbarProps) {
  const [search, setSearch] = useSettledText(filters.search, (value) => onChange({ ...filters, search: value }));
  const [tag, setTag] = useSettledText(filters.tag, (value) => onChange({ ...filters, tag: value }));
  const tagList = useId();

  return (
    <div className="flex flex-wrap items-end gap-3" role="search" aria-label="Find media">
      <label className="flex min-w-48 flex-1 flex-col gap-1 text-sm text-slate-700">
        Search names
        <input
          type="search"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          placeholder="e.g. beach"
          className={FIELD}
        />
      </label>
      <label className="flex flex-col gap-1 text-sm text-slate-700">
        Kind
        <select
          value={filters.kind ?? ""}
          onChange={(event) => onChange({ ...filters, kind: (event.target.value || null) as MediaKind | null })}
          className={FIELD}
        >
          <option value="">All kinds</option>
          {MEDIA_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {KIND_LABELS[kind]}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-sm text-slate-700">
        Status
        <select
          value={filters.status ?? ""}
          onChange={(event) => onChange({ ...filters, status: (event.target.value || null) as MediaStatus | null })}
          className={FIELD}
        >
          <option value="">Any status</option>
          {MEDIA_STATUSES.map((s) => (
            <option key={s} value={s}>
              {statusLabel(s)}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-sm text-slate-700">
        Tag
        <input
          list={tagList}
          value={tag}
          onChange={(event) => setTag(event.target.value)}
          placeholder="any"
          className={`${FIELD} w-32`}
        />
        <datalist id={tagList}>
          {tags.map((tag) => (
            <option key={tag} value={tag} />
          ))}
        </datalist>
      </label>
      <label className="flex flex-col gap-1 text-sm text-slate-700">
        Sort
        <select
          value={filters.sort}
          onChange={(event) => onChange({ ...filters, sort: event.target.value as MediaSort })}
          className={FIELD}
        >
          {SORTS.map((sort) => (
            <option key={sort.value} value={sort.value}>
              {sort.label}
            </option>
          ))}
        </select>
      </label>
      {isFiltered(filters) ? (
        <Button variant="ghost" onClick={() => onChange({ ...NO_FILTERS, sort: filters.sort })}>
          Clear filters
        </Button>
      ) : null}
    </div>
  );
}

/**
 * A text field's value, committed (trimmed, blank as null) once typing settles; it follows the
 * committed value when that changes from elsewhere (the back button, "Clear filters").
 */
function useSettledText(committed: string | null, commit: (value: string | null) => void) {
  const [text, setText] = useState(committed ?? "");
  const [seen, setSeen] = useState(committed);
  if (committed !== seen) {
    // Changed from elsewhere: follow it (React's way to adjust state to a prop, during render).
    setSeen(committed);
    setText(committed ?? "");
  }
  // The latest commit (it closes over the other filters), without restarting the wait on each render.
  const latest = useRef(commit);
  useEffect(() => {
    latest.current = commit;
  });
  useEffect(() => {
    const wanted = text.trim() || null;
    if (wanted === committed) return undefined;
    const timer = setTimeout(() => latest.current(wanted), SEARCH_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [text, committed]);
  return [text, setText] as const;
}
