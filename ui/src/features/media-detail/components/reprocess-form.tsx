import { useId, useState } from "react";

import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { describeError } from "@/lib/errors";
import { errorCodeOf } from "@/lib/graphql-client";

import { usePresets, useReprocessMedia } from "../api/reprocess-media";

type ReprocessFormProps = { id: string; preset: string; reprocessable: boolean };

/**
 * "Reprocess with preset…": remake the item's outputs with any of the stack's presets. Shown only
 * when the API says the item can be (READY, or rejected for a limit); the old outputs stay on show
 * until the new ones replace them.
 */
export function ReprocessForm({ id, preset, reprocessable }: ReprocessFormProps) {
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState(preset);
  const presets = usePresets(open);
  const reprocess = useReprocessMedia(id);
  const selectId = useId();

  if (!reprocessable) return null;
  if (!open) return <Button onClick={() => setOpen(true)}>Reprocess with preset…</Button>;
  return (
    <form
      className="space-y-2 rounded-xl border border-slate-200 bg-surface p-4"
      aria-label="Reprocess"
      onSubmit={(event) => {
        event.preventDefault();
        reprocess.mutate(chosen, { onSuccess: () => setOpen(false) });
      }}
    >
      <label htmlFor={selectId} className="block text-sm font-medium text-slate-800">
        Preset
      </label>
      <select
        id={selectId}
        value={chosen}
        onChange={(event) => setChosen(event.target.value)}
        className="w-full rounded-lg border border-slate-300 bg-surface px-3 py-2 text-sm"
        disabled={presets.isPending}
      >
        {(presets.data ?? [{ name: preset, description: "" }]).map((p) => (
          <option key={p.name} value={p.name}>
            {p.description ? `${p.name}: ${p.description}` : p.name}
            {p.name === preset ? " (current)" : ""}
          </option>
        ))}
      </select>
      <p className="text-sm text-slate-600">
        New outputs are made from the original; the current ones stay until the new ones are ready.
      </p>
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={reprocess.isPending}>
          {reprocess.isPending ? "Reprocessing…" : "Reprocess"}
        </Button>
        <Button onClick={() => setOpen(false)} disabled={reprocess.isPending}>
          Cancel
        </Button>
      </div>
      {presets.isError ? <Alert title={describeError(errorCodeOf(presets.error))} /> : null}
      {reprocess.isError ? <Alert title={describeError(errorCodeOf(reprocess.error))} /> : null}
    </form>
  );
}
