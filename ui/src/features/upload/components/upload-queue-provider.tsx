import { type ReactNode, useEffect, useState } from "react";

import { useLiveHub } from "@/lib/live/live-context";
import { useApi } from "@/lib/api-context";
import { sleep } from "@/utils/backoff";

import { cancelUpload } from "../api/cancel-upload";
import { createUpload } from "../api/create-upload";
import {
  abortUpload,
  completeMultipartUpload,
  createMultipartUpload,
  uploadedParts,
  uploadPartUrls,
} from "../api/multipart";
import { fetchUploadStatus } from "../api/upload-status";
import { UploadQueueContext } from "../hooks/upload-queue-context";
import { fingerprint } from "../lib/fingerprint";
import { postFile } from "../lib/post-file";
import { putPart } from "../lib/put-part";
import { uploadInParts } from "../lib/upload-in-parts";
import { indexedDbLedger } from "../lib/upload-ledger";
import { UploadQueue } from "../lib/upload-queue";
import { holdsSlot } from "../lib/upload-state";

type UploadQueueProviderProps = {
  children: ReactNode;
  /** Tests inject a queue with fake dependencies. */
  queue?: UploadQueue;
};

/** Owns the one upload queue of the app, wired to this stack's API and storage. */
export function UploadQueueProvider({ children, queue: injected }: UploadQueueProviderProps) {
  const { request, waitForSignIn } = useApi();
  const live = useLiveHub();
  const [queue] = useState(() => {
    if (injected) return injected;
    const fetchStatus = (id: string, signal: AbortSignal) => fetchUploadStatus(request, id, signal);
    const parts = {
      fingerprint,
      ledger: indexedDbLedger(),
      fetchStatus,
      uploadedParts: (id: string, signal: AbortSignal) => uploadedParts(request, id, signal),
      createMultipartUpload: (input: Parameters<typeof createMultipartUpload>[1], signal: AbortSignal) =>
        createMultipartUpload(request, input, signal),
      uploadPartUrls: (id: string, numbers: number[]) => uploadPartUrls(request, id, numbers),
      completeMultipartUpload: (id: string, done: { partNumber: number; etag: string }[]) =>
        completeMultipartUpload(request, id, done),
      putPart,
      sleep,
    };
    return new UploadQueue({
      createUpload: (input, signal) => createUpload(request, input, signal),
      postFile: (target, file, options) =>
        postFile(target, file, { signal: options.signal, onProgress: (loaded) => options.onProgress(loaded) }),
      uploadInParts: (file, contentType, options) => uploadInParts(file, contentType, parts, options),
      fetchStatus,
      nextPush: (id, fallbackMs, after, signal) => live.next(id, fallbackMs, after, signal),
      cancelUpload: (id) => cancelUpload(request, id),
      abortUpload: (id) => abortUpload(request, id),
      waitForSignIn,
      sleep,
      now: () => Date.now(),
    });
  });

  // Closing or reloading the page stops the bytes: ask first while any file is sending them. (An
  // upload in parts would resume when the file is picked again, but a small one starts over.)
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (queue.getSnapshot().items.some(holdsSlot)) event.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [queue]);

  return <UploadQueueContext value={queue}>{children}</UploadQueueContext>;
}
