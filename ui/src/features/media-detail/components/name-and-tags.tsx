import { useId, useState } from "react";
import { Link } from "react-router";

import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { describeError } from "@/lib/errors";
import { errorCodeOf } from "@/lib/graphql-client";

import { useUpdateMedia } from "../api/update-media";
import { formatTags, parseTags } from "../lib/tags";

type NameAndTagsProps = { id: string; filename: string; tags: readonly string[] };

const FIELD =
  "w-full rounded-lg border border-slate-300 bg-surface px-3 py-2 text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";

/** The item's tags (each a link to the gallery filtered by it), and "Rename or tag…" to change both. */
export function NameAndTags({ id, filename, tags }: NameAndTagsProps) {
  const [editing, setEditing] = useState(false);

  return (
    <section aria-labelledby="tags-heading" className="rounded-xl border border-slate-200 bg-surface p-4">
      <h2 id="tags-heading" className="mb-2 font-semibold">
        Name and tags
      </h2>
      {editing ? (
        <EditForm id={id} filename={filename} tags={tags} onDone={() => setEditing(false)} />
      ) : (
        <div className="space-y-3">
          {tags.length > 0 ? (
            <ul className="flex flex-wrap gap-1.5" aria-label="Tags">
              {tags.map((tag) => (
                <li key={tag}>
                  <Link
                    to={`/?${new URLSearchParams({ tag })}`}
                    className="inline-block rounded-full bg-indigo-50 px-2.5 py-0.5 text-sm text-indigo-800 ring-1 ring-indigo-200 hover:bg-indigo-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
                    aria-label={`Show everything tagged ${tag}`}
                  >
                    {tag}
                  </Link>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-600">No tags.</p>
          )}
          <Button onClick={() => setEditing(true)}>Rename or tag…</Button>
        </div>
      )}
    </section>
  );
}

function EditForm({ id, filename, tags, onDone }: NameAndTagsProps & { onDone: () => void }) {
  const update = useUpdateMedia(id);
  const [name, setName] = useState(filename);
  const [tagText, setTagText] = useState(formatTags(tags));
  const nameId = useId();
  const tagsId = useId();
  const hintId = useId();
  const error = update.error;

  return (
    <form
      className="space-y-3"
      aria-label="Rename or tag"
      onSubmit={(event) => {
        event.preventDefault();
        update.mutate({ filename: name, tags: parseTags(tagText) }, { onSuccess: onDone });
      }}
    >
      <div className="space-y-1">
        <label htmlFor={nameId} className="block text-sm font-medium text-slate-800">
          Name
        </label>
        <input id={nameId} value={name} onChange={(e) => setName(e.target.value)} required className={FIELD} />
      </div>
      <div className="space-y-1">
        <label htmlFor={tagsId} className="block text-sm font-medium text-slate-800">
          Tags
        </label>
        <input
          id={tagsId}
          value={tagText}
          onChange={(e) => setTagText(e.target.value)}
          aria-describedby={hintId}
          placeholder="holiday, beach"
          className={FIELD}
        />
        <p id={hintId} className="text-xs text-slate-600">
          Separate tags with commas; they are kept in lower case. Leave empty to remove them all.
        </p>
      </div>
      {error ? (
        <Alert title={describeError(errorCodeOf(error))}>
          {error instanceof Error && error.message ? <p>{error.message}</p> : null}
        </Alert>
      ) : null}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={update.isPending}>
          {update.isPending ? "Saving…" : "Save"}
        </Button>
        <Button onClick={onDone} disabled={update.isPending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
