import { createContext, useContext, useSyncExternalStore } from "react";

import type { UploadQueue } from "../lib/upload-queue";
import type { UploadState } from "../lib/upload-state";

export const UploadQueueContext = createContext<UploadQueue | null>(null);

/** The app's upload queue and its current state (re-renders on every change). */
export function useUploadQueue(): { queue: UploadQueue; state: UploadState } {
  const queue = useContext(UploadQueueContext);
  if (!queue) throw new Error("useUploadQueue must be used inside <UploadQueueProvider>.");
  const state = useSyncExternalStore(queue.subscribe, queue.getSnapshot);
  return { queue, state };
}
