import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { useApi } from "@/lib/api-context";
import { errorCodeOf } from "@/lib/graphql-client";
import { afterDelete, afterReprocess, DeleteMediaDocument, ReprocessMediaDocument } from "@/lib/media-mutations";

export type BulkResult = { done: string[]; failed: { id: string; code: string }[] };
export type BulkProgress = { done: number; total: number } | null;

/**
 * One mutation over a selection, an item at a time (so the stack's rate limit and the person's
 * patience both hold, and progress can be shown); a failure is kept and the rest go on.
 */
function useBulk(run: (id: string) => Promise<unknown>, after: (ids: string[]) => Promise<void>) {
  const [progress, setProgress] = useState<BulkProgress>(null);
  const mutation = useMutation({
    mutationFn: async (ids: readonly string[]): Promise<BulkResult> => {
      const result: BulkResult = { done: [], failed: [] };
      setProgress({ done: 0, total: ids.length });
      for (const id of ids) {
        try {
          await run(id);
          result.done.push(id);
        } catch (error) {
          result.failed.push({ id, code: errorCodeOf(error) });
        }
        setProgress({ done: result.done.length + result.failed.length, total: ids.length });
      }
      return result;
    },
    onSettled: async (result) => {
      setProgress(null);
      if (result) await after(result.done);
    },
  });
  return { ...mutation, progress };
}

export function useBulkDelete() {
  const { request } = useApi();
  const client = useQueryClient();
  return useBulk(
    (id) => request(DeleteMediaDocument, { id }),
    (ids) => afterDelete(client, ids),
  );
}

/** Each item again with its own preset (as the detail view's default). */
export function useBulkReprocess() {
  const { request } = useApi();
  const client = useQueryClient();
  return useBulk(
    (id) => request(ReprocessMediaDocument, { id, preset: null }),
    (ids) => afterReprocess(client, ids),
  );
}
