import { useState } from "react";

import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Modal } from "@/components/modal";
import { describeError } from "@/lib/errors";
import { mainDownload } from "@/lib/variants";
import { downloadFilename, formatBytes } from "@/utils/format";

import type { GalleryItem } from "../api/media-list";
import { type BulkResult, useBulkDelete, useBulkReprocess } from "../api/bulk-actions";

type BulkBarProps = {
  selected: readonly GalleryItem[];
  shown: number;
  onSelectAll: () => void;
  onClear: () => void;
};

/** What can be done to the selected items at once: download links, reprocess, delete. */
export function BulkBar({ selected, shown, onSelectAll, onClear }: BulkBarProps) {
  const remove = useBulkDelete();
  const reprocess = useBulkReprocess();
  const [confirming, setConfirming] = useState(false);
  const [links, setLinks] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);
  const reprocessable = selected.filter((item) => item.reprocessable);
  const count = selected.length;
  const ids = selected.map((item) => item.id);

  const report = (verb: string, result: BulkResult) =>
    setOutcome(
      result.failed.length === 0
        ? `${verb} ${result.done.length} item${result.done.length === 1 ? "" : "s"}.`
        : `${verb} ${result.done.length}; ${result.failed.length} could not be: ${describeError(result.failed[0]?.code ?? "UNKNOWN")}`,
    );

  return (
    <div
      className="sticky top-2 z-10 flex flex-wrap items-center gap-2 rounded-xl border border-indigo-200 bg-indigo-50 px-3 py-2 shadow-sm"
      role="region"
      aria-label="Selected items"
      data-testid="bulk-bar"
    >
      <p className="mr-auto text-sm font-medium text-indigo-900" role="status">
        {count} selected
        {remove.progress ? ` · deleting ${remove.progress.done} of ${remove.progress.total}` : ""}
        {reprocess.progress ? ` · reprocessing ${reprocess.progress.done} of ${reprocess.progress.total}` : ""}
        {outcome && !remove.progress && !reprocess.progress ? ` · ${outcome}` : ""}
      </p>
      {count < shown ? (
        <Button variant="ghost" onClick={onSelectAll}>
          Select all {shown}
        </Button>
      ) : null}
      <Button onClick={() => setLinks(true)}>Download links</Button>
      <Button
        onClick={() =>
          reprocess.mutate(
            reprocessable.map((item) => item.id),
            { onSuccess: (result) => report("Reprocessing", result) },
          )
        }
        disabled={reprocessable.length === 0 || reprocess.isPending}
        title={
          reprocessable.length < count
            ? "Only READY items (or ones rejected by a limit) can be reprocessed."
            : undefined
        }
      >
        Reprocess{reprocessable.length < count ? ` ${reprocessable.length}` : ""}
      </Button>
      <Button variant="danger" onClick={() => setConfirming(true)} disabled={remove.isPending}>
        Delete…
      </Button>
      <Button variant="ghost" onClick={onClear}>
        Clear selection
      </Button>

      <ConfirmDialog
        open={confirming}
        title={`Delete ${count} item${count === 1 ? "" : "s"}?`}
        confirmLabel="Delete"
        busy={remove.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() =>
          remove.mutate(ids, {
            onSuccess: (result) => {
              setConfirming(false);
              report("Deleted", result);
              onClear();
            },
          })
        }
      >
        <p>Their originals and all their variants will be removed. This can't be undone.</p>
      </ConfirmDialog>

      <Modal open={links} title="Download links" onClose={() => setLinks(false)}>
        <DownloadList items={selected} />
      </Modal>
    </div>
  );
}

/** A link per item to its main output (links expire with their URLs; reopen for fresh ones). */
function DownloadList({ items }: { items: readonly GalleryItem[] }) {
  return (
    <ul className="mt-3 max-h-96 space-y-1 overflow-y-auto text-sm" aria-label="Download links">
      {items.map((item) => {
        const main = mainDownload(item.kind, item.variants);
        return (
          <li key={item.id} className="flex items-baseline justify-between gap-3">
            {main ? (
              <a
                href={main.url}
                download={downloadFilename(item.filename, main.format.toLowerCase())}
                className="truncate text-indigo-700 underline"
              >
                {item.filename}
              </a>
            ) : (
              <span className="truncate text-slate-500">{item.filename}</span>
            )}
            <span className="shrink-0 text-xs text-slate-500">
              {main ? `${main.format} · ${formatBytes(main.bytes)}` : "nothing to download yet"}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
